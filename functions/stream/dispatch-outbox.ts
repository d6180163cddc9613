import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { dispatchOutbox } from '../core/outbox/dispatch-outbox';
import { stores, systemClock } from '../wiring';
import { sesMailer } from '../wiring-mail';
import { matchesOutboxFilter, outboxRefOf } from './outbox-filter';

const dispatch = dispatchOutbox({ outbox: stores().outbox, mailer: sesMailer(), clock: systemClock });

/**
 * Fed by the table's stream (an event source mapping in AWS, the local stream poller locally).
 * A failed send is not reported back to the stream: its retry, with backoff, is the sweeper's.
 */
export const handler = middy<DynamoDBStreamEvent, void>().handler(async (event) => {
  const refs = event.Records.filter(matchesOutboxFilter)
    .map(outboxRefOf)
    .filter((r): r is { caseId: string; id: string } => r !== undefined);
  await dispatch(refs);
});
