import type { Clock } from '../kernel/clock';
import type { DeliveryEvent, OutboxStore } from './ports';

/** SES event types and the delivery status each gives a notification. */
const STATUS_BY_EVENT: Record<string, DeliveryEvent['status'] | undefined> = {
  Delivery: 'delivered',
  Bounce: 'bounced',
  Complaint: 'complaint',
  Reject: 'rejected',
  RenderingFailure: 'rejected',
  DeliveryDelay: 'delayed',
};

/**
 * Records what SES tells about a sent notification (the configuration set's events, through
 * SNS and SQS) on the notification itself, so the case shows whether each mail arrived. Events
 * for mails that are not ours (no outbox tags) are ignored.
 */
export const recordDeliveryEvents =
  (deps: { outbox: Pick<OutboxStore, 'recordDelivery'>; clock: Clock }) =>
  async (sesEvents: unknown[]): Promise<{ recorded: number; ignored: number }> => {
    let recorded = 0;
    let ignored = 0;
    for (const raw of sesEvents) {
      const event = parseSesEvent(raw, deps.clock.now());
      if (!event) {
        ignored++;
        continue;
      }
      await deps.outbox.recordDelivery(event);
      recorded++;
    }
    return { recorded, ignored };
  };

function parseSesEvent(raw: unknown, now: Date): DeliveryEvent | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const e = raw as Record<string, any>;
  const type: string | undefined = e.eventType ?? e.notificationType;
  const status = type ? STATUS_BY_EVENT[type] : undefined;
  const tags = e.mail?.tags ?? {};
  const caseId = Array.isArray(tags.caseId) ? tags.caseId[0] : undefined;
  const outboxId = Array.isArray(tags.outboxId) ? tags.outboxId[0] : undefined;
  if (!status || typeof caseId !== 'string' || typeof outboxId !== 'string') return undefined;
  const detail =
    status === 'bounced'
      ? `${e.bounce?.bounceType ?? ''}/${e.bounce?.bounceSubType ?? ''}`
      : status === 'complaint'
        ? (e.complaint?.complaintFeedbackType ?? 'complaint')
        : status === 'rejected'
          ? (e.reject?.reason ?? type)
          : undefined;
  const at: string = e.delivery?.timestamp ?? e.bounce?.timestamp ?? e.complaint?.timestamp ?? e.mail?.timestamp ?? now.toISOString();
  return { caseId, outboxId, status, at, detail, providerMessageId: e.mail?.messageId };
}
