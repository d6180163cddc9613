import type { DynamoDBStreamEvent } from 'aws-lambda';
import { dispatchOutbox } from '../core/outbox/dispatch-outbox';
import { stores, systemClock } from '../wiring';
import { sesMailer } from '../wiring-mail';
import { METRIC } from '../observability/metric-names';
import { observedFunction, streamCorrelation } from '../observability/lambda';
import { reportDispatch } from '../observability/mails';
import { count } from '../observability/telemetry';
import { matchesOutboxFilter, outboxRefOf } from './outbox-filter';

const dispatch = dispatchOutbox({ outbox: stores().outbox, mailer: sesMailer(), clock: systemClock });

/**
 * Fed by the table's stream (an event source mapping in AWS, the local stream poller locally).
 * A failed send is not reported back to the stream: its retry, with backoff, is the sweeper's.
 */
export const handler = observedFunction<DynamoDBStreamEvent, void>(streamCorrelation).handler(async (event) => {
  const records = event.Records.filter(matchesOutboxFilter);
  const refs = records.map(outboxRefOf).filter((r): r is { caseId: string; id: string } => r !== undefined);
  count(METRIC.mailsQueued, records.filter((r) => r.eventName === 'INSERT').length);
  reportDispatch(await dispatch(refs));
});
