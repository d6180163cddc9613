import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, OUTBOX_SK_PREFIX } from '../../functions/adapters/dynamodb/keys';
import { tableDefinition, TTL_ATTRIBUTE } from '../../functions/adapters/dynamodb/table-definition';
import { DEFAULT_ROUTE, FUNCTION_ENV_KEYS, QUEUE_FUNCTIONS, ROUTES, SCHEDULED_FUNCTIONS, STREAM_FUNCTIONS } from '../../functions/routes';
import { matchesOutboxFilter, OUTBOX_STREAM_FILTER_PATTERN } from '../../functions/stream/outbox-filter';
import { buildApp, EDGE_STACK_NAME, MAIN_STACK_NAME, type VistelseApp } from '../../infra/build';
import { ESM_REQUIRE_BANNER } from '../../infra/functions';
import { permissionsFor } from '../../infra/permissions';
import { PLACEHOLDER_ACCOUNT } from '../../infra/settings';
import { fakeWebDist, matchesEventPattern, onlyResource, resourcesOf } from './support';

/**
 * The whole app, synthesized once (it bundles every function with esbuild) against a stand-in
 * web build. Assertions read the two templates and the bundled assets.
 */
let built: VistelseApp;
let main: Template;
let edge: Template;
let assemblyDir: string;
const webDist = fakeWebDist();

beforeAll(() => {
  delete process.env.CDK_DEFAULT_ACCOUNT;
  built = buildApp({ context: { webDist } });
  main = Template.fromStack(built.main);
  edge = Template.fromStack(built.edge);
  assemblyDir = built.app.synth().directory;
});
afterAll(() => {
  rmSync(webDist, { recursive: true, force: true });
  rmSync(assemblyDir, { recursive: true, force: true });
});

const ref = (logicalId: string) => ({ Ref: logicalId });
const getAtt = (logicalId: string, attr: string) => ({ 'Fn::GetAtt': [logicalId, attr] });

/** Our functions (the bucket deployment brings its own): the ones with the shared environment. */
function appFunctions() {
  return Object.entries(resourcesOf(main, 'AWS::Lambda::Function')).filter(([, r]) => r.Properties.Environment?.Variables?.TABLE_NAME);
}

function functionIdFor(constructPath: string): string {
  const [id] = appFunctions().find(([id]) => id.startsWith(constructPath)) ?? [];
  if (!id) throw new Error(`No function for ${constructPath}`);
  return id;
}

/** Every function of the route tables, with the logical-id prefix of its construct. */
const ALL_FUNCTIONS = [
  ...ROUTES.map((r) => ({ id: r.id, prefix: `Api${r.id}` })),
  { id: DEFAULT_ROUTE.id, prefix: `Api${DEFAULT_ROUTE.id}` },
  ...STREAM_FUNCTIONS.map((f) => ({ id: f.id, prefix: `Outbox${f.id}` })),
  ...SCHEDULED_FUNCTIONS.map((f) => ({ id: f.id, prefix: `Schedules${f.id}` })),
  ...QUEUE_FUNCTIONS.map((f) => ({ id: f.id, prefix: `MailEvents${f.id}` })),
];

function streamMapping() {
  const [tableId] = onlyResource(main, 'AWS::DynamoDB::Table');
  const mappings = Object.values(resourcesOf(main, 'AWS::Lambda::EventSourceMapping')).filter(
    (m) => JSON.stringify(m.Properties.EventSourceArn) === JSON.stringify(getAtt(tableId, 'StreamArn')),
  );
  expect(mappings).toHaveLength(1);
  return mappings[0];
}

