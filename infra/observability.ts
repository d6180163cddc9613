import { Duration, NestedStack, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { DIMENSION, METRIC, METRICS_NAMESPACE, SERVICE_NAME, type MetricName } from '../functions/observability/metric-names';
import { SCHEDULED_FUNCTIONS, scheduledTimeoutSeconds } from '../functions/routes';
import type { AppFunction } from './functions';

/** Lambda metric math takes at most 10 metrics per alarm: the functions' errors and throttles are alarmed in groups of this size. */
export const FUNCTION_GROUP_SIZE = 10;

/** SES reviews an account at a 5 % bounce rate and 0.1 % complaints (and may pause sending at 10 % / 0.5 %): we are told before. */
export const SES_BOUNCE_RATE_ALARM = 0.04;
export const SES_COMPLAINT_RATE_ALARM = 0.0008;

/** The dispatcher is behind when the oldest stream record it has not handled is older than this. */
export const STREAM_AGE_ALARM_SECONDS = 300;

export interface ObservabilityProps {
  httpApi: apigw.HttpApi;
  /** Every function running our code, by its id in `functions/routes.ts`. */
  functions: Record<string, AppFunction>;
  /** The function fed by the table's stream (its iterator age). */
  dispatcher: AppFunction;
  /** The dead-letter alarms the stack already has (the outbox's stream records, the SES events): they get the topic too. */
  deadLetterAlarms: cloudwatch.Alarm[];
  /** Where the topic mails, if anywhere (`-c alarmEmail=…`). */
  alarmEmail?: string;
}

/** One of our EMF metrics (namespace `Vistelse`, dimension `service` as Powertools sets it, and any of our own). */
export function appMetric(name: MetricName, options: { statistic?: string; period?: Duration; dimensions?: Record<string, string> } = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: SERVICE_NAME, ...options.dimensions },
    statistic: options.statistic ?? 'Sum',
    period: options.period ?? Duration.minutes(5),
  });
}

/**
 * Issue 19, point 2: the alarms an operations team needs, each to one SNS topic (encrypted with a
 * key CloudWatch may use), and a dashboard of the same metrics. What each alarm means and what to
 * do is `docs/runbook.md`, under the alarm's name. A nested stack of its own: the main stack is
 * near CloudFormation's 500 resources (every HTTP route is a function), and alarms grow with them.
 */
