import { CfnOutput, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { STREAM_FUNCTIONS } from '../functions/routes';
import { OUTBOX_STREAM_FILTER_PATTERN } from '../functions/stream/outbox-filter';
import { AppFunction } from './functions';
import type { Mail } from './mail';
import { acknowledge, wildcardResource } from './nag';
import { permissionsFor } from './permissions';

export interface OutboxDispatcherProps {
  table: dynamodb.Table;
  mail: Mail;
  /** The personal-data vault's key (`infra/data.ts`). */
  personalDataKey: kms.IKey;
  logRetention: logs.RetentionDays;
}

/**
 * The dispatcher: the table's stream, filtered to new outbox items, feeds the function that
 * sends them through SES. Failed batches are split and retried; what still fails leaves a
 * pointer (shard and sequence numbers, no item data) in an encrypted dead-letter queue, and
 * an alarm goes off.
 */
export class OutboxDispatcher extends Construct {
  readonly fn: AppFunction;
  readonly deadLetters: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: OutboxDispatcherProps) {
    super(scope, id);
    const [dispatch] = STREAM_FUNCTIONS;

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetters,
      'AwsSolutions-SQS3',
      "This queue is itself a dead-letter queue: the on-failure destination of the dispatcher's stream event source mapping (cdk-nag only recognizes a queue's redrive policy). It is not consumed automatically: its CloudWatch alarm goes off when anything lands there.",
    );

    this.fn = new AppFunction(this, dispatch.id, {
      entry: dispatch.entry,
      description: 'Vistelse: sends outbox e-mail from the table stream',
      logRetention: props.logRetention,
      timeout: Duration.seconds(60),
    });

    // Claims and marks outbox items and sends them (infra/permissions.ts). Stream read is
    // granted by the event source below.
    this.fn.grantAppPermissions(permissionsFor(dispatch.id), props);

    this.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(24),
        reportBatchItemFailures: true,
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.deadLetters),
        // INSERTs of items whose pk begins with OUTBOX#: the same pattern the local stack's
        // stream poller applies (functions/stream/outbox-filter.ts).
        filters: [lambda.FilterCriteria.filter(OUTBOX_STREAM_FILTER_PATTERN)],
      }),
    );
    if (this.fn.role) {
      acknowledge(
        this.fn.role,
        wildcardResource(this, '*'),
        'dynamodb:ListStreams, which the stream event source needs, has no resource-level permissions (AWS requires "*"); it lists stream ARNs only. Reading the stream is granted on this table\'s stream ARN alone.',
      );
    }

    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLettersAlarm', {
      alarmDescription: 'Vistelse: outbox records the dispatcher gave up on (e-mail not sent)',
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetters.queueUrl });
  }
}
