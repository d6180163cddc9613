import { retryDueNotifications } from '../core/outbox/dispatch-outbox';
import { stores, systemClock } from '../wiring';
import { sesMailer } from '../wiring-mail';
import { jobTime, type JobEvent } from './job-event';
import { jobFunction } from '../observability/lambda';
import { reportDispatch } from '../observability/mails';

/** Every minute (EventBridge Scheduler in AWS, a timer locally): send what is due again, as of the schedule's time. */
export const handler = jobFunction<JobEvent, { sent: number; retrying: number; deadLettered: number }>('retry-notifications', (r) => ({ sent: r.sent, retrying: r.retrying, dead_lettered: r.deadLettered })).handler(async (event) => {
  const at = jobTime(event, systemClock);
  const result = await retryDueNotifications({ outbox: stores().outbox, mailer: sesMailer(), clock: { now: () => at } })();
  reportDispatch(result);
  return { sent: result.sent.length, retrying: result.retrying.length, deadLettered: result.deadLettered.length };
});
