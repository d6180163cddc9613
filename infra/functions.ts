import path from 'node:path';
import { Duration, RemovalPolicy, type IAspect } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Charset, LogLevel, NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, type IConstruct } from 'constructs';
import type { VariablesFor } from '../functions/env';
import type { Mail } from './mail';
import { acknowledge, wildcardAction, wildcardResource } from './nag';
import type { FunctionPermissions } from './permissions';
import { ESM_REQUIRE_BANNER, FUNCTION_BUNDLING, FUNCTION_NODE_OPTIONS } from './function-bundling';
import { PROJECT_ROOT } from './settings';

/**
 * Every function's runtime: the newest Node.js Lambda runtime aws-cdk-lib knows (cdk-nag's
 * AwsSolutions-L1 fails the infra tests when a newer one appears; Node.js 22 reaches its end of
 * life in April 2027). The same code runs on the machine's Node 20 in the local stack and the
 * tests, so it may only use what both versions have.
 */
export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;

export { ESM_REQUIRE_BANNER } from './function-bundling';

/** The environment every function gets, keyed exactly as `functions/env.ts` reads it. */
export type FunctionEnvironment = Record<VariablesFor<'every function'>, string>;

/** The environment the API's functions get besides (their rate limit, CloudFront's secret). */
export type ApiFunctionEnvironment = Record<VariablesFor<'API functions'>, string>;

export interface AppFunctionProps {
  /** Handler module relative to the project root; it exports `handler`. */
  entry: string;
  logRetention: logs.RetentionDays;
  description?: string;
  memorySize?: number;
  timeout?: Duration;
}

/**
 * A Node.js Lambda function bundled by the local esbuild (never Docker): arm64, ESM with the
 * `createRequire` banner, minified with source maps, `@aws-sdk/*` taken from the runtime, and
 * its own log group with a retention. Its role may write to that log group only (instead of the
 * AWS managed AWSLambdaBasicExecutionRole, which allows every log group in the account); other
 * grants are added per function (`grantAppPermissions`, event sources). The shared environment
 * is set afterwards with `setAppEnvironment` (its PUBLIC_BASE_URL comes from the distribution,
 * created later).
 */
export class AppFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Vistelse ${props.entry}`,
    });
    logGroup.grantWrite(role);
    acknowledge(
      role,
      wildcardResource(role, '*'),
      'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords, which CDK grants for active tracing) has no resource-level permissions: AWS requires "*". It writes trace segments only.',
    );
    super(scope, id, {
      role,
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      description: props.description ?? `Vistelse ${props.entry}`,
      runtime: LAMBDA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      // X-Ray on every function (Powertools' tracer adds each AWS SDK client's calls): no response or
      // error text in a trace, it can hold personal data — the error flag only.
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
        POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: [...FUNCTION_BUNDLING.mainFields],
        banner: ESM_REQUIRE_BANNER,
        minify: FUNCTION_BUNDLING.minify,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: FUNCTION_BUNDLING.sourcesContent,
        charset: FUNCTION_BUNDLING.charset === 'utf8' ? Charset.UTF8 : Charset.ASCII,
        target: FUNCTION_BUNDLING.target,
        externalModules: [...FUNCTION_BUNDLING.external],
        forceDockerBundling: false,
        logLevel: LogLevel.WARNING,
      },
    });
  }

  /** Grants what `infra/permissions.ts` says this function may do with the table, SES and the personal-data key. */
  grantAppPermissions(permissions: FunctionPermissions, { table, mail, personalDataKey }: { table: dynamodb.ITable; mail: Mail; personalDataKey: kms.IKey }): void {
    if (permissions.table === 'readWrite') table.grantReadWriteData(this);
    else if (permissions.table === 'read') table.grantReadData(this);
    if (permissions.sendsMail) mail.grantSend(this);
    // The KMS keyring asks KMS for a data key to seal with, and for its plaintext to open.
    if (permissions.personalData === 'seal' || permissions.personalData === 'sealAndOpen') personalDataKey.grant(this, 'kms:GenerateDataKey');
    if (permissions.personalData === 'open' || permissions.personalData === 'sealAndOpen') personalDataKey.grantDecrypt(this);

    if (permissions.table !== 'none' && this.role) {
      acknowledge(
        this.role,
        wildcardResource(this, `${table.tableArn}/index/*`),
        "The table grant covers the global secondary indexes of this one table (`<table>/index/*`, e.g. gsi1 of due notifications); nothing outside the table.",
      );
      if (permissions.table === 'readWrite' && table.encryptionKey) {
        for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
          acknowledge(
            this.role,
            wildcardAction(action),
            `DynamoDB encrypts writes with the table's customer-managed key on the function's behalf; CDK's table grant allows ${action} (the variants of that one operation) on that key only.`,
          );
        }
      }
    }
  }

  /** Sets an environment of `functions/env.ts`' list; typed so that no key can be left out. */
  setAppEnvironment(environment: FunctionEnvironment | ApiFunctionEnvironment): void {
    for (const [key, value] of Object.entries(environment)) this.addEnvironment(key, value);
  }
}

/**
 * Writes each function role's grants into the role itself (`AWS::IAM::Role`'s `Policies`) instead
 * of a separate `AWS::IAM::Policy`: the same statements, one resource fewer per function — a
 * CloudFormation stack holds at most 500 resources, and every HTTP route is a function of its own.
 * Applied (as an aspect, once every grant is made) to the API's functions, whose roles nothing
 * else depends on by their policy.
 */
export class InlineRolePolicies implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof AppFunction) || !(node.role instanceof iam.Role)) return;
    const role = node.role;
    const policy = role.node.tryFindChild('DefaultPolicy');
    if (!(policy instanceof iam.Policy)) return;
    const cfnPolicy = policy.node.defaultChild as iam.CfnPolicy;
    const cfnRole = role.node.defaultChild as iam.CfnRole;
    cfnRole.policies = [{ policyName: 'Grants', policyDocument: cfnPolicy.policyDocument }];
    role.node.tryRemoveChild('DefaultPolicy');
  }
}
