import middy from '@middy/core';
import { retryDueNotifications } from '../core/outbox/dispatch-outbox';
import { stores, systemClock } from '../wiring';
import { sesMailer } from '../wiring-mail';
import { jobTime, type JobEvent } from './job-event';

/** Every minute (EventBridge Scheduler in AWS, a timer locally): send what is due again, as of the schedule's time. */
export const handler = middy<JobEvent, { sent: number; retrying: number; deadLettered: number }>().handler(async (event) => {
  const at = jobTime(event, systemClock);
  const result = await retryDueNotifications({ outbox: stores().outbox, mailer: sesMailer(), clock: { now: () => at } })();
  return { sent: result.sent.length, retrying: result.retrying.length, deadLettered: result.deadLettered.length };
});
