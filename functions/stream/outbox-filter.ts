import type { DynamoDBRecord } from 'aws-lambda';
import { OUTBOX_SK_PREFIX } from '../adapters/dynamodb/keys';

/**
 * Which stream records feed the dispatcher: outbox items that became `queued` (new, or released
 * after being held). The CDK event source mapping uses the pattern; the local stack's stream
 * poller uses the predicate; both say the same thing.
 */
export const OUTBOX_STREAM_FILTER_PATTERN = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { NewImage: { sk: { S: [{ prefix: OUTBOX_SK_PREFIX }] }, status: { S: ['queued'] } } },
} as const;

export function matchesOutboxFilter(record: DynamoDBRecord): boolean {
  const image = record.dynamodb?.NewImage;
  return (
    (record.eventName === 'INSERT' || record.eventName === 'MODIFY') &&
    (image?.sk?.S ?? '').startsWith(OUTBOX_SK_PREFIX) &&
    image?.status?.S === 'queued'
  );
}

/** The outbox message a matching record is about. */
export function outboxRefOf(record: DynamoDBRecord): { caseId: string; id: string } | undefined {
  const image = record.dynamodb?.NewImage;
  const caseId = image?.caseId?.S;
  const id = image?.outboxId?.S;
  return caseId && id ? { caseId, id } : undefined;
}
