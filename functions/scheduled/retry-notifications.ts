import middy from '@middy/core';
import { retryDueNotifications } from '../core/outbox/dispatch-outbox';
import { stores, systemClock } from '../wiring';
import { sesMailer } from '../wiring-mail';

const sweep = retryDueNotifications({ outbox: stores().outbox, mailer: sesMailer(), clock: systemClock });

/** Every minute (EventBridge Scheduler in AWS, a timer locally): send what is due again. */
export const handler = middy<unknown, { sent: number; retrying: number; deadLettered: number }>().handler(async () => {
  const result = await sweep();
  return { sent: result.sent.length, retrying: result.retrying.length, deadLettered: result.deadLettered.length };
});