function policyStatementsOf(functionId: string): any[] {
  const roleId = resourcesOf(main, 'AWS::Lambda::Function')[functionId].Properties.Role['Fn::GetAtt'][0];
  // A role's grants: in policies attached to it, or (the API's functions) written into the role itself.
  const inline = (resourcesOf(main, 'AWS::IAM::Role')[roleId].Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
  return Object.values(resourcesOf(main, 'AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement)
    .concat(inline);
}

const actionsOf = (statements: any[]) => statements.flatMap((s) => [s.Action].flat());

/** A string CloudFormation joins from parts, with each pseudo parameter written `{AWS::…}`. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, any>;
  if (v['Fn::Join']) return v['Fn::Join'][1].map(flatten).join(v['Fn::Join'][0]);
  if (v.Ref) return `{${v.Ref}}`;
  return JSON.stringify(value);
}

describe('stacks and regions', () => {
  it('keeps each stack within CloudFormation’s 500 resources (a deploy past it fails)', () => {
    const count = (t: Template) => Object.keys(t.toJSON().Resources as object).length;
    expect(count(main)).toBeLessThanOrEqual(500);
    expect(count(edge)).toBeLessThanOrEqual(500);
  });

  it('puts the main stack in eu-north-1 and the WAF stack in us-east-1, same account', () => {
    expect(built.main.region).toBe('eu-north-1');
    expect(built.edge.region).toBe('us-east-1');
    expect(built.main.account).toBe(PLACEHOLDER_ACCOUNT);
    expect(built.edge.account).toBe(built.main.account);
    expect(built.main.stackName).toBe(MAIN_STACK_NAME);
    expect(built.main.dependencies).toContain(built.edge);
  });
});

describe('table', () => {
  it('is on-demand, encrypted with a rotating customer-managed key, recoverable, protected and retained', () => {
    const [, table] = onlyResource(main, 'AWS::DynamoDB::Table');
    const keyId = table.Properties.SSESpecification.KMSMasterKeyId['Fn::GetAtt'][0];
    const key = resourcesOf(main, 'AWS::KMS::Key')[keyId];
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    // Every key in the stack rotates (the table's and the SES events topic's).
    for (const k of Object.values(resourcesOf(main, 'AWS::KMS::Key'))) expect(k.Properties.EnableKeyRotation).toBe(true);

    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: getAtt(keyId, 'Arn') },
      DeletionProtectionEnabled: true,
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });

  it('has the keys, billing and stream the local stack creates (functions/adapters/dynamodb/table-definition.ts)', () => {
    const [, table] = onlyResource(main, 'AWS::DynamoDB::Table');
    const local = tableDefinition('any');
    const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) => String(a.AttributeName).localeCompare(String(b.AttributeName));
    expect(table.Properties.KeySchema).toEqual(local.KeySchema);
    expect([...table.Properties.AttributeDefinitions].sort(byName)).toEqual([...(local.AttributeDefinitions ?? [])].sort(byName));
    expect(table.Properties.GlobalSecondaryIndexes ?? []).toEqual(
      (local.GlobalSecondaryIndexes ?? []).map((i) => ({ IndexName: i.IndexName, KeySchema: i.KeySchema, Projection: i.Projection })),
    );
    expect(table.Properties.BillingMode).toBe(local.BillingMode);
    expect(table.Properties.StreamSpecification.StreamViewType).toBe(local.StreamSpecification?.StreamViewType);
    expect(table.Properties.TimeToLiveSpecification.AttributeName).toBe(TTL_ATTRIBUTE);
  });
});

describe('HTTP API', () => {
  it('has exactly the routes of functions/routes.ts, each with its own function, payload format 2.0', () => {
    const [apiId, api] = onlyResource(main, 'AWS::ApiGatewayV2::Api');
    expect(api.Properties.ProtocolType).toBe('HTTP');

    const routes = Object.values(resourcesOf(main, 'AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual([...ROUTES.map((r) => `${r.method} ${r.path}`), '$default'].sort());

    const integrations = resourcesOf(main, 'AWS::ApiGatewayV2::Integration');
    for (const route of ROUTES) {
      const routeResource = routes.find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`)!;
      expect(routeResource.Properties.ApiId).toEqual(ref(apiId));
      const integrationId = routeResource.Properties.Target['Fn::Join'][1][1].Ref;
      const integration = integrations[integrationId].Properties;
      expect(integration).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
      expect(integration.IntegrationUri).toEqual(getAtt(functionIdFor(`Api${route.id}`), 'Arn'));
    }
    expect(Object.keys(integrations)).toHaveLength(ROUTES.length + 1);
  });

  it('sends every request no route takes to the $default route, whose function answers the API’s own 404/405 error body', () => {
    const routes = Object.values(resourcesOf(main, 'AWS::ApiGatewayV2::Route'));
    const fallback = routes.find((r) => r.Properties.RouteKey === '$default')!;
    expect(fallback).toBeDefined();
    const integrationId = fallback.Properties.Target['Fn::Join'][1][1].Ref;
    const integration = resourcesOf(main, 'AWS::ApiGatewayV2::Integration')[integrationId].Properties;
    expect(integration).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    expect(integration.IntegrationUri).toEqual(getAtt(functionIdFor(`Api${DEFAULT_ROUTE.id}`), 'Arn'));
    // Its code is the handler the local adapter gives the same requests.
    expect(DEFAULT_ROUTE.entry).toBe('functions/http/not-found.ts');
  });

  it('serves the $default stage with a throttle and access logs', () => {
    main.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });
});

describe('functions', () => {
  it('are one per entry of the route tables (HTTP, stream, schedule, queue), on Node.js 22+ and arm64', () => {
    const fns = appFunctions();
    expect(fns).toHaveLength(ALL_FUNCTIONS.length);
    for (const { prefix } of ALL_FUNCTIONS) expect(functionIdFor(prefix)).toBeTruthy();
    const longRunning = [functionIdFor('SchedulesChaseTimeReports'), functionIdFor('SchedulesPurge')];
    for (const [id, fn] of fns) {
      const major = Number(/^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime)?.[1]);
      expect(major).toBeGreaterThanOrEqual(22);
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Handler).toBe('index.handler');
      expect(fn.Properties.MemorySize).toBeGreaterThanOrEqual(256);
      expect(fn.Properties.Timeout).toBeGreaterThanOrEqual(5);
      // Every function answers within a minute, but the time reports' daily chaser and the nightly gallring, which may work through thousands.
      expect(fn.Properties.Timeout).toBeLessThanOrEqual(longRunning.includes(id) ? 900 : 60);
    }
  });

  it('get the shared environment: TABLE_NAME, MAIL_FROM, PUBLIC_BASE_URL, SES_CONFIGURATION_SET', () => {
    const [tableId] = onlyResource(main, 'AWS::DynamoDB::Table');
    const [configSetId] = onlyResource(main, 'AWS::SES::ConfigurationSet');
    const [distributionId] = onlyResource(main, 'AWS::CloudFront::Distribution');
    for (const [, fn] of appFunctions()) {
      const env = fn.Properties.Environment.Variables;
      for (const key of FUNCTION_ENV_KEYS) expect(env, key).toHaveProperty(key);
      expect(env.TABLE_NAME).toEqual(ref(tableId));
      expect(env.MAIL_FROM).toBe('no-reply@sundbyberg.example');
      expect(env.SES_CONFIGURATION_SET).toEqual(ref(configSetId));
      expect(env.PUBLIC_BASE_URL).toEqual({ 'Fn::Join': ['', ['https://', getAtt(distributionId, 'DomainName')]] });
    }
  });

  it('log to their own log group with a retention', () => {
    const logGroups = resourcesOf(main, 'AWS::Logs::LogGroup');
    for (const [, fn] of appFunctions()) {
      const groupId = fn.Properties.LoggingConfig.LogGroup.Ref;
      expect(logGroups[groupId].Properties.RetentionInDays).toBe(90);
    }
  });

  it('use no AWS managed policy: every function, ours and the deployment one, may write to its own log group only', () => {
    const functions = Object.entries(resourcesOf(main, 'AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThan(appFunctions().length); // the bucket deployment's, too
    for (const [id, fn] of functions) {
      const roleId = fn.Properties.Role['Fn::GetAtt'][0];
      expect(resourcesOf(main, 'AWS::IAM::Role')[roleId].Properties.ManagedPolicyArns, id).toBeUndefined();
      const logStatements = policyStatementsOf(id).filter((s) => actionsOf([s]).some((a) => a.startsWith('logs:')));
      expect(logStatements, id).toHaveLength(1);
      expect(logStatements[0].Resource, id).toEqual(getAtt(fn.Properties.LoggingConfig.LogGroup.Ref, 'Arn'));
      expect([logStatements[0].Action].flat().sort(), id).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    }
  });

  it('are bundled as minified ESM with the createRequire banner, source maps and the AWS SDK left out', () => {
    for (const [id, fn] of appFunctions()) {
      const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
      const dir = path.join(assemblyDir, `asset.${hash}`);
      expect(readdirSync(dir).sort(), id).toEqual(['index.mjs', 'index.mjs.map']);
      const code = readFileSync(path.join(dir, 'index.mjs'), 'utf8');
      expect(code.startsWith(ESM_REQUIRE_BANNER), id).toBe(true);
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      // Minified: long lines (template literals may keep a few line breaks).
      expect(code.length / code.split('\n').length, `${id} is minified`).toBeGreaterThan(200);
      // The SDK clients stay imports, resolved from the runtime.
      expect(code).not.toMatch(/var DynamoDBClient\b|class DynamoDBClient\b/);
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    }
  });

  it('load the SES client only where they may send mail (an external import is never tree-shaken: it costs every cold start)', () => {
    for (const { id, prefix } of ALL_FUNCTIONS) {
      const fn = resourcesOf(main, 'AWS::Lambda::Function')[functionIdFor(prefix)];
      const code = readFileSync(path.join(assemblyDir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`, 'index.mjs'), 'utf8');
      expect(/from\s*"@aws-sdk\/client-sesv2"/.test(code), id).toBe(permissionsFor(id).sendsMail);
    }
  });

  it('use the personal-data key only as far as they seal or open personal data', () => {
    const [keyId, key] = Object.entries(resourcesOf(main, 'AWS::KMS::Key')).find(([id]) => id.startsWith('DataPersonalDataKey'))!;
    expect(key.Properties).toMatchObject({ EnableKeyRotation: true });
    for (const { id, prefix } of ALL_FUNCTIONS) {
      const onKey = policyStatementsOf(functionIdFor(prefix)).filter((s) => [s.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(getAtt(keyId, 'Arn'))));
      const actions = actionsOf(onKey);
      const personalData = permissionsFor(id).personalData;
      expect(actions.includes('kms:GenerateDataKey'), id).toBe(personalData === 'seal' || personalData === 'sealAndOpen');
      expect(actions.includes('kms:Decrypt'), id).toBe(personalData === 'open' || personalData === 'sealAndOpen');
    }
    expect(permissionsFor('SubmitOrder').personalData).toBe('seal');
    for (const [, fn] of appFunctions()) expect(fn.Properties.Environment.Variables.PERSONAL_DATA_KMS_KEY_ARN).toEqual(getAtt(keyId, 'Arn'));
  });

  it('have least privilege: table access only where needed, SES only for the senders, on the identity and configuration set', () => {
    const [tableId] = onlyResource(main, 'AWS::DynamoDB::Table');
    const [identityId] = onlyResource(main, 'AWS::SES::EmailIdentity');
    const [configSetId] = onlyResource(main, 'AWS::SES::ConfigurationSet');
    const tableKeyId = Object.keys(resourcesOf(main, 'AWS::KMS::Key')).find((id) => id.startsWith('DataTableKey'))!;

    for (const { id, prefix } of ALL_FUNCTIONS) {
      const permissions = permissionsFor(id);
      const statements = policyStatementsOf(functionIdFor(prefix));
      const tableStatements = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:') && a !== 'dynamodb:ListStreams'));
      const keyStatements = statements.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(getAtt(tableKeyId, 'Arn')));
      if (permissions.table === 'none') {
        expect(tableStatements, id).toEqual([]);
        expect(keyStatements, id).toEqual([]);
      } else {
        const data = tableStatements.find((s) => actionsOf([s]).includes('dynamodb:GetItem'));
        expect([data.Resource].flat(), id).toContainEqual(getAtt(tableId, 'Arn'));
        expect(actionsOf(keyStatements), id).toContain('kms:Decrypt');
        expect(actionsOf(tableStatements).includes('dynamodb:PutItem'), id).toBe(permissions.table === 'readWrite');
      }

      const ses = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('ses:')));
      if (!permissions.sendsMail) {
        expect(ses, id).toEqual([]);
        continue;
      }
      expect(ses, id).toHaveLength(1);
      expect(ses[0].Action).toBe('ses:SendEmail');
      const sesResources = [ses[0].Resource].flat();
      expect(sesResources).toHaveLength(2);
      expect(sesResources).toContainEqual({ 'Fn::Join': ['', [expect.stringMatching(/^arn:aws:ses:eu-north-1:\d{12}:identity\/$/), ref(identityId)]] });
      expect(sesResources).toContainEqual({
        'Fn::Join': ['', [expect.stringMatching(/^arn:aws:ses:eu-north-1:\d{12}:configuration-set\/$/), ref(configSetId)]],
      });
    }
    expect(permissionsFor('SubmitOrder').table).toBe('readWrite');
    expect(permissionsFor('DispatchOutbox').sendsMail).toBe(true);
    expect(ALL_FUNCTIONS.filter((f) => permissionsFor(f.id).sendsMail).map((f) => f.id)).not.toContain('SubmitOrder');
  });
});

describe('outbox dispatcher', () => {
  it('is fed by the table stream: TRIM_HORIZON, batches of 10, bisect, retries, partial failures, dead letters', () => {
    const [tableId] = onlyResource(main, 'AWS::DynamoDB::Table');
    const mapping = streamMapping();
    const queueId = mapping.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
    const queue = resourcesOf(main, 'AWS::SQS::Queue')[queueId];
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: getAtt(tableId, 'StreamArn'),
      FunctionName: ref(functionIdFor('OutboxDispatchOutbox')),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: expect.any(Number),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: getAtt(queueId, 'Arn') } },
    });
    expect(mapping.Properties.MaximumRetryAttempts).toBeGreaterThan(0);
    expect(queue.Properties.SqsManagedSseEnabled ?? queue.Properties.KmsMasterKeyId).toBeTruthy();
    main.hasResourceProperties('AWS::CloudWatch::Alarm', { Dimensions: [{ Name: 'QueueName', Value: getAtt(queueId, 'QueueName') }] });
  });

  it('only receives outbox items, with the same filter the local stack applies (functions/stream/outbox-filter.ts)', () => {
    const filters = streamMapping().Properties.FilterCriteria.Filters;
    expect(filters).toHaveLength(1);
    const pattern = JSON.parse(filters[0].Pattern);
    expect(pattern).toEqual(OUTBOX_STREAM_FILTER_PATTERN);

    const record = (eventName: string, image: Record<string, string>) => ({
      eventName,
      dynamodb: { Keys: { pk: { S: image.pk }, sk: { S: image.sk } }, NewImage: Object.fromEntries(Object.entries(image).map(([k, v]) => [k, { S: v }])) },
    });
    const outbox = { ...keys.outbox('01J', '01K'), status: 'queued', caseId: '01J', outboxId: '01K' };
    const samples = [
      record('INSERT', outbox),
      record('MODIFY', outbox),
      record('REMOVE', outbox),
      record('INSERT', { ...outbox, status: 'sent' }),
      record('INSERT', { ...keys.case('01J'), status: 'queued' }),
      record('INSERT', keys.caseEvent('01J', '01K')),
    ];
    for (const sample of samples) {
      // What Lambda's filter lets through is what the local stack's predicate accepts.
      expect(matchesEventPattern(pattern, sample), JSON.stringify(sample)).toBe(matchesOutboxFilter(sample as any));
    }
    expect(matchesEventPattern(pattern, samples[0])).toBe(true);
    expect(samples.filter((r) => matchesEventPattern(pattern, r)).every((r) => r.dynamodb.NewImage.sk.S.startsWith(OUTBOX_SK_PREFIX))).toBe(true);
    expect(matchesEventPattern(pattern, samples[2])).toBe(false);
  });
});

describe('staff login (Cognito)', () => {
  it('is a user pool with MFA required, no self sign-up, threat protection, kept on delete', () => {
    const [, pool] = onlyResource(main, 'AWS::Cognito::UserPool');
    expect(pool.Properties).toMatchObject({ MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'], AdminCreateUserConfig: { AllowAdminCreateUserOnly: true }, UserPoolTier: 'PLUS', DeletionProtection: 'ACTIVE' });
    expect(pool.Properties.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
    expect(pool.DeletionPolicy).toBe('Retain');
  });

  it('has one group per role, named as the ID token must name it', () => {
    const groups = Object.values(resourcesOf(main, 'AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName).sort();
    expect(groups).toEqual(['caseworker', 'economy', 'fees', 'provider', 'system_admin', 'unit_head']);
  });

  it('has the portal as a public client: authorization code only, no secret, back to the callback and the logged-out page', () => {
    const [, client] = onlyResource(main, 'AWS::Cognito::UserPoolClient');
    expect(client.Properties).toMatchObject({ GenerateSecret: false, AllowedOAuthFlows: ['code'], AllowedOAuthFlowsUserPoolClient: true, SupportedIdentityProviders: ['COGNITO'], PreventUserExistenceErrors: 'ENABLED' });
    expect(client.Properties.AllowedOAuthScopes.sort()).toEqual(['email', 'openid', 'profile']);
    expect(JSON.stringify(client.Properties.CallbackURLs)).toContain('/api/auth/callback');
    expect(JSON.stringify(client.Properties.LogoutURLs)).toContain('/portal/utloggad');
  });

  it('is what the API functions log in and out with: its issuer, the client and the domain’s logout endpoint', () => {
    const [poolId] = onlyResource(main, 'AWS::Cognito::UserPool');
    const [clientId] = onlyResource(main, 'AWS::Cognito::UserPoolClient');
    const [domainId] = onlyResource(main, 'AWS::Cognito::UserPoolDomain');
    for (const route of ROUTES) {
      const env = resourcesOf(main, 'AWS::Lambda::Function')[functionIdFor(`Api${route.id}`)].Properties.Environment.Variables;
      expect(JSON.stringify(env.OIDC_ISSUER), route.id).toContain(JSON.stringify(ref(poolId)));
      expect(env.OIDC_CLIENT_ID, route.id).toEqual(ref(clientId));
      expect(JSON.stringify(env.OIDC_LOGOUT_ENDPOINT), route.id).toContain(JSON.stringify(ref(domainId)));
      expect(JSON.stringify(env.OIDC_LOGOUT_ENDPOINT), route.id).toContain('/logout');
    }
  });
});

describe('schedules', () => {
  it('run each scheduled function on its EventBridge schedule in Europe/Stockholm time', () => {
    const schedules = Object.values(resourcesOf(main, 'AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(SCHEDULED_FUNCTIONS.length);
    for (const job of SCHEDULED_FUNCTIONS) {
      const schedule = schedules.find((s) => JSON.stringify(s.Properties.Target.Arn) === JSON.stringify(getAtt(functionIdFor(`Schedules${job.id}`), 'Arn')));
      expect(schedule, job.id).toBeDefined();
      expect(schedule!.Properties.ScheduleExpressionTimezone).toBe('Europe/Stockholm');
      expect(schedule!.Properties.State).toBe('ENABLED');
      if ('everyMinutes' in job) expect(schedule!.Properties.ScheduleExpression).toBe(`rate(${job.everyMinutes} minute${job.everyMinutes === 1 ? '' : 's'})`);
      // The job runs as of the schedule's own time.
      expect(JSON.parse(schedule!.Properties.Target.Input)).toEqual({ job: job.job, scheduledTime: '<aws.scheduler.scheduled-time>' });
    }
    expect(SCHEDULED_FUNCTIONS.find((f) => f.job === 'chase-confirmations')).toMatchObject({ everyMinutes: 15 });
  });

  it('chase time reports daily at 07:00 on weekdays (the job skips holidays itself), with up to 15 minutes to run', () => {
    const fnId = functionIdFor('SchedulesChaseTimeReports');
    const schedule = Object.values(resourcesOf(main, 'AWS::Scheduler::Schedule')).find((s) => JSON.stringify(s.Properties.Target.Arn) === JSON.stringify(getAtt(fnId, 'Arn')))!;
    expect(schedule.Properties.ScheduleExpression).toBe('cron(0 7 ? * MON-FRI *)');
    expect(schedule.Properties.ScheduleExpressionTimezone).toBe('Europe/Stockholm');
    expect(resourcesOf(main, 'AWS::Lambda::Function')[fnId].Properties.Timeout).toBe(900);
  });

  it('invoke each function with a role of its own, assumable by EventBridge Scheduler for our account only', () => {
    for (const job of SCHEDULED_FUNCTIONS) {
      const fnId = functionIdFor(`Schedules${job.id}`);
      const schedule = Object.values(resourcesOf(main, 'AWS::Scheduler::Schedule')).find(
        (s) => JSON.stringify(s.Properties.Target.Arn) === JSON.stringify(getAtt(fnId, 'Arn')),
      )!;
      const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0];
      const [trust] = resourcesOf(main, 'AWS::IAM::Role')[roleId].Properties.AssumeRolePolicyDocument.Statement;
      expect(trust).toMatchObject({
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': PLACEHOLDER_ACCOUNT } },
      });
      const statements = Object.values(resourcesOf(main, 'AWS::IAM::Policy'))
        .filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
        .flatMap((p) => p.Properties.PolicyDocument.Statement);
      expect(actionsOf(statements)).toEqual(['lambda:InvokeFunction']);
      expect([statements[0].Resource].flat()).toContainEqual(getAtt(fnId, 'Arn'));
    }
  });
});

describe('SES events', () => {
  it('flow from the configuration set through an encrypted topic and a queue to their function, failures reported per message', () => {
    const [configSetId] = onlyResource(main, 'AWS::SES::ConfigurationSet');
    const [topicId, topic] = onlyResource(main, 'AWS::SNS::Topic');
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    const [, destination] = onlyResource(main, 'AWS::SES::ConfigurationSetEventDestination');
    expect(destination.Properties.ConfigurationSetName).toEqual(ref(configSetId));
    expect(destination.Properties.EventDestination.SnsDestination.TopicARN).toEqual(ref(topicId));
    expect(destination.Properties.EventDestination.MatchingEventTypes).toEqual(expect.arrayContaining(['delivery', 'bounce', 'complaint']));

    const [, subscription] = onlyResource(main, 'AWS::SNS::Subscription');
    expect(subscription.Properties).toMatchObject({ Protocol: 'sqs', TopicArn: ref(topicId) });
    const queueId = subscription.Properties.Endpoint['Fn::GetAtt'][0];
    const queue = resourcesOf(main, 'AWS::SQS::Queue')[queueId].Properties;
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(queue.RedrivePolicy.maxReceiveCount).toBeGreaterThan(0);

    for (const def of QUEUE_FUNCTIONS) {
      main.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: getAtt(queueId, 'Arn'),
        FunctionName: ref(functionIdFor(`MailEvents${def.id}`)),
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });
});

describe('SES', () => {
  it('has a domain identity (Easy DKIM) using a configuration set with reputation metrics and sending enabled', () => {
    const [configSetId, configSet] = onlyResource(main, 'AWS::SES::ConfigurationSet');
    expect(configSet.Properties).toMatchObject({
      ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: true },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
    });
    const [, identity] = onlyResource(main, 'AWS::SES::EmailIdentity');
    expect(identity.Properties).toMatchObject({
      EmailIdentity: 'sundbyberg.example',
      ConfigurationSetAttributes: { ConfigurationSetName: ref(configSetId) },
      DkimAttributes: { SigningEnabled: true },
    });
    const outputs = Object.keys(main.findOutputs('*'));
    expect(outputs.filter((o) => o.startsWith('MailDkimRecord'))).toHaveLength(3);
  });
});

describe('attachments', () => {
  const bucket = () => Object.entries(resourcesOf(main, 'AWS::S3::Bucket')).find(([id]) => id.startsWith('AttachmentsBucket'))!;

  it('are kept in a private, versioned bucket, encrypted with a key of their own, that refuses plain HTTP', () => {
    const [, b] = bucket();
    const [keyId] = Object.entries(resourcesOf(main, 'AWS::KMS::Key')).find(([id]) => id.startsWith('AttachmentsKey'))!;
    expect(b.Properties).toMatchObject({
      BucketName: { 'Fn::Join': ['', ['vistelse-attachments-', { Ref: 'AWS::AccountId' }, '-', { Ref: 'AWS::Region' }]] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt(keyId, 'Arn') } }] },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    expect(b.DeletionPolicy).toBe('Retain');
  });

  it('may be put only from the web app’s origin (CORS), with PUT only', () => {
    const [, b] = bucket();
    const [distributionId] = onlyResource(main, 'AWS::CloudFront::Distribution');
    expect(b.Properties.CorsConfiguration.CorsRules).toEqual([
      { AllowedHeaders: ['content-type'], AllowedMethods: ['PUT'], AllowedOrigins: [{ 'Fn::Join': ['', ['https://', getAtt(distributionId, 'DomainName')]] }], MaxAge: 600 },
    ]);
  });

  it('are scanned by GuardDuty Malware Protection for S3, which tags each object', () => {
    const [bucketId] = bucket();
    const [, plan] = onlyResource(main, 'AWS::GuardDuty::MalwareProtectionPlan');
    expect(plan.Properties).toMatchObject({ ProtectedResource: { S3Bucket: { BucketName: ref(bucketId) } }, Actions: { Tagging: { Status: 'ENABLED' } } });
  });

  it('are served only once GuardDuty tagged them clean — read before that only by GuardDuty and the function that checks an upload', () => {
    const [bucketId] = bucket();
    const policy = Object.values(resourcesOf(main, 'AWS::S3::BucketPolicy')).find((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify(ref(bucketId)))!;
    const deny = policy.Properties.PolicyDocument.Statement.find((st: any) => st.Sid === 'ServeOnlyScannedClean');
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Action: ['s3:GetObject', 's3:GetObjectVersion'] });
    expect(deny.Condition.StringNotEquals).toEqual({ 's3:ExistingObjectTag/GuardDutyMalwareScanStatus': 'NO_THREATS_FOUND' });
    const exempt = deny.Condition.ArnNotEquals['aws:PrincipalArn'].map((a: any) => a['Fn::GetAtt'][0]);
    const checkRole = resourcesOf(main, 'AWS::Lambda::Function')[functionIdFor('ApiMessagesCheckUpload')].Properties.Role['Fn::GetAtt'][0];
    expect(exempt.sort()).toEqual([checkRole, Object.keys(resourcesOf(main, 'AWS::IAM::Role')).find((id) => id.startsWith('AttachmentsMalwareScanRole'))].sort());
  });

  it('are reachable by the functions as far as each needs: sign the upload, check it, sign the download', () => {
    const [bucketId] = bucket();
    const onBucket = (id: string) =>
      actionsOf(policyStatementsOf(functionIdFor(`Api${id}`)).filter((st) => JSON.stringify(st.Resource).includes(bucketId))).filter((a) => a.startsWith('s3:'));
    expect(onBucket('MessagesStartUpload')).toEqual(['s3:PutObject']);
    expect(onBucket('MessagesCheckUpload').sort()).toEqual(['s3:DeleteObject', 's3:GetObject']);
    expect(onBucket('MessagesDownload').sort()).toEqual(['s3:GetObject', 's3:GetObjectTagging']);
    // The gallring lists a purged case's objects with every version and deletes them all.
    const purge = actionsOf(policyStatementsOf(functionIdFor('SchedulesPurge')).filter((st) => JSON.stringify(st.Resource).includes(bucketId)));
    expect(purge.sort()).toEqual(['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:ListBucket', 's3:ListBucketVersions']);
    for (const { id } of ALL_FUNCTIONS.filter((f) => !['MessagesStartUpload', 'MessagesCheckUpload', 'MessagesDownload', 'Purge'].includes(f.id))) {
      const prefix = ALL_FUNCTIONS.find((f) => f.id === id)!.prefix;
      expect(actionsOf(policyStatementsOf(functionIdFor(prefix)).filter((st) => JSON.stringify(st.Resource).includes(bucketId))), id).toEqual([]);
    }
    for (const route of ROUTES) {
      const env = resourcesOf(main, 'AWS::Lambda::Function')[functionIdFor(`Api${route.id}`)].Properties.Environment.Variables;
      expect(env.ATTACHMENTS_BUCKET, route.id).toEqual(ref(bucketId));
      expect(env.MALWARE_SCAN, route.id).toBe('guardduty');
    }
  });
});

describe('web', () => {
  /** The web app's bucket: the one the distribution's default behavior reads through OAC. */
  function webBucket() {
    const [, distribution] = onlyResource(main, 'AWS::CloudFront::Distribution');
    const s3Origin = distribution.Properties.DistributionConfig.Origins.find((o: any) => o.S3OriginConfig);
    const bucketId = s3Origin.DomainName['Fn::GetAtt'][0];
    return [bucketId, resourcesOf(main, 'AWS::S3::Bucket')[bucketId]] as const;
  }

  it('keeps the app in a private, versioned, encrypted bucket that refuses plain HTTP', () => {
    const [bucketId, bucket] = webBucket();
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    main.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(bucketId),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' }),
        ]),
      },
    });
  });

  it("logs the bucket's server access to a private, encrypted log bucket that expires them with the log retention", () => {
    const [, bucket] = webBucket();
    const logBucketId = bucket.Properties.LoggingConfiguration.DestinationBucketName.Ref;
    const attachmentsId = Object.keys(resourcesOf(main, 'AWS::S3::Bucket')).find((id) => id.startsWith('AttachmentsBucket'))!;
    expect(Object.keys(resourcesOf(main, 'AWS::S3::Bucket')).sort()).toEqual([webBucket()[0], logBucketId, attachmentsId].sort());
    expect(resourcesOf(main, 'AWS::S3::Bucket')[attachmentsId].Properties.LoggingConfiguration).toEqual({ DestinationBucketName: ref(logBucketId), LogFilePrefix: 'attachments/' });
    expect(resourcesOf(main, 'AWS::S3::Bucket')[logBucketId].Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 90, Status: 'Enabled' })] },
    });
    main.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(logBucketId),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' }),
        ]),
      },
    });
  });

  it('deploys the build: hashed assets immutable, pages revalidated, then the distribution invalidated', () => {
    const deployments = Object.values(resourcesOf(main, 'Custom::CDKBucketDeployment')).map((d) => d.Properties);
    expect(deployments).toHaveLength(2);
    const assets = deployments.find((d) => d.Include)!;
    const pages = deployments.find((d) => !d.Include)!;
    expect(assets.Include).toEqual(['assets/*']);
    expect(assets.SystemMetadata['cache-control']).toMatch(/max-age=31536000.*immutable/);
    expect(assets.Prune).toBe(false);
    expect(pages.Exclude).toEqual(['assets/*']);
    expect(pages.SystemMetadata['cache-control']).toBe('no-cache');
    expect(pages.DistributionPaths).toEqual(['/*']);
  });

  describe('distribution', () => {
    let config: any;
    let policies: Record<string, any>;
    beforeAll(() => {
      config = onlyResource(main, 'AWS::CloudFront::Distribution')[1].Properties.DistributionConfig;
      policies = Object.fromEntries(
        Object.entries(resourcesOf(main, 'AWS::CloudFront::ResponseHeadersPolicy')).map(([id, r]) => [id, r.Properties.ResponseHeadersPolicyConfig]),
      );
    });
    const policyOf = (behavior: any) => policies[behavior.ResponseHeadersPolicyId.Ref];
    const apiBehavior = () => config.CacheBehaviors.find((b: any) => b.PathPattern === '/api/*');

    it('has two origins: the bucket through Origin Access Control and the API', () => {
      expect(config.Origins).toHaveLength(2);
      const [oacId] = onlyResource(main, 'AWS::CloudFront::OriginAccessControl');
      const s3 = config.Origins.find((o: any) => o.S3OriginConfig);
      expect(s3.OriginAccessControlId).toEqual(getAtt(oacId, 'Id'));
      expect(config.DefaultCacheBehavior.TargetOriginId).toBe(s3.Id);

      const [apiId] = onlyResource(main, 'AWS::ApiGatewayV2::Api');
      const api = config.Origins.find((o: any) => o.CustomOriginConfig);
      expect(api.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
      expect(JSON.stringify(api.DomainName)).toContain(JSON.stringify(ref(apiId)));
      expect(JSON.stringify(api.DomainName)).toContain('.execute-api.eu-north-1.');
      expect(apiBehavior().TargetOriginId).toBe(api.Id);
    });

    it('routes /api/* to the API uncached, with every viewer header but Host and every method', () => {
      expect(config.CacheBehaviors).toHaveLength(1);
      expect(apiBehavior()).toMatchObject({
        CachePolicyId: cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId,
        OriginRequestPolicyId: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
        ViewerProtocolPolicy: 'redirect-to-https',
      });
      expect([...apiBehavior().AllowedMethods].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
    });

    it('adds Cache-Control: no-store to API responses, overriding the origin', () => {
      expect(policyOf(apiBehavior()).CustomHeadersConfig.Items).toContainEqual({ Header: 'Cache-Control', Value: 'no-store', Override: true });
    });

    it('sends the security headers on every behavior', () => {
      for (const behavior of [config.DefaultCacheBehavior, apiBehavior()]) {
        const headers = policyOf(behavior).SecurityHeadersConfig;
        const csp = flatten(headers.ContentSecurityPolicy.ContentSecurityPolicy);
        for (const directive of [
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data:",
          "object-src 'none'",
          "base-uri 'none'",
          "frame-ancestors 'none'",
          "form-action 'self'",
        ]) {
          expect(csp.split('; ')).toContain(directive);
        }
        // Our origin, and the attachments' bucket, where the browser puts files.
        expect(csp.split('; ')).toContain("connect-src 'self' https://vistelse-attachments-{AWS::AccountId}-{AWS::Region}.s3.{AWS::Region}.{AWS::URLSuffix}");
        expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
        expect(headers.StrictTransportSecurity.IncludeSubdomains).toBe(true);
        expect(headers.ContentTypeOptions).toBeDefined();
        expect(headers.FrameOptions.FrameOption).toBe('DENY');
        expect(headers.ReferrerPolicy.ReferrerPolicy).toBe('strict-origin-when-cross-origin');
      }
      // The web app's headers win over anything the bucket might say.
      const web = policyOf(config.DefaultCacheBehavior).SecurityHeadersConfig;
      for (const header of Object.values(web) as { Override: boolean }[]) expect(header.Override).toBe(true);
    });

    it('gives prerendered pages their HTML and other client-side routes the app shell with a viewer-request function, not with error responses', () => {
      expect(config.CustomErrorResponses).toBeUndefined();
      const [fnId, fn] = onlyResource(main, 'AWS::CloudFront::Function');
      expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
      expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: getAtt(fnId, 'FunctionARN') }]);
      expect(apiBehavior().FunctionAssociations).toBeUndefined();

      const rewrite = (uri: string): string =>
        runInNewContext(`${fn.Properties.FunctionCode}\nhandler({ request: { uri: ${JSON.stringify(uri)} } }).uri`);
      expect(rewrite('/')).toBe('/index.html');
      expect(rewrite('/tillganglighet')).toBe('/tillganglighet/index.html');
      expect(rewrite('/tillganglighet/')).toBe('/tillganglighet/index.html');
      expect(rewrite('/bestallning/kvitto')).toBe('/app.html');
      expect(rewrite('/assets/index-abc123.js')).toBe('/assets/index-abc123.js');
      expect(rewrite('/favicon.ico')).toBe('/favicon.ico');
      expect(rewrite('/portal')).toBe('/app.html');
      expect(rewrite('/tillganglighet/mer')).toBe('/app.html');
      expect(rewrite('/assets')).toBe('/app.html');
    });

    it('is HTTPS only, price class 100, default root index.html', () => {
      expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
      expect(config.PriceClass).toBe('PriceClass_100');
      expect(config.DefaultRootObject).toBe('index.html');
      expect(config.Enabled).toBe(true);
    });

    it('is protected by the WAF web ACL of the us-east-1 stack', () => {
      expect(config.WebACLId).toEqual({
        'Fn::GetStackOutput': { StackName: EDGE_STACK_NAME, Region: 'us-east-1', OutputName: expect.any(String) },
      });
      const [aclId] = onlyResource(edge, 'AWS::WAFv2::WebACL');
      const output = edge.findOutputs(config.WebACLId['Fn::GetStackOutput'].OutputName);
      expect(Object.values(output)[0].Value).toEqual(getAtt(aclId, 'Arn'));
    });
  });
});

