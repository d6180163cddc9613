import type { DynamoDBRecord } from 'aws-lambda';
import { OUTBOX_PK_PREFIX } from '../adapters/dynamodb-repository';

/**
 * Which stream records feed the dispatcher: new outbox items. The CDK event source mapping uses
 * the pattern; the local stack's stream poller uses the predicate; both say the same thing.
 */
export const OUTBOX_STREAM_FILTER_PATTERN = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { pk: { S: [{ prefix: OUTBOX_PK_PREFIX }] } } },
} as const;

export function matchesOutboxFilter(record: DynamoDBRecord): boolean {
  return record.eventName === 'INSERT' && (record.dynamodb?.NewImage?.pk?.S ?? '').startsWith(OUTBOX_PK_PREFIX);
}

/** The outbox id of a matching record. */
export function outboxIdOf(record: DynamoDBRecord): string | undefined {
  const pk = record.dynamodb?.NewImage?.pk?.S ?? record.dynamodb?.Keys?.pk?.S;
  return pk?.startsWith(OUTBOX_PK_PREFIX) ? pk.slice(OUTBOX_PK_PREFIX.length) : undefined;
}
