import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { dispatchOutbox } from '../core/dispatch-outbox';
import { caseRepository, sesMailer, systemClock } from '../wiring';
import { matchesOutboxFilter, outboxIdOf } from './outbox-filter';

const dispatch = dispatchOutbox({ outbox: caseRepository(), mailer: sesMailer(), clock: systemClock });

/**
 * Fed by the table's stream (an event source mapping in AWS, the local stream poller locally).
 * Failed messages are reported per record, so only they are delivered again.
 */
export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(async (event) => {
  const records = event.Records.filter(matchesOutboxFilter);
  const ids = records.map(outboxIdOf).filter((id): id is string => id !== undefined);
  const result = await dispatch(ids);
  const failed = new Set(result.failed);
  return {
    batchItemFailures: records
      .filter((r) => failed.has(outboxIdOf(r) ?? ''))
      .map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' })),
  };
});