describe('WAF (us-east-1)', () => {
  it('has a CLOUDFRONT-scoped web ACL with a per-IP rate limit on /api/ and the AWS common rules', () => {
    const [, acl] = onlyResource(edge, 'AWS::WAFv2::WebACL');
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    const rules = acl.Properties.Rules as any[];

    const rate = rules.find((r) => r.Statement.RateBasedStatement);
    expect(rate.Action.Block).toBeDefined();
    expect(rate.Statement.RateBasedStatement).toMatchObject({
      Limit: 300,
      AggregateKeyType: 'IP',
      EvaluationWindowSec: 300,
      ScopeDownStatement: { ByteMatchStatement: { SearchString: '/api/', PositionalConstraint: 'STARTS_WITH', FieldToMatch: { UriPath: {} } } },
    });

    const common = rules.find((r) => r.Statement.ManagedRuleGroupStatement?.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common.Statement.ManagedRuleGroupStatement.VendorName).toBe('AWS');
    expect(common.OverrideAction).toEqual({ None: {} });
    expect(new Set(rules.map((r) => r.Priority)).size).toBe(rules.length);
  });
});

describe('observability (issue 19): tracing, alarms to one topic, a dashboard', () => {
  const observability = () => Template.fromStack(built.main.observability);
  const alarms = () => resourcesOf(observability(), 'AWS::CloudWatch::Alarm');
  const alarmNames = () => Object.values(alarms()).map((a) => a.Properties.AlarmName as string).sort();
  const groups = Math.ceil((ROUTES.length + 1 + STREAM_FUNCTIONS.length + SCHEDULED_FUNCTIONS.length + QUEUE_FUNCTIONS.length) / 10);

  it('names each alarm', () => {
    const expected = [
      'Vistelse-Api5xx',
      ...Array.from({ length: groups }, (_, g) => [`Vistelse-FunctionErrors${g + 1}`, `Vistelse-FunctionThrottles${g + 1}`]).flat(),
      'Vistelse-MailsFailed',
      'Vistelse-OutboxStreamAge',
      ...SCHEDULED_FUNCTIONS.flatMap((j) => [`Vistelse-JobDidNotRun-${j.job}`, `Vistelse-JobRanLong-${j.job}`]),
      'Vistelse-MailBounceRate',
      'Vistelse-MailComplaintRate',
    ].sort();
    expect(alarmNames()).toEqual(expected);
  });

  it('sends every alarm, and the dead-letter queues’ alarms, to one encrypted topic that CloudWatch may publish to', () => {
    const [topicId, topic] = onlyResource(observability(), 'AWS::SNS::Topic');
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    for (const [id, a] of Object.entries(alarms())) {
      expect(a.Properties.AlarmActions, id).toEqual([{ Ref: topicId }]);
      expect(a.Properties.OKActions, id).toEqual([{ Ref: topicId }]);
    }
    const [, key] = onlyResource(observability(), 'AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(JSON.stringify(key.Properties.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
    const deadLetterAlarms = Object.entries(resourcesOf(main, 'AWS::CloudWatch::Alarm')).filter(([id]) => id.includes('DeadLettersAlarm'));
    expect(deadLetterAlarms).toHaveLength(2);
    for (const [id, a] of deadLetterAlarms) expect(a.Properties.AlarmActions, id).toHaveLength(1);
  });

  it('watches every function’s errors and throttles, ten to an alarm', () => {
    const watched = new Set<string>();
    for (const [, a] of Object.entries(alarms()).filter(([id]) => id.includes('FunctionErrors'))) {
      for (const m of a.Properties.Metrics.filter((x: any) => x.MetricStat)) {
        expect(m.MetricStat.Metric.MetricName).toBe('Errors');
        watched.add(JSON.stringify(m.MetricStat.Metric.Dimensions));
      }
    }
    expect(watched.size).toBe(appFunctions().length);
  });

  it('alarms on a job that did not run (missing data breaches) and on one that ran past 80 % of its timeout', () => {
    for (const job of SCHEDULED_FUNCTIONS) {
      const [didNotRun] = Object.values(alarms()).filter((a) => a.Properties.AlarmName === `Vistelse-JobDidNotRun-${job.job}`);
      expect(didNotRun!.Properties).toMatchObject({ MetricName: 'JobRuns', Namespace: 'Vistelse', TreatMissingData: 'breaching', ComparisonOperator: 'LessThanThreshold' });
      expect(didNotRun!.Properties.Dimensions).toEqual(expect.arrayContaining([{ Name: 'Job', Value: job.job }, { Name: 'service', Value: 'vistelse' }]));
    }
  });

  it('traces every function with X-Ray, never a response or an error’s text', () => {
    for (const [id, fn] of appFunctions()) {
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables, id).toMatchObject({ POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false', POWERTOOLS_TRACER_CAPTURE_ERROR: 'false' });
    }
  });

  it('has a dashboard of the metrics and the alarms, and keeps the nested stack within CloudFormation’s limits', () => {
    const [, dashboard] = onlyResource(observability(), 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const metric of ['OrdersReceived', 'OrdersRefused', 'Routings', 'MailsQueued', 'MailsSent', 'MailsFailed', 'MailsBounced', 'ChaserSteps', 'JobDuration', 'CasesPurged', 'IteratorAge']) expect(body).toContain(metric);
    expect(Object.keys(observability().toJSON().Resources).length).toBeLessThanOrEqual(500);
    expect(Object.keys(observability().toJSON().Parameters ?? {}).length).toBeLessThanOrEqual(200);
  });

  it('has a runbook section for every alarm', () => {
    const runbook = readFileSync(path.join(import.meta.dirname, '../../docs/runbook.md'), 'utf8');
    for (const name of alarmNames()) {
      const anchor = name.replace(/^Vistelse-/, '').toLowerCase();
      expect(runbook, name).toMatch(new RegExp(`^#{2,3} .*${anchor.replace(/-/g, '[- ]')}`, 'im'));
    }
  });
});
