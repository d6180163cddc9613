import {
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type DynamoDBClient,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { PreparedWrite, Transactor } from '../../core/kernel/transaction';
import type { ItemKey } from './keys';

/** The one table and the client that reaches it. */
export interface Table {
  client: DynamoDBClient;
  name: string;
}

/** An item of a prepared write, and what a failed condition on it means in the domain. */
export interface TransactPart {
  item: TransactWriteItem;
  /** The domain error for `ConditionalCheckFailed` on this item; without it the database's error is thrown. */
  onConditionFailed?: () => Error;
}

interface DynamoDbWrite {
  readonly dynamoDbParts: readonly TransactPart[];
}

export const marshallOptions = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const;

/** A store's items, prepared for `DynamoDbTransactor` (opaque to use cases). */
export function prepared(parts: readonly TransactPart[]): PreparedWrite {
  const write: DynamoDbWrite = { dynamoDbParts: parts };
  return write as unknown as PreparedWrite;
}

function partsOf(write: PreparedWrite): readonly TransactPart[] {
  const parts = (write as unknown as Partial<DynamoDbWrite>).dynamoDbParts;
  if (!parts) throw new Error('A prepared write from another store implementation was given to the DynamoDB transactor');
  return parts;
}

/** A new item: the write fails (`onConditionFailed`) if an item with its key exists. */
export function putNew(table: Table, item: ItemKey & Record<string, unknown>, onConditionFailed?: () => Error): TransactPart {
  return {
    item: { Put: { TableName: table.name, Item: marshall(item, marshallOptions), ConditionExpression: 'attribute_not_exists(pk)' } },
    onConditionFailed,
  };
}

/** Transactions touching a hot item (a provider's load) can collide; they are tried again with jitter. */
const TRANSACTION_ATTEMPTS = 8;

/**
 * Commits prepared writes of several stores as one `TransactWriteItems`. When DynamoDB cancels it,
 * each cancellation reason is mapped, by its index, back to the item that failed: the first
 * failed condition (in the order of the writes) throws that item's domain error. Collisions with
 * concurrent transactions (`TransactionConflict`) are tried again with jittered backoff.
 */
export class DynamoDbTransactor implements Transactor {
  constructor(private readonly table: Table) {}

  async commit(writes: readonly PreparedWrite[]): Promise<void> {
    const parts = writes.flatMap(partsOf);
    if (parts.length === 0) return;
    const command = new TransactWriteItemsCommand({ TransactItems: parts.map((p) => p.item) });
    for (let attempt = 1; ; attempt++) {
      try {
        await this.table.client.send(command);
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
        if (failed >= 0) throw parts[failed]?.onConditionFailed?.() ?? error;
        const collided = reasons.some((r) => r.Code === 'TransactionConflict');
        if (!collided || attempt >= TRANSACTION_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
      }
    }
  }
}
