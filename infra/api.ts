import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_RATE_LIMIT_WINDOW_SECONDS } from '../functions/http/limits';
import { ROUTES, type RouteDefinition } from '../functions/routes';
import { AppFunction } from './functions';
import type { Mail } from './mail';
import { permissionsFor } from './permissions';
import { apiRateLimitSetting } from './settings';

export interface ApiProps {
  table: dynamodb.Table;
  mail: Mail;
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
  /** The execute-api host name, for the CloudFront origin. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const routes = props.routes ?? ROUTES;
    const apiRateLimit = props.apiRateLimit ?? apiRateLimitSetting(this.node);

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
      fn.grantAppPermissions(permissionsFor(route.id), props.table, props.mail);
      // The handlers' own rate limit (functions/http/middleware/rate-limit.ts): the WAF rule's.
      fn.addEnvironment('API_RATE_LIMIT', String(apiRateLimit));
      fn.addEnvironment('API_RATE_LIMIT_WINDOW_SECONDS', String(API_RATE_LIMIT_WINDOW_SECONDS));
      this.functions[route.id] = fn;

      this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn, {
          payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
        }),
      });
    }

    const stack = Stack.of(this);
    this.domainName = `${this.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    new CfnOutput(this, 'ExecuteApiEndpoint', {
      description: 'The API straight, bypassing CloudFront (diagnostics only)',
      value: this.httpApi.apiEndpoint,
    });
  }
}
