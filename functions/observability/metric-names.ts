/**
 * The names our functions log and measure under, in one place: the functions emit them (through
 * Powertools, `./telemetry`), the CDK dashboard and alarms read them (`infra/observability.ts`),
 * and the runbook names them. No dependency here, so infra imports it without bundling Powertools.
 */
export const SERVICE_NAME = 'vistelse';
export const METRICS_NAMESPACE = 'Vistelse';

/** Every metric (EMF, unit Count unless said), with what it counts. */
export const METRIC = {
  /** An order taken by the intake (a new case; a replayed idempotent order is not counted again). */
  ordersReceived: 'OrdersReceived',
  /** An order the intake refused (its field errors, too large, not JSON, rate limited). */
  ordersRefused: 'OrdersRefused',
  /** A new case's routing, by `Outcome` (the caseworker found, or the fallback queue). */
  routings: 'Routings',
  /** A mail written to the outbox (by the stream's INSERT records it dispatches). */
  mailsQueued: 'MailsQueued',
  /** A mail SES accepted. */
  mailsSent: 'MailsSent',
  /** A mail SES could not take now: retried by the sweeper with backoff. */
  mailsRetrying: 'MailsRetrying',
  /** A mail that failed for good (dead-lettered after its retries, or refused by SES). */
  mailsFailed: 'MailsFailed',
  /** A mail SES reported bounced (permanent) or complained of. */
  mailsBounced: 'MailsBounced',
  /** A mail SES reported delivered. */
  mailsDelivered: 'MailsDelivered',
  /** Steps a chaser took (reminders, chasers, escalations), by `Job`. */
  chaserSteps: 'ChaserSteps',
  /** A scheduled job's run, by `Job` (the "did not run" alarm watches it). */
  jobRuns: 'JobRuns',
  /** How long a scheduled job's run took, by `Job` (unit Milliseconds). */
  jobDuration: 'JobDuration',
  /** Closed cases purged (gallrade) by the purge job. */
  casesPurged: 'CasesPurged',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** The dimensions we use beside Powertools' `service`. */
export const DIMENSION = { outcome: 'Outcome', job: 'Job' } as const;
