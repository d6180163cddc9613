import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { Api } from './api';
import { Attachments, attachmentsUploadOrigin } from './attachments';
import { StaffLogin } from './auth';
import { permissionsFor } from './permissions';
import { ROUTES, STREAM_FUNCTIONS } from '../functions/routes';
import { Data } from './data';
import { API_RATE_LIMIT_WINDOW_SECONDS } from '../functions/http/limits';
import type { ApiFunctionEnvironment, AppFunction, FunctionEnvironment } from './functions';
import { Mail } from './mail';
import { acknowledge } from './nag';
import { MailEvents, SES_EVENTS_FUNCTION_ID } from './mail-events';
import { Observability } from './observability';
import { OutboxDispatcher } from './outbox';
import { Schedules } from './schedules';
import type { Settings } from './settings';
import { Web } from './web';

export interface VistelseStackProps extends StackProps {
  settings: Settings;
  /** ARN of the CloudFront-scoped WAF web ACL (from the us-east-1 edge stack). */
  webAclArn: string;
}

/** Everything in eu-north-1: table, functions, API, mail, schedules, web app and its distribution. */
export class VistelseStack extends Stack {
  readonly data: Data;
  readonly mail: Mail;
  readonly api: Api;
  readonly dispatcher: OutboxDispatcher;
  readonly schedules: Schedules;
  readonly mailEvents: MailEvents;
  readonly web: Web;
  /** What CloudFront sends to the API in `x-vistelse-edge`. */
  readonly edgeOriginSecret: secretsmanager.Secret;
  readonly staffLogin: StaffLogin;
  readonly attachments: Attachments;
  readonly observability: Observability;
  private readonly edgeSecretValue: string;

