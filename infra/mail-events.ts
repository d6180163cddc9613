import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUE_FUNCTIONS } from '../functions/routes';
import { AppFunction } from './functions';
import type { Mail } from './mail';
import { permissionsFor } from './permissions';

/** The SES events whose outcome is recorded on each notification. */
export const RECORDED_MAIL_EVENTS = [
  ses.EmailSendingEvent.DELIVERY,
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.RENDERING_FAILURE,
  ses.EmailSendingEvent.DELIVERY_DELAY,
];

/** The queue function (`QUEUE_FUNCTIONS`) that the SES events feed. */
export const SES_EVENTS_FUNCTION_ID = 'SesEvents';

export interface MailEventsProps {
  table: dynamodb.Table;
  mail: Mail;
  /** The personal-data vault's key (`infra/data.ts`). */
  personalDataKey: kms.IKey;
  logRetention: logs.RetentionDays;
}

/**
 * What happened to each mail: the configuration set publishes delivery, bounce, complaint and
 * rejection events to an SNS topic (encrypted with its own key: the events name recipients),
 * which fills an SQS queue that feeds the function recording them. A message that keeps failing
 * ends in the queue's dead-letter queue, and an alarm goes off.
 */
export class MailEvents extends Construct {
  readonly topic: sns.Topic;
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;
  readonly fn: AppFunction;

  constructor(scope: Construct, id: string, props: MailEventsProps) {
    super(scope, id);
    const unknown = QUEUE_FUNCTIONS.filter((q) => q.id !== SES_EVENTS_FUNCTION_ID);
    if (unknown.length > 0) {
      throw new Error(`infra/mail-events.ts does not know what feeds the queue function(s) ${unknown.map((q) => q.id).join(', ')}`);
    }
    const def = QUEUE_FUNCTIONS.find((q) => q.id === SES_EVENTS_FUNCTION_ID);
    if (!def) throw new Error(`functions/routes.ts: QUEUE_FUNCTIONS has no ${SES_EVENTS_FUNCTION_ID}`);

    const key = new kms.Key(this, 'TopicKey', {
      description: 'Vistelse: encrypts SES delivery events in SNS (they name recipients)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // SES can publish to the encrypted topic only if it may use the key. The key serves this topic
    // alone, and the topic's policy (added with the event destination) admits SES only for our
    // configuration set; conditions here are left out as AWS's own examples do, since a
    // condition the service does not send would silently drop every event.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    props.mail.configurationSet.addEventDestination('ToSns', {
      destination: ses.EventDestination.snsTopic(this.topic),
      events: RECORDED_MAIL_EVENTS,
    });

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const timeout = Duration.seconds(30);
    this.fn = new AppFunction(this, def.id, {
      entry: def.entry,
      description: 'Vistelse: records SES delivery events on notifications',
      logRetention: props.logRetention,
      timeout,
    });
    this.fn.grantAppPermissions(permissionsFor(def.id), props);

    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's advice for a Lambda-fed queue: at least six times the function's timeout.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 5 },
    });
    this.topic.addSubscription(new SqsSubscription(this.queue, { rawMessageDelivery: true }));

    this.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(5),
        reportBatchItemFailures: true,
      }),
    );

    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLettersAlarm', {
      alarmDescription: 'Vistelse: SES delivery events that could not be recorded',
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