export class Observability extends NestedStack {
  readonly topic: sns.Topic;
  readonly alarms: Record<string, cloudwatch.Alarm> = {};
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id, { description: 'Vistelse: alarms, their topic and the dashboard' });
    const stack = Stack.of(scope);

    const key = new kms.Key(this, 'AlarmsKey', { enableKeyRotation: true, description: 'Vistelse: the alarms topic' });
    // CloudWatch publishes the alarms to the encrypted topic.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.topic = new sns.Topic(this, 'Alarms', { displayName: 'Vistelse larm', masterKey: key, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const notify = new actions.SnsAction(this.topic);

    const alarm = (name: string, description: string, options: cloudwatch.CreateAlarmOptions & { metric: cloudwatch.IMetric }) => {
      const { metric, ...rest } = options;
      const created = new cloudwatch.Alarm(this, name, {
        alarmName: `Vistelse-${name}`,
        alarmDescription: `${description} Runbook: docs/runbook.md#${name.toLowerCase()}`,
        metric,
        ...rest,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      this.alarms[name] = created;
      return created;
    };

    // The API's own 5xx answers (any route).
    alarm('Api5xx', 'The API answered 5xx (an error of ours, or a function that failed or timed out).', {
      metric: props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // Every function's errors and throttles, in groups (metric math takes ten metrics at most).
    const entries = Object.entries(props.functions).sort(([a], [b]) => a.localeCompare(b));
    for (let g = 0; g * FUNCTION_GROUP_SIZE < entries.length; g++) {
      const group = entries.slice(g * FUNCTION_GROUP_SIZE, (g + 1) * FUNCTION_GROUP_SIZE);
      const sum = (metricOf: (fn: AppFunction) => cloudwatch.Metric, label: string) =>
        new cloudwatch.MathExpression({
          expression: group.map((_, i) => `m${i}`).join(' + '),
          usingMetrics: Object.fromEntries(group.map(([, fn], i) => [`m${i}`, metricOf(fn)])),
          label,
          period: Duration.minutes(5),
        });
      const names = group.map(([name]) => name).join(', ');
      alarm(`FunctionErrors${g + 1}`, `A function failed (threw, timed out or ran out of memory): one of ${names}.`, {
        metric: sum((fn) => fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), `Errors: ${names}`),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm(`FunctionThrottles${g + 1}`, `A function was throttled (Lambda's concurrency): one of ${names}.`, {
        metric: sum((fn) => fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }), `Throttles: ${names}`),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    // Mails that failed for good (dead-lettered after their retries, or refused by SES).
    alarm('MailsFailed', 'A mail was not sent: dead-lettered after its retries, or rejected by SES.', {
      metric: appMetric(METRIC.mailsFailed),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const deadLetters of props.deadLetterAlarms) {
      deadLetters.addAlarmAction(notify);
      deadLetters.addOkAction(notify);
    }

    // The stream's oldest record the dispatcher has not handled: mails waiting.
    alarm('OutboxStreamAge', `The outbox's stream is behind: its oldest record waits more than ${STREAM_AGE_ALARM_SECONDS} s (mails are late).`, {
      metric: props.dispatcher.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(5) }),
      threshold: STREAM_AGE_ALARM_SECONDS * 1000,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // Each scheduled job: it ran (JobRuns), and not past its time (JobDuration against its timeout).
    for (const job of SCHEDULED_FUNCTIONS) {
      const schedule = job as (typeof SCHEDULED_FUNCTIONS)[number] & { everyMinutes?: number; dailyAt?: string; weekdaysOnly?: boolean };
      const dimensions = { [DIMENSION.job]: job.job };
      // How long without a run is a missed run: three intervals of a frequent job; a day of a daily one (three, over a weekend).
      const frequent = typeof schedule.everyMinutes === 'number';
      const period = frequent ? Duration.minutes(Math.max(5, schedule.everyMinutes! * 3)) : Duration.days(1);
      const periods = frequent ? 1 : schedule.weekdaysOnly ? 3 : 1;
      alarm(`JobDidNotRun-${job.job}`, `The scheduled job ${job.job} did not run (no JobRuns in ${periods > 1 ? `${periods} × ` : ''}${period.toHumanString()}).`, {
        metric: appMetric(METRIC.jobRuns, { period, dimensions }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
      const limitMs = scheduledTimeoutSeconds(job) * 1000 * 0.8;
      alarm(`JobRanLong-${job.job}`, `The scheduled job ${job.job} ran past 80 % of its time (${Math.round(limitMs / 1000)} s of ${scheduledTimeoutSeconds(job)} s).`, {
        metric: appMetric(METRIC.jobDuration, { statistic: 'Maximum', period: frequent ? Duration.minutes(5) : Duration.hours(1), dimensions }),
        threshold: limitMs,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    // SES's own reputation of the account: bounces and complaints near the rates at which SES reviews or pauses sending.
    const reputation = (name: string) => new cloudwatch.Metric({ namespace: 'AWS/SES', metricName: name, statistic: 'Maximum', period: Duration.hours(1) });
    alarm('MailBounceRate', `The account's bounce rate is near SES's review at 5 % (alarm at ${SES_BOUNCE_RATE_ALARM * 100} %).`, {
      metric: reputation('Reputation.BounceRate'),
      threshold: SES_BOUNCE_RATE_ALARM,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm('MailComplaintRate', `The account's complaint rate is near SES's review at 0.1 % (alarm at ${SES_COMPLAINT_RATE_ALARM * 100} %).`, {
      metric: reputation('Reputation.ComplaintRate'),
      threshold: SES_COMPLAINT_RATE_ALARM,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // The dashboard: the same metrics, and every alarm's state.
    const hour = Duration.hours(1);
    const graph = (title: string, metrics: cloudwatch.IMetric[]) => new cloudwatch.GraphWidget({ title, left: metrics, width: 12, height: 6 });
    const byOutcome = ['caseworker', 'fallback', 'chosen', 'rotation', 'needs_provider'].map((o) => appMetric(METRIC.routings, { period: hour, dimensions: { [DIMENSION.outcome]: o } }).with({ label: o }));
    const perJob = (name: MetricName, statistic = 'Sum') => SCHEDULED_FUNCTIONS.map((j) => appMetric(name, { period: hour, statistic, dimensions: { [DIMENSION.job]: j.job } }).with({ label: j.job }));
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `Vistelse-${stack.stackName}`,
      widgets: [
        [graph('Beställningar: mottagna och avvisade', [appMetric(METRIC.ordersReceived, { period: hour }), appMetric(METRIC.ordersRefused, { period: hour })]), graph('Fördelning per utfall', byOutcome)],
        [
          graph('E-post: köade, skickade, försök igen, misslyckade, studsade', [METRIC.mailsQueued, METRIC.mailsSent, METRIC.mailsRetrying, METRIC.mailsFailed, METRIC.mailsBounced].map((m) => appMetric(m, { period: hour }))),
          graph('SES: studs- och klagomålsfrekvens', [reputation('Reputation.BounceRate'), reputation('Reputation.ComplaintRate')]),
        ],
        [graph('Påminnelser per jobb', perJob(METRIC.chaserSteps)), graph('Jobbens tid (max, ms)', perJob(METRIC.jobDuration, 'Maximum'))],
        [graph('Gallrade ärenden', [appMetric(METRIC.casesPurged, { period: Duration.days(1) })]), graph('API: 5xx och svarstid (p95)', [props.httpApi.metricServerError({ period: Duration.minutes(5) }), props.httpApi.metricLatency({ statistic: 'p95', period: Duration.minutes(5) })])],
        [graph('Utskickets ström: äldsta post (ms)', [props.dispatcher.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(5) })])],
        [new cloudwatch.AlarmStatusWidget({ title: 'Larm', alarms: Object.values(this.alarms), width: 24, height: 8 })],
      ],
    });
  }
}
