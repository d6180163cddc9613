import { ConditionalCheckFailedException, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { PreparedWrite } from '../../core/kernel/transaction';
import {
  NotificationExistsError,
  NotificationNotHeldError,
  type DeadLetteredMail,
  type DeliveryEvent,
  type NotificationStatus,
  type OutboxMessage,
  type OutboxStore,
} from '../../core/outbox/ports';
import { batchGetItems } from './batch-get';
import { dueItemKeys } from './due-index';
import { DUE_INDEX, keys, outboxRefOfKeys } from './keys';
import { prepared, putNew, type Table } from './transact';
import { correlationId } from '../../observability/telemetry';

/** A queued message not sent within this time is picked up by the sweeper even if its stream record was lost. */
const QUEUED_SAFETY_NET_MS = 2 * 60_000;

/** The item type of a notification, in its case's partition. */
const OUTBOX_TYPE = 'outbox';

const DUE_NAMES = { '#status': 'status', '#gpk': DUE_INDEX.partitionKey, '#gsk': DUE_INDEX.sortKey };

/**
 * The outbox: one item per notification in its case's partition (`OUTBOX#<ulid>`), with its status
 * (held → queued → sending → sent, or retry → failed) and the mail service's delivery events. The
 * sparse index `gsi1` holds only the notifications that are due for a look at a given time, so the
 * sweeper never scans the table. Becoming `queued` is what the table's stream feeds to the
 * dispatcher (`functions/stream/outbox-filter.ts`).
 */
export class DynamoDbOutboxStore implements OutboxStore {
  constructor(private readonly table: Table) {}

  enqueue(messages: readonly OutboxMessage[]): PreparedWrite {
    return prepared(messages.map((m) => putNew(this.table, outboxItem(m), () => new NotificationExistsError())));
  }

  release(caseId: string, ids: readonly string[], at: string): PreparedWrite {
    return prepared(
      ids.map((id) => ({
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(keys.outbox(caseId, id)),
            UpdateExpression: 'SET #status = :queued, releasedAt = :at, #gpk = :due, #gsk = :safety',
            ConditionExpression: '#status = :held',
            ExpressionAttributeNames: DUE_NAMES,
            ExpressionAttributeValues: marshall({
              ':queued': 'queued',
              ':held': 'held',
              ':at': at,
              ':due': DUE_INDEX.duePartition,
              ':safety': new Date(Date.parse(at) + QUEUED_SAFETY_NET_MS).toISOString(),
            }),
          },
        },
        onConditionFailed: () => new NotificationNotHeldError(),
      })),
    );
  }

  async claim(caseId: string, id: string, now: Date, leaseMs: number): Promise<OutboxMessage | undefined> {
    const until = new Date(now.getTime() + leaseMs).toISOString();
    try {
      const out = await this.table.client.send(
        new UpdateItemCommand({
          TableName: this.table.name,
          Key: marshall(keys.outbox(caseId, id)),
          UpdateExpression: 'SET #status = :sending, claimedUntil = :until, #gpk = :due, #gsk = :until ADD attempts :one',
          ConditionExpression: 'attribute_exists(pk) AND (#status IN (:queued, :retry) OR (#status = :sending AND claimedUntil < :now))',
          ExpressionAttributeNames: DUE_NAMES,
          ExpressionAttributeValues: marshall({
            ':sending': 'sending',
            ':queued': 'queued',
            ':retry': 'retry',
            ':until': until,
            ':now': now.toISOString(),
            ':due': DUE_INDEX.duePartition,
            ':one': 1,
          }),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return outboxMessageOf(unmarshall(out.Attributes ?? {}));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async markSent(caseId: string, id: string, providerMessageId: string, now: Date): Promise<void> {
    await this.table.client.send(
      new UpdateItemCommand({
        TableName: this.table.name,
        Key: marshall(keys.outbox(caseId, id)),
        UpdateExpression: 'SET #status = :sent, sentAt = :now, providerMessageId = :mid REMOVE claimedUntil, #gpk, #gsk',
        ExpressionAttributeNames: DUE_NAMES,
        ExpressionAttributeValues: marshall({ ':sent': 'sent', ':now': now.toISOString(), ':mid': providerMessageId }),
      }),
    );
  }

  async markAttemptFailed(caseId: string, id: string, reason: string, now: Date, retryAt: Date | undefined): Promise<void> {
    await this.table.client.send(
      new UpdateItemCommand({
        TableName: this.table.name,
        Key: marshall(keys.outbox(caseId, id)),
        ...(retryAt
          ? {
              UpdateExpression:
                'SET #status = :retry, lastError = :reason, lastAttemptAt = :now, nextAttemptAt = :at, #gpk = :due, #gsk = :at REMOVE claimedUntil',
              ExpressionAttributeValues: marshall({
                ':retry': 'retry',
                ':reason': reason,
                ':now': now.toISOString(),
                ':at': retryAt.toISOString(),
                ':due': DUE_INDEX.duePartition,
              }),
            }
          : {
              // Out of the sweeper's partition, into the dead letters' (an operator re-drives them).
              UpdateExpression:
                'SET #status = :failed, lastError = :reason, lastAttemptAt = :now, failedAt = :now, #gpk = :dead, #gsk = :now REMOVE claimedUntil, nextAttemptAt',
              ExpressionAttributeValues: marshall({ ':failed': 'failed', ':reason': reason, ':now': now.toISOString(), ':dead': DUE_INDEX.deadLetterPartition }),
            }),
        ExpressionAttributeNames: DUE_NAMES,
      }),
    );
  }

  async dueForRetry(now: Date, limit: number): Promise<{ caseId: string; id: string }[]> {
    return (await dueItemKeys(this.table, DUE_INDEX.duePartition, now, limit)).map(outboxRefOfKeys);
  }

  async deadLettered(limit: number): Promise<DeadLetteredMail[]> {
    const found = await dueItemKeys(this.table, DUE_INDEX.deadLetterPartition, '9999', limit);
    if (found.length === 0) return [];
    return (await batchGetItems(this.table, found))
      .filter((item) => item.status === 'failed')
      .map((item) => ({
        caseId: item.caseId,
        id: item.outboxId,
        kind: item.kind,
        failedAt: item.failedAt,
        ...(item.lastError ? { lastError: item.lastError } : {}),
        ...(item.correlationId ? { correlationId: item.correlationId } : {}),
      }))
      .sort((a, b) => a.failedAt.localeCompare(b.failedAt));
  }

  async redrive(caseId: string, id: string, now: Date): Promise<boolean> {
    try {
      await this.table.client.send(
        new UpdateItemCommand({
          TableName: this.table.name,
          Key: marshall(keys.outbox(caseId, id)),
          UpdateExpression: 'SET #status = :retry, attempts = :zero, nextAttemptAt = :now, redrivenAt = :now, #gpk = :due, #gsk = :now REMOVE failedAt',
          ConditionExpression: '#status = :failed',
          ExpressionAttributeNames: DUE_NAMES,
          ExpressionAttributeValues: marshall({ ':retry': 'retry', ':zero': 0, ':now': now.toISOString(), ':due': DUE_INDEX.duePartition, ':failed': 'failed' }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async recordDelivery(event: DeliveryEvent): Promise<void> {
    const entry = { status: event.status, at: event.at, ...(event.detail ? { detail: event.detail } : {}) };
    const base = {
      TableName: this.table.name,
      Key: marshall(keys.outbox(event.caseId, event.outboxId)),
      ExpressionAttributeNames: { '#events': 'deliveryEvents' },
    };
    // A bounce or complaint stays the status; "delivered" or "delayed" never overwrite them.
    const final = event.status === 'bounced' || event.status === 'complaint' || event.status === 'rejected';
    try {
      await this.table.client.send(
        new UpdateItemCommand({
          ...base,
          UpdateExpression: 'SET deliveryStatus = :status, #events = list_append(if_not_exists(#events, :empty), :entry)',
          ConditionExpression: final
            ? 'attribute_exists(pk)'
            : 'attribute_exists(pk) AND (attribute_not_exists(deliveryStatus) OR deliveryStatus IN (:delivered, :delayed))',
          ExpressionAttributeValues: marshall({
            ':status': event.status,
            ':empty': [],
            ':entry': [entry],
            ...(final ? {} : { ':delivered': 'delivered', ':delayed': 'delayed' }),
          }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Unknown notification, or a final status already set: keep the event in the history only.
      await this.table.client
        .send(
          new UpdateItemCommand({
            ...base,
            UpdateExpression: 'SET #events = list_append(if_not_exists(#events, :empty), :entry)',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: marshall({ ':empty': [], ':entry': [entry] }),
          }),
        )
        .catch((e) => {
          if (!(e instanceof ConditionalCheckFailedException)) throw e;
        });
    }
  }
}

/** Whether an item of a case's partition is a notification. */
export function isOutboxItem(item: Record<string, unknown>): boolean {
  return item.type === OUTBOX_TYPE;
}

/** A notification item as the case shows it. */
export function notificationStatusOf(item: Record<string, any>): NotificationStatus {
  return {
    id: item.outboxId,
    kind: item.kind,
    recipient: item.recipient,
    to: item.to,
    status: item.status,
    attempts: item.attempts ?? 0,
    deliveryStatus: item.deliveryStatus,
    sentAt: item.sentAt,
    lastError: item.lastError,
  };
}

function outboxItem(m: OutboxMessage) {
  return {
    ...keys.outbox(m.caseId, m.id),
    type: OUTBOX_TYPE,
    outboxId: m.id,
    caseId: m.caseId,
    kind: m.kind,
    recipient: m.recipient,
    to: m.to,
    subject: m.mail.subject,
    text: m.mail.text,
    html: m.mail.html,
    status: m.held ? 'held' : 'queued',
    attempts: 0,
    createdAt: m.createdAt,
    // What caused it, for the logs of its sending and delivery (no personal data: a request id, a job and its time).
    ...((m.correlationId ?? correlationId()) ? { correlationId: m.correlationId ?? correlationId() } : {}),
    // The sweeper's safety net: a queued message whose stream record went astray is still sent.
    ...(m.held
      ? {}
      : {
          [DUE_INDEX.partitionKey]: DUE_INDEX.duePartition,
          [DUE_INDEX.sortKey]: new Date(Date.parse(m.createdAt) + QUEUED_SAFETY_NET_MS).toISOString(),
        }),
  };
}

function outboxMessageOf(item: Record<string, any>): OutboxMessage {
  return {
    id: item.outboxId,
    caseId: item.caseId,
    kind: item.kind,
    recipient: item.recipient,
    to: item.to,
    createdAt: item.createdAt,
    attempts: item.attempts,
    mail: { subject: item.subject, text: item.text, html: item.html },
    ...(item.correlationId ? { correlationId: item.correlationId } : {}),
  };
}