  constructor(scope: Construct, id: string, props: VistelseStackProps) {
    super(scope, id, props);
    const { settings } = props;

    this.data = new Data(this, 'Data');
    this.mail = new Mail(this, 'Mail', { mailDomain: settings.mailDomain });

    const shared = { table: this.data.table, mail: this.mail, personalDataKey: this.data.personalDataKey, logRetention: settings.logRetentionDays };
    this.api = new Api(this, 'Api', shared);
    this.dispatcher = new OutboxDispatcher(this, 'Outbox', shared);
    this.schedules = new Schedules(this, 'Schedules', shared);
    this.mailEvents = new MailEvents(this, 'MailEvents', shared);
    // CloudFront sends this secret to the API with every request, so the functions know which
    // requests came through it (and so through the WAF) — see functions/http/middleware/rate-limit.ts.
    this.edgeOriginSecret = new secretsmanager.Secret(this, 'EdgeOriginSecret', {
      description: 'Vistelse: the value CloudFront sends to the API in x-vistelse-edge',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    acknowledge(
      this.edgeOriginSecret,
      'AwsSolutions-SMG4',
      'Not rotated automatically: CloudFront and the API functions read it at deploy time, so a rotation is a redeploy. It only tells the functions that a request came through CloudFront (and so through the WAF); a leaked value lets a caller skip the functions’ own per-instance rate count, not the WAF or the stage throttle.',
    );
    const edgeSecretValue = this.edgeOriginSecret.secretValue.unsafeUnwrap();
    this.edgeSecretValue = edgeSecretValue;

    this.web = new Web(this, 'Web', {
      distDir: settings.webDistPath,
      apiDomainName: this.api.domainName,
      edgeOriginSecret: edgeSecretValue,
      webAclArn: props.webAclArn,
      domainName: settings.domainName,
      certificateArn: settings.certificateArn,
      logRetention: settings.logRetentionDays,
      connectSources: [attachmentsUploadOrigin()],
    });

    // Set once the distribution exists, since PUBLIC_BASE_URL is its URL. The references run
    // functions → distribution → API (the Api resource, not its routes), so there is no cycle.
    const environment: FunctionEnvironment = {
      TABLE_NAME: this.data.table.tableName,
      MAIL_FROM: settings.mailFrom,
      PUBLIC_BASE_URL: settings.publicBaseUrl ?? this.web.url,
      SES_CONFIGURATION_SET: this.mail.configurationSet.configurationSetName,
      PERSONAL_DATA_KMS_KEY_ARN: this.data.personalDataKey.keyArn,
    };
    for (const fn of this.appFunctions()) fn.setAppEnvironment(environment);

    // The messages' attachments: put and fetched by the browser with presigned requests, scanned by GuardDuty.
    this.attachments = new Attachments(this, 'Attachments', {
      allowedOrigin: settings.publicBaseUrl ? new URL(settings.publicBaseUrl).origin : this.web.url,
      accessLogs: this.web.accessLogs,
    });
    for (const route of ROUTES) {
      const access = permissionsFor(route.id).attachments;
      const fn = this.api.functions[route.id];
      if (access === 'upload') this.attachments.grantUpload(fn);
      else if (access === 'check') this.attachments.grantCheck(fn);
      else if (access === 'download') this.attachments.grantDownload(fn);
    }
    // Gallring deletes a purged case's files, every version of them.
    for (const [id, fn] of Object.entries(this.schedules.functions)) {
      if (permissionsFor(id).attachments !== 'purge') continue;
      this.attachments.grantPurge(fn);
      fn.addEnvironment('ATTACHMENTS_BUCKET', this.attachments.bucket.bucketName);
    }

    // Staff log in through Cognito (the portal a public client with PKCE: no secret to hand over).
    this.staffLogin = new StaffLogin(this, 'StaffLogin', { publicBaseUrl: environment.PUBLIC_BASE_URL, federation: settings.staffFederation });
    const apiEnvironment: ApiFunctionEnvironment = {
      API_RATE_LIMIT: String(this.api.apiRateLimit),
      API_RATE_LIMIT_WINDOW_SECONDS: String(API_RATE_LIMIT_WINDOW_SECONDS),
      EDGE_ORIGIN_SECRET: this.edgeSecretValue,
      OIDC_ISSUER: this.staffLogin.issuer,
      OIDC_CLIENT_ID: this.staffLogin.client.userPoolClientId,
      OIDC_LOGOUT_ENDPOINT: this.staffLogin.logoutEndpoint,
      ATTACHMENTS_BUCKET: this.attachments.bucket.bucketName,
      MALWARE_SCAN: 'guardduty',
    };
    for (const fn of Object.values(this.api.functions)) fn.setAppEnvironment(apiEnvironment);

    // Alarms to one SNS topic, and a dashboard (docs/runbook.md says what each alarm means and what to do).
    this.observability = new Observability(this, 'Observability', {
      httpApi: this.api.httpApi,
      functions: { ...this.api.functions, [STREAM_FUNCTIONS[0].id]: this.dispatcher.fn, ...this.schedules.functions, [SES_EVENTS_FUNCTION_ID]: this.mailEvents.fn },
      dispatcher: this.dispatcher.fn,
      deadLetterAlarms: [this.dispatcher.deadLetterAlarm, this.mailEvents.deadLetterAlarm],
      ...(settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {}),
    });

    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.observability.dashboard.dashboardName });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    // What the runbook's commands name (docs/runbook.md).
    new CfnOutput(this, 'PersonalDataKeyArn', { value: this.data.personalDataKey.keyArn });
    new CfnOutput(this, 'OutboxDeadLetterQueueUrl', { value: this.dispatcher.deadLetters.queueUrl });
    new CfnOutput(this, 'SesEventsDeadLetterQueueUrl', { value: this.mailEvents.deadLetters.queueUrl });
    new CfnOutput(this, 'ConfigurationSetName', { value: this.mail.configurationSet.configurationSetName });
  }

  /** Every function running our code (the bucket deployment brings its own). */
  appFunctions(): AppFunction[] {
    return [...Object.values(this.api.functions), this.dispatcher.fn, ...Object.values(this.schedules.functions), this.mailEvents.fn];
  }
}
