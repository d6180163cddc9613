import { ConditionalCheckFailedException, DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  IdempotencyConflict,
  type IdempotencyClaim,
  type IdempotencyClaimResult,
  type IdempotencyRecord,
  type IdempotencyStore,
} from '../../core/kernel/idempotency';
import type { PreparedWrite } from '../../core/kernel/transaction';
import { keys, TTL_ATTRIBUTE } from './keys';
import { prepared, type Table } from './transact';

/** How long a completed answer answers retries (then the item expires by itself). */
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/**
 * One item per key (`IDEMPOTENCY#<sha256>`): `in_progress` with the holder's token while a request
 * works, then `completed` with the first answer, for 24 hours.
 */
export class DynamoDbIdempotencyStore implements IdempotencyStore {
  constructor(private readonly table: Table) {}

  async claim(claim: IdempotencyClaim, now: Date, attempt = 1): Promise<IdempotencyClaimResult> {
    try {
      await this.table.client.send(
        new PutItemCommand({
          TableName: this.table.name,
          Item: marshall({
            ...keys.idempotency(claim.keyHash),
            type: 'idempotency',
            state: 'in_progress',
            requestHash: claim.requestHash,
            claimToken: claim.token,
            claimedUntil: claim.claimedUntil,
            // An abandoned claim disappears by itself too.
            [TTL_ATTRIBUTE]: Math.floor(Date.parse(claim.claimedUntil) / 1000) + IDEMPOTENCY_TTL_SECONDS,
          }),
          // Free, or claimed by a request that died (its claim has expired): take it.
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :inProgress AND claimedUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: marshall({ ':inProgress': 'in_progress', ':now': now.toISOString() }),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'claimed' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const item = error.Item ? unmarshall(error.Item) : undefined;
      // Released between the check and now: claim it again (a released key is free).
      if (!item && attempt < 3) return this.claim(claim, now, attempt + 1);
      if (!item) throw error;
      if (item.state === 'in_progress') return { kind: 'in_progress', requestHash: item.requestHash, claimedUntil: item.claimedUntil };
      return { kind: 'completed', record: recordOf(claim.keyHash, item) };
    }
  }

  async release(keyHash: string, token: string): Promise<void> {
    await this.table.client
      .send(
        new DeleteItemCommand({
          TableName: this.table.name,
          Key: marshall(keys.idempotency(keyHash)),
          ConditionExpression: '#state = :inProgress AND claimToken = :token',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: marshall({ ':inProgress': 'in_progress', ':token': token }),
        }),
      )
      .catch((error) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  async find(keyHash: string): Promise<IdempotencyRecord | undefined> {
    const out = await this.table.client.send(
      new GetItemCommand({ TableName: this.table.name, Key: marshall(keys.idempotency(keyHash)), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const item = unmarshall(out.Item);
    return item.state === 'in_progress' ? undefined : recordOf(keyHash, item);
  }

  complete(record: IdempotencyRecord & { token: string }): PreparedWrite {
    return prepared([
      {
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(keys.idempotency(record.keyHash)),
            UpdateExpression:
              'SET #state = :completed, statusCode = :status, #response = :response, createdAt = :at, #expires = :expires REMOVE claimToken, claimedUntil',
            // Only if the claim is still this request's.
            ConditionExpression: '#state = :inProgress AND claimToken = :token',
            ExpressionAttributeNames: { '#state': 'state', '#response': 'response', '#expires': TTL_ATTRIBUTE },
            ExpressionAttributeValues: marshall({
              ':completed': 'completed',
              ':inProgress': 'in_progress',
              ':token': record.token,
              ':status': record.statusCode,
              ':response': JSON.stringify(record.response),
              ':at': record.createdAt,
              ':expires': Math.floor(Date.parse(record.createdAt) / 1000) + IDEMPOTENCY_TTL_SECONDS,
            }),
          },
        },
        onConditionFailed: () => new IdempotencyConflict(),
      },
    ]);
  }
}

function recordOf(keyHash: string, item: Record<string, any>): IdempotencyRecord {
  return { keyHash, requestHash: item.requestHash, statusCode: item.statusCode, response: JSON.parse(item.response), createdAt: item.createdAt };
}
