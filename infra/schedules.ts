import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { SCHEDULED_FUNCTIONS, scheduledTimeoutSeconds } from '../functions/routes';
import { AppFunction } from './functions';
import type { Mail } from './mail';
import { acknowledge, wildcardResource } from './nag';
import { permissionsFor } from './permissions';

/**
 * Schedules run in Swedish time. (`TimeZone.EUROPE_STOCKHOLM` does not exist in aws-cdk-lib: it
 * would be `undefined` and the schedule would silently run in UTC.)
 */
export const SCHEDULE_TIME_ZONE = TimeZone.of('Europe/Stockholm');

type ScheduledFunction = (typeof SCHEDULED_FUNCTIONS)[number];

/** The EventBridge Scheduler expression of a scheduled function from `functions/routes.ts`. */
export function scheduleExpressionFor(job: ScheduledFunction): scheduler.ScheduleExpression {
  const def = job as ScheduledFunction & { everyMinutes?: number; cron?: string; dailyAt?: string; weekdaysOnly?: boolean };
  if (typeof def.cron === 'string') return scheduler.ScheduleExpression.expression(`cron(${def.cron})`, SCHEDULE_TIME_ZONE);
  if (typeof def.dailyAt === 'string') {
    const [hour, minute] = def.dailyAt.split(':').map(Number);
    return scheduler.ScheduleExpression.expression(`cron(${minute} ${hour} ? * ${def.weekdaysOnly ? 'MON-FRI' : '*'} *)`, SCHEDULE_TIME_ZONE);
  }
  if (typeof def.everyMinutes === 'number' && Number.isInteger(def.everyMinutes) && def.everyMinutes > 0) {
    const unit = def.everyMinutes === 1 ? 'minute' : 'minutes';
    return scheduler.ScheduleExpression.expression(`rate(${def.everyMinutes} ${unit})`, SCHEDULE_TIME_ZONE);
  }
  throw new Error(`functions/routes.ts: scheduled function ${job.id} has neither "everyMinutes" nor "cron"`);
}

export interface SchedulesProps {
  table: dynamodb.Table;
  mail: Mail;
  /** The personal-data vault's key (`infra/data.ts`). */
  personalDataKey: kms.IKey;
  logRetention: logs.RetentionDays;
}

/**
 * One function and one EventBridge schedule per entry of `SCHEDULED_FUNCTIONS`, each schedule
 * with its own role that may invoke that function only (the trust policy as CDK's default role
 * has it: our account's default schedule group).
 */
export class Schedules extends Construct {
  readonly functions: Record<string, AppFunction> = {};

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    for (const job of SCHEDULED_FUNCTIONS) {
      const fn = new AppFunction(this, job.id, {
        entry: job.entry,
        description: `Vistelse scheduled: ${job.id}`,
        logRetention: props.logRetention,
        timeout: Duration.seconds(scheduledTimeoutSeconds(job)),
      });
      fn.grantAppPermissions(permissionsFor(job.id), props);
      this.functions[job.id] = fn;

      const role = new iam.Role(this, `${job.id}ScheduleRole`, {
        description: `Vistelse: the schedule that runs ${job.id}`,
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
          conditions: {
            StringEquals: {
              'aws:SourceAccount': stack.account,
              'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
            },
          },
        }),
      });
      new scheduler.Schedule(this, `${job.id}Schedule`, {
        description: `Vistelse: runs ${job.id}`,
        schedule: scheduleExpressionFor(job),
        // A missed run is not worth retrying: the next one comes soon and does the same work.
        target: new LambdaInvoke(fn, {
          role,
          retryAttempts: 0,
          maxEventAge: Duration.minutes(1),
          // The job runs as of the schedule's own time (functions/scheduled/job-event.ts).
          input: scheduler.ScheduleTargetInput.fromObject({ job: job.job, scheduledTime: scheduler.ContextAttribute.scheduledTime }),
        }),
      });
      acknowledge(
        role,
        wildcardResource(this, `${fn.functionArn}:*`),
        `CDK's invoke grant adds "<function ARN>:*" (versions and aliases of this one function) next to the function's ARN; the role may invoke ${job.id} and nothing else.`,
      );
    }
  }
}
