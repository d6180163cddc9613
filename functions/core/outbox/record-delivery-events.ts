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
  async (sesEvents: unknown[]): Promise<{ recorded: number; ignored: number; events: RecordedDelivery[] }> => {
    let recorded = 0;
    let ignored = 0;
    const events: RecordedDelivery[] = [];
    for (const raw of sesEvents) {
      const event = parseSesEvent(raw, deps.clock.now());
      if (!event) {
        ignored++;
        continue;
      }
      await deps.outbox.recordDelivery(event);
      recorded++;
      const tags = (raw as SesEvent).mail?.tags;
      events.push({ caseId: event.caseId, outboxId: event.outboxId, status: event.status, ...(tag(tags, 'kind') ? { kind: tag(tags, 'kind') } : {}), ...(tag(tags, 'correlationId') ? { correlationId: tag(tags, 'correlationId') } : {}) });
    }
    return { recorded, ignored, events };
  };

/** A delivery event recorded, with what its mail is known by in the logs (its kind and the correlation id it was sent under). */
export interface RecordedDelivery {
  caseId: string;
  outboxId: string;
  status: DeliveryEvent['status'];
  kind?: string;
  correlationId?: string;
}

/** The parts of an SES event (a configuration set's, through SNS) that are read; SES sends what its type has. */
interface SesEvent {
  eventType?: unknown;
  notificationType?: unknown;
  mail?: { tags?: Record<string, unknown>; timestamp?: unknown; messageId?: unknown };
  bounce?: { bounceType?: unknown; bounceSubType?: unknown; timestamp?: unknown };
  complaint?: { complaintFeedbackType?: unknown; timestamp?: unknown };
  delivery?: { timestamp?: unknown };
  reject?: { reason?: unknown };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The first value of an SES tag (tags arrive as lists). */
const tag = (tags: Record<string, unknown> | undefined, name: string) => {
  const values = tags?.[name];
  return Array.isArray(values) ? text(values[0]) : undefined;
};

function parseSesEvent(raw: unknown, now: Date): DeliveryEvent | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const e = raw as SesEvent;
  const type = text(e.eventType) ?? text(e.notificationType);
  // Own keys only: an event type such as `toString` is no status.
  const status = type && Object.hasOwn(STATUS_BY_EVENT, type) ? STATUS_BY_EVENT[type] : undefined;
  const caseId = tag(e.mail?.tags, 'caseId');
  const outboxId = tag(e.mail?.tags, 'outboxId');
  if (!status || !caseId || !outboxId) return undefined;
  const detail =
    status === 'bounced'
      ? `${text(e.bounce?.bounceType) ?? ''}/${text(e.bounce?.bounceSubType) ?? ''}`
      : status === 'complaint'
        ? (text(e.complaint?.complaintFeedbackType) ?? 'complaint')
        : status === 'rejected'
          ? (text(e.reject?.reason) ?? type)
          : undefined;
  const at =
    text(e.delivery?.timestamp) ?? text(e.bounce?.timestamp) ?? text(e.complaint?.timestamp) ?? text(e.mail?.timestamp) ?? now.toISOString();
  return { caseId, outboxId, status, at, detail, providerMessageId: text(e.mail?.messageId) };
}
