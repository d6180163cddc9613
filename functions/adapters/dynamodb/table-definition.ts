import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { ALL_CASES_INDEX, DUE_INDEX, INBOX_INDEX, TTL_ATTRIBUTE } from './keys';

export { TTL_ATTRIBUTE };

/**
 * The table as the local stack creates it; `infra/data.ts` declares the same keys and stream for
 * AWS (a template test checks they agree).
 */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: DUE_INDEX.partitionKey, AttributeType: 'S' },
      { AttributeName: DUE_INDEX.sortKey, AttributeType: 'S' },
      { AttributeName: INBOX_INDEX.partitionKey, AttributeType: 'S' },
      { AttributeName: INBOX_INDEX.sortKey, AttributeType: 'S' },
      { AttributeName: ALL_CASES_INDEX.partitionKey, AttributeType: 'S' },
      { AttributeName: ALL_CASES_INDEX.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: DUE_INDEX.name,
        KeySchema: [
          { AttributeName: DUE_INDEX.partitionKey, KeyType: 'HASH' },
          { AttributeName: DUE_INDEX.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
      {
        IndexName: INBOX_INDEX.name,
        KeySchema: [
          { AttributeName: INBOX_INDEX.partitionKey, KeyType: 'HASH' },
          { AttributeName: INBOX_INDEX.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: ALL_CASES_INDEX.name,
        KeySchema: [
          { AttributeName: ALL_CASES_INDEX.partitionKey, KeyType: 'HASH' },
          { AttributeName: ALL_CASES_INDEX.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}

