import {
  ConditionalCheckFailedException,
  GetItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  CaseRepository,
  IdempotencyRecord,
  NewCase,
  OutboxMessage,
  OutboxRepository,
} from '../core/ports';
import { IdempotencyConflict } from '../core/ports';

/**
 * The single table's keys. Only this module builds them: an access pattern changes here or nowhere.
 */
export const keys = {
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'META' }),
  caseReference: (reference: string) => ({ pk: `CASEREF#${reference}`, sk: 'CASEREF' }),
  caseCounter: (year: number) => ({ pk: 'COUNTER#case-reference', sk: `YEAR#${year}` }),
  idempotency: (keyHash: string) => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' }),
  outbox: (id: string) => ({ pk: `OUTBOX#${id}`, sk: 'OUTBOX' }),
};

/** The prefix of outbox items' partition keys: the stream filter and the dispatcher match on it. */
export const OUTBOX_PK_PREFIX = 'OUTBOX#';

/** How long an idempotency record answers retries. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

const marshallOptions = { removeUndefinedValues: true, convertClassInstanceToMap: false };

export class DynamoDbCaseRepository implements CaseRepository, OutboxRepository {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async nextCaseNumber(year: number): Promise<number> {
    const out = await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.caseCounter(year)),
        UpdateExpression: 'ADD #value :one',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.value?.N);
  }

  async saveNewCase({ newCase, outbox, idempotency }: { newCase: NewCase; outbox: OutboxMessage[]; idempotency?: IdempotencyRecord }) {
    const items: TransactWriteItem[] = [
      this.putNew({
        ...keys.case(newCase.caseId),
        type: 'case',
        caseId: newCase.caseId,
        reference: newCase.reference,
        status: 'received',
        receivedAt: newCase.receivedAt,
        order: newCase.order,
      }),
      this.putNew({
        ...keys.caseReference(newCase.reference),
        type: 'case_reference',
        caseId: newCase.caseId,
      }),
      ...outbox.map((m) =>
        this.putNew({
          ...keys.outbox(m.id),
          type: 'outbox',
          outboxId: m.id,
          caseId: m.caseId,
          kind: m.kind,
          to: m.to,
          subject: m.mail.subject,
          text: m.mail.text,
          html: m.mail.html,
          status: 'queued',
          attempts: 0,
          createdAt: m.createdAt,
        }),
      ),
    ];
    const idempotencyIndex = items.length;
    if (idempotency) {
      items.push(
        this.putNew({
          ...keys.idempotency(idempotency.keyHash),
          type: 'idempotency',
          requestHash: idempotency.requestHash,
          statusCode: idempotency.statusCode,
          response: JSON.stringify(idempotency.response),
          createdAt: idempotency.createdAt,
          expiresAt: Math.floor(Date.parse(idempotency.createdAt) / 1000) + IDEMPOTENCY_TTL_SECONDS,
        }),
      );
    }
    try {
      await this.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    } catch (error) {
      if (
        idempotency &&
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[idempotencyIndex]?.Code === 'ConditionalCheckFailed'
      ) {
        throw new IdempotencyConflict();
      }
      throw error;
    }
  }

  async findIdempotencyRecord(keyHash: string): Promise<IdempotencyRecord | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(keys.idempotency(keyHash)), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const item = unmarshall(out.Item);
    return {
      keyHash,
      requestHash: item.requestHash,
      statusCode: item.statusCode,
      response: JSON.parse(item.response),
      createdAt: item.createdAt,
    };
  }

  async claim(id: string, now: Date, leaseMs: number): Promise<OutboxMessage | undefined> {
    try {
      const out = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.outbox(id)),
          UpdateExpression: 'SET #status = :sending, claimedUntil = :until ADD attempts :one',
          ConditionExpression:
            'attribute_exists(pk) AND (#status IN (:queued, :retry) OR (#status = :sending AND claimedUntil < :now))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({
            ':sending': 'sending',
            ':queued': 'queued',
            ':retry': 'retry',
            ':until': new Date(now.getTime() + leaseMs).toISOString(),
            ':now': now.toISOString(),
            ':one': 1,
          }),
          ReturnValues: 'ALL_NEW',
        }),
      );
      const item = unmarshall(out.Attributes ?? {});
      return {
        id,
        caseId: item.caseId,
        kind: item.kind,
        to: item.to,
        createdAt: item.createdAt,
        mail: { subject: item.subject, text: item.text, html: item.html },
      };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async markSent(id: string, providerMessageId: string, now: Date): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.outbox(id)),
        UpdateExpression: 'SET #status = :sent, sentAt = :now, providerMessageId = :mid REMOVE claimedUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: marshall({ ':sent': 'sent', ':now': now.toISOString(), ':mid': providerMessageId }),
      }),
    );
  }

  async markAttemptFailed(id: string, reason: string, now: Date): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.outbox(id)),
        UpdateExpression: 'SET #status = :retry, lastError = :reason, lastAttemptAt = :now REMOVE claimedUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: marshall({ ':retry': 'retry', ':reason': reason, ':now': now.toISOString() }),
      }),
    );
  }

  private putNew(item: Record<string, unknown>): TransactWriteItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: marshall(item, marshallOptions),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }
}
