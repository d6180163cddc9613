import { Aspects, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { DEFAULT_ROUTE, ROUTES, type RouteDefinition } from '../functions/routes';
import { AppFunction, InlineRolePolicies } from './functions';
import type { Mail } from './mail';
import { acknowledge } from './nag';
import { permissionsFor } from './permissions';
import { apiRateLimitSetting } from './settings';

/**
 * Why each public route (`public: true` in `functions/routes.ts`) has no authorizer. A public
 * route not listed here keeps cdk-nag's AwsSolutions-APIG4 finding, so the infra tests fail
 * until it gets an authorizer or a reason here; a route that is not public never gets one.
 */
export const PUBLIC_ROUTE_REASONS: Readonly<Record<string, string>> = {
  Health: 'Liveness check for monitoring: answers {"status":"ok"} and reads or writes no data.',
  IntakeOptions:
    'Public by design: the e-service form needs the providers, districts and insats types before anyone is known; the answer holds only published, non-personal configuration.',
  SubmitOrder:
    "The public e-service is anonymous by design: the home municipality's caseworker has no account with us. Protected by the WAF (per-IP rate limit on /api/, AWS managed rules), the handlers' own per-IP rate limit, the stage throttle, strict schema validation and size/type limits, and idempotency keys; it creates a case and answers with its reference only, never with stored personal data.",
  OpenApi: 'The API description is the published contract for other systems; it holds no data.',
  AuthLogin: 'Starting a login must be open to anyone not logged in: it only redirects to the identity provider (with PKCE and a state bound to the browser) and stores the attempt for 10 minutes.',
  AuthCallback: 'The identity provider sends the browser back here before there is a session: the code is exchanged server-side and only a login this browser started (its state cookie) is finished.',
  OrdererSendCode:
    'The orderer (another municipality’s caseworker) has no account: this sends a one-time code to the address the order came from, never to one the caller names; the answer is the same whether the case exists; limited per case, per address and per IP.',
  OrdererOpen:
    'Opening a case with its one-time code must work before there is a session: codes are kept as salted hashes, expire in 10 minutes, work once, die after 5 wrong guesses, and wrong guesses are limited per case.',
  NotFound: 'The $default route answers every address the API does not have with the API\'s own 404/405 error body; it reads and writes no data.',
};

/**
 * Why the portal's routes have no API Gateway authorizer: the function authenticates every request
 * itself, by the server-side session its HttpOnly cookie names (idle 30 min, 10 h in all), and
 * checks the CSRF token of every state-changing one (functions/http/middleware/portal-session.ts) —
 * the backend-for-frontend holds the tokens, the browser never does, so there is no bearer token
 * for an authorizer to check.
 */
export const SESSION_ROUTE_REASON =
  'Authenticated by the function: every request by the server-side session its HttpOnly cookie names, every state-changing one also by the session’s CSRF token (backend-for-frontend; the browser holds no token an authorizer could check).';

export interface ApiProps {
  table: dynamodb.Table;
  mail: Mail;
  /** The personal-data vault's key (`infra/data.ts`). */
  personalDataKey: kms.IKey;
  logRetention: logs.RetentionDays;
  /** Routes to serve; default the shared route table. */
  routes?: readonly RouteDefinition[];
  /** Requests per client IP per 5 minutes for each route's own limit; default the `apiRateLimit` context (the WAF's). */
  apiRateLimit?: number;
}

/**
 * The HTTP API: one Lambda function per route of `functions/routes.ts` (the same table the local
 * HTTP adapter serves), payload format 2.0. Viewers reach it through CloudFront (`/api/*`, with
 * the WAF); the stage's throttle is the backstop for calls straight to execute-api.
 */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly functions: Record<string, AppFunction> = {};
  /** The handlers' own rate limit per client IP and route (functions/http/middleware/rate-limit.ts): the WAF rule's. */
  readonly apiRateLimit: number;
  /** The execute-api host name, for the CloudFront origin. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    Aspects.of(this).add(new InlineRolePolicies());
    const routes = props.routes ?? ROUTES;
    this.apiRateLimit = props.apiRateLimit ?? apiRateLimitSetting(this.node);

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Vistelse HTTP API (served under /api/ by CloudFront)',
      createDefaultStage: false,
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        // No IP addresses, query strings or bodies: the route key and timings are enough.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    for (const route of routes) {
      const fn = new AppFunction(this, route.id, {
        entry: route.entry,
        description: `Vistelse ${route.method} ${route.path}`,
        logRetention: props.logRetention,
        timeout: Duration.seconds(10),
      });
      fn.grantAppPermissions(permissionsFor(route.id), props);
      this.functions[route.id] = fn;

      const httpRoutes = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn, {
          payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
        }),
      });
      const reason = route.auth ? SESSION_ROUTE_REASON : PUBLIC_ROUTE_REASONS[route.id];
      if ((route.public || route.auth) && reason) {
        for (const httpRoute of httpRoutes) acknowledge(httpRoute, 'AwsSolutions-APIG4', reason);
      }
    }

    // Every request no route takes: the API's own 404/405 error body, as the local adapter answers
    // it (API Gateway would answer its own {"message":"Not Found"}).
    const notFound = new AppFunction(this, DEFAULT_ROUTE.id, {
      entry: DEFAULT_ROUTE.entry,
      description: 'Vistelse $default route: 404/405 in the API\'s error body',
      logRetention: props.logRetention,
      timeout: Duration.seconds(5),
    });
    notFound.grantAppPermissions(permissionsFor(DEFAULT_ROUTE.id), props);
    this.functions[DEFAULT_ROUTE.id] = notFound;
    const defaultRoute = new apigw.HttpRoute(this, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('DefaultIntegration', notFound, { payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0 }),
    });
    acknowledge(defaultRoute, 'AwsSolutions-APIG4', PUBLIC_ROUTE_REASONS[DEFAULT_ROUTE.id]);

    const stack = Stack.of(this);
    this.domainName = `${this.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    new CfnOutput(this, 'ExecuteApiEndpoint', {
      description: 'The API straight, bypassing CloudFront (diagnostics only)',
      value: this.httpApi.apiEndpoint,
    });
  }
}
