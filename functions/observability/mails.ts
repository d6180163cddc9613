import type { DispatchResult } from '../core/outbox/dispatch-outbox';
import type { RecordedDelivery } from '../core/outbox/record-delivery-events';
import { METRIC } from './metric-names';
import { count, logger } from './telemetry';

const ref = (m: { caseId: string; id?: string; outboxId?: string; kind?: string; correlationId?: string }) => ({
  outbox_id: m.id ?? m.outboxId,
  case_id: m.caseId,
  ...(m.kind ? { kind: m.kind } : {}),
  // Each mail's line carries the correlation id of what queued it, whatever run sends it.
  ...(m.correlationId ? { correlation_id: m.correlationId } : {}),
});

/** Each mail a dispatch claimed, in one line (its kind and ids: never its address or content), and the counts. */
export function reportDispatch(result: DispatchResult): void {
  for (const o of result.outcomes) {
    const line = { ...ref(o), attempt: o.attempt, ...(o.error ? { error: o.error } : {}) };
    if (o.outcome === 'sent') logger.info('mail sent', line);
    else if (o.outcome === 'retrying') logger.warn('mail failed, will retry', line);
    else logger.error('mail failed for good', line);
  }
  count(METRIC.mailsSent, result.sent.length);
  count(METRIC.mailsRetrying, result.retrying.length);
  count(METRIC.mailsFailed, result.deadLettered.length);
}

/** What SES said of our mails: bounces and complaints (the bounce-rate alarm's), rejections (failed), deliveries. */
export function reportDeliveries(events: readonly RecordedDelivery[]): void {
  for (const e of events) {
    const line = { ...ref(e), status: e.status };
    if (e.status === 'bounced' || e.status === 'complaint' || e.status === 'rejected') logger.warn('mail not delivered', line);
    else logger.info('mail delivery event', line);
  }
  count(METRIC.mailsBounced, events.filter((e) => e.status === 'bounced' || e.status === 'complaint').length);
  count(METRIC.mailsFailed, events.filter((e) => e.status === 'rejected').length);
  count(METRIC.mailsDelivered, events.filter((e) => e.status === 'delivered').length);
}
