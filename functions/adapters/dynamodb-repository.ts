import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  AlreadyReleasedError,
  IdempotencyConflict,
  ProviderLoadConflict,
  type CaseReader,
  type CaseView,
  type DeliveryEvent,
  type DeliveryStatusStore,
  type HeldAssignmentsWriter,
  type CaseRepository,
  type IdempotencyClaim,
  type IdempotencyClaimResult,
  type IdempotencyRecord,
  type NewCase,
  type OutboxMessage,
  type OutboxRepository,
  type ProviderLoadChange,
  type RoutingLoads,
  type RoutingState,
} from '../core/ports';

/**
 * The single table's keys. Only this module builds them: an access pattern changes here or nowhere.
 */
export const keys = {
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'META' }),
  assignment: (caseId: string, insatsType: string) => ({ pk: `CASE#${caseId}`, sk: `ASSIGNMENT#${insatsType}` }),
  outbox: (caseId: string, id: string) => ({ pk: `CASE#${caseId}`, sk: `${OUTBOX_SK_PREFIX}${id}` }),
  caseReference: (reference: string) => ({ pk: `CASEREF#${reference}`, sk: 'CASEREF' }),
  caseCounter: (year: number) => ({ pk: 'COUNTER#case-reference', sk: `YEAR#${year}` }),
  idempotency: (keyHash: string) => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' }),
  caseworkerLoad: (caseworkerId: string) => ({ pk: `CASEWORKER#${caseworkerId}`, sk: 'LOAD' }),
  providerLoad: (providerId: string) => ({ pk: `PROVIDER#${providerId}`, sk: 'LOAD' }),
  rotationCounter: (rotation: string) => ({ pk: `ROTATION#${rotation}`, sk: 'COUNTER' }),
  caseEvent: (caseId: string, id: string) => ({ pk: `CASE#${caseId}`, sk: `EVENT#${id}` }),
  rotationTurn: (rotation: string, turn: number) => ({ pk: `ROTATION#${rotation}`, sk: `TURN#${String(turn).padStart(8, '0')}` }),
};

/** Outbox items live in their case's partition, so a case's notifications and their status read together. */
export const OUTBOX_SK_PREFIX = 'OUTBOX#';

/** The sparse index of notifications that need a look at a given time (retry, expired claim, safety net). */
export const DUE_INDEX = { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', duePartition: 'OUTBOX_DUE' } as const;

/** A queued message not sent within this time is picked up by the sweeper even if its stream record was lost. */
const QUEUED_SAFETY_NET_MS = 2 * 60_000;

/** How long an idempotency record answers retries. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** Transactions touching a hot item (a provider's load) can collide; they are tried again with jitter. */
const TRANSACTION_ATTEMPTS = 8;

const marshallOptions = { removeUndefinedValues: true, convertClassInstanceToMap: false };

export class DynamoDbCaseRepository
  implements CaseRepository, OutboxRepository, RoutingState, CaseReader, HeldAssignmentsWriter, DeliveryStatusStore
{
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async nextCaseNumber(year: number): Promise<number> {
    return this.increment(keys.caseCounter(year));
  }

  async takeRotationTurn(rotation: string): Promise<number> {
    return this.increment(keys.rotationCounter(rotation));
  }

  async loads(input: { caseworkerIds: string[]; providerIds: string[] }): Promise<RoutingLoads> {
    const items = await this.batchGet([...input.caseworkerIds.map(keys.caseworkerLoad), ...input.providerIds.map(keys.providerLoad)]);
    const loads: RoutingLoads = { caseworkers: {}, providers: {} };
    for (const item of items) {
      if (item.caseworkerId) loads.caseworkers[item.caseworkerId] = { openCases: item.openCases ?? 0, lastAssignedAt: item.lastAssignedAt };
      if (item.providerId) {
        loads.providers[item.providerId] = { clients: item.clients ?? 0, hoursPerMonth: item.hoursPerMonth ?? 0, warned: Boolean(item.warnedAt) };
      }
    }
    return loads;
  }

  async saveNewCase({
    newCase,
    outbox,
    idempotency,
  }: {
    newCase: NewCase;
    outbox: OutboxMessage[];
    idempotency?: IdempotencyRecord & { token: string };
  }) {
    const { caseId, reference, receivedAt, order, routing } = newCase;
    const caseworker = routing.caseworker;
    const items: TransactWriteItem[] = [
      this.putNew({
        ...keys.case(caseId),
        type: 'case',
        caseId,
        reference,
        status: 'open',
        receivedAt,
        protectedIdentity: order.person.protectedIdentity,
        routing: {
          kind: caseworker.kind,
          caseworkerId: caseworker.kind === 'caseworker' ? caseworker.caseworkerId : undefined,
          unitId: caseworker.unitId,
          districtId: caseworker.districtId,
          reason: caseworker.reason,
          routedAt: receivedAt,
        },
        order,
      }),
      this.putNew({ ...keys.caseReference(reference), type: 'case_reference', caseId }),
      ...routing.assignments.map((a) =>
        this.putNew({
          ...keys.assignment(caseId, a.insatsType),
          type: 'assignment',
          caseId,
          reference,
          insatsType: a.insatsType,
          status: a.status,
          decision: a.decision,
          decidedAt: receivedAt,
        }),
      ),
      ...routing.turns.map((t) =>
        this.putNew({ ...keys.rotationTurn(t.rotation, t.turn), type: 'rotation_turn', ...t, caseId, reference, takenAt: receivedAt }),
      ),
      ...outbox.map((m) => this.putNew(outboxItem(m))),
    ];
    if (caseworker.kind === 'caseworker') {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: marshall(keys.caseworkerLoad(caseworker.caseworkerId)),
          UpdateExpression: 'SET caseworkerId = :id, lastAssignedAt = :now ADD openCases :one',
          ExpressionAttributeValues: marshall({ ':id': caseworker.caseworkerId, ':now': receivedAt, ':one': 1 }),
        },
      });
    }
    const loadIndex = new Map<number, string>();
    for (const change of routing.providerLoads) {
      loadIndex.set(items.length, change.providerId);
      items.push(this.providerLoadUpdate(change, receivedAt));
    }
    const idempotencyIndex = items.length;
    if (idempotency) {
      // The request's claim becomes the stored answer, only if the claim is still this request's.
      items.push({
        Update: {
          TableName: this.tableName,
          Key: marshall(keys.idempotency(idempotency.keyHash)),
          UpdateExpression:
            'SET #state = :completed, statusCode = :status, #response = :response, createdAt = :at, expiresAt = :expires REMOVE claimToken, claimedUntil',
          ConditionExpression: '#state = :inProgress AND claimToken = :token',
          ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
          ExpressionAttributeValues: marshall({
            ':completed': 'completed',
            ':inProgress': 'in_progress',
            ':token': idempotency.token,
            ':status': idempotency.statusCode,
            ':response': JSON.stringify(idempotency.response),
            ':at': idempotency.createdAt,
            ':expires': Math.floor(Date.parse(idempotency.createdAt) / 1000) + IDEMPOTENCY_TTL_SECONDS,
          }),
        },
      });
    }

    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (idempotency && reasons[idempotencyIndex]?.Code === 'ConditionalCheckFailed') throw new IdempotencyConflict();
        for (const [index, providerId] of loadIndex) {
          if (reasons[index]?.Code === 'ConditionalCheckFailed') throw new ProviderLoadConflict(providerId);
        }
        const collided = reasons.some((r) => r.Code === 'TransactionConflict');
        if (!collided || attempt >= TRANSACTION_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
      }
    }
  }

  async claimIdempotencyKey(claim: IdempotencyClaim, now: Date, attempt = 1): Promise<IdempotencyClaimResult> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({
            ...keys.idempotency(claim.keyHash),
            type: 'idempotency',
            state: 'in_progress',
            requestHash: claim.requestHash,
            claimToken: claim.token,
            claimedUntil: claim.claimedUntil,
            // An abandoned claim disappears by itself too.
            expiresAt: Math.floor(Date.parse(claim.claimedUntil) / 1000) + IDEMPOTENCY_TTL_SECONDS,
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
      if (!item && attempt < 3) return this.claimIdempotencyKey(claim, now, attempt + 1);
      if (!item) throw error;
      if (item.state === 'in_progress') return { kind: 'in_progress', requestHash: item.requestHash, claimedUntil: item.claimedUntil };
      return { kind: 'completed', record: idempotencyRecordOf(claim.keyHash, item) };
    }
  }

  async releaseIdempotencyClaim(keyHash: string, token: string): Promise<void> {
    await this.client
      .send(
        new DeleteItemCommand({
          TableName: this.tableName,
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

  async findIdempotencyRecord(keyHash: string): Promise<IdempotencyRecord | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(keys.idempotency(keyHash)), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const item = unmarshall(out.Item);
    return item.state === 'in_progress' ? undefined : idempotencyRecordOf(keyHash, item);
  }

  async claim(caseId: string, id: string, now: Date, leaseMs: number): Promise<OutboxMessage | undefined> {
    const until = new Date(now.getTime() + leaseMs).toISOString();
    try {
      const out = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.outbox(caseId, id)),
          UpdateExpression: 'SET #status = :sending, claimedUntil = :until, #gpk = :due, #gsk = :until ADD attempts :one',
          ConditionExpression:
            'attribute_exists(pk) AND (#status IN (:queued, :retry) OR (#status = :sending AND claimedUntil < :now))',
          ExpressionAttributeNames: { '#status': 'status', '#gpk': DUE_INDEX.partitionKey, '#gsk': DUE_INDEX.sortKey },
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
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.outbox(caseId, id)),
        UpdateExpression: 'SET #status = :sent, sentAt = :now, providerMessageId = :mid REMOVE claimedUntil, #gpk, #gsk',
        ExpressionAttributeNames: { '#status': 'status', '#gpk': DUE_INDEX.partitionKey, '#gsk': DUE_INDEX.sortKey },
        ExpressionAttributeValues: marshall({ ':sent': 'sent', ':now': now.toISOString(), ':mid': providerMessageId }),
      }),
    );
  }

  async markAttemptFailed(caseId: string, id: string, reason: string, now: Date, retryAt: Date | undefined): Promise<void> {
    const names = { '#status': 'status', '#gpk': DUE_INDEX.partitionKey, '#gsk': DUE_INDEX.sortKey };
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.outbox(caseId, id)),
        ...(retryAt
          ? {
              UpdateExpression: 'SET #status = :retry, lastError = :reason, lastAttemptAt = :now, nextAttemptAt = :at, #gpk = :due, #gsk = :at REMOVE claimedUntil',
              ExpressionAttributeValues: marshall({ ':retry': 'retry', ':reason': reason, ':now': now.toISOString(), ':at': retryAt.toISOString(), ':due': DUE_INDEX.duePartition }),
            }
          : {
              UpdateExpression: 'SET #status = :failed, lastError = :reason, lastAttemptAt = :now, failedAt = :now REMOVE claimedUntil, nextAttemptAt, #gpk, #gsk',
              ExpressionAttributeValues: marshall({ ':failed': 'failed', ':reason': reason, ':now': now.toISOString() }),
            }),
        ExpressionAttributeNames: names,
      }),
    );
  }

  async dueForRetry(now: Date, limit: number): Promise<{ caseId: string; id: string }[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: DUE_INDEX.name,
        KeyConditionExpression: '#gpk = :due AND #gsk <= :now',
        ExpressionAttributeNames: { '#gpk': DUE_INDEX.partitionKey, '#gsk': DUE_INDEX.sortKey },
        ExpressionAttributeValues: marshall({ ':due': DUE_INDEX.duePartition, ':now': now.toISOString() }),
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => outboxRefOfKeys(unmarshall(i)));
  }

  async findCaseIdByReference(reference: string): Promise<string | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(keys.caseReference(reference)), ConsistentRead: true }),
    );
    return out.Item ? unmarshall(out.Item).caseId : undefined;
  }

  async findCase(caseId: string): Promise<CaseView | undefined> {
    const items: Record<string, any>[] = [];
    let start: Record<string, any> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': keys.case(caseId).pk }),
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
      start = out.LastEvaluatedKey;
    } while (start);
    const meta = items.find((i) => i.type === 'case');
    if (!meta) return undefined;
    return {
      caseId,
      reference: meta.reference,
      status: meta.status,
      protectedIdentity: meta.protectedIdentity,
      routing: meta.routing,
      order: meta.order,
      assignments: items
        .filter((i) => i.type === 'assignment')
        .map((i) => ({ insatsType: i.insatsType, decision: i.decision, status: i.status, decidedAt: i.decidedAt, releasedAt: i.releasedAt })),
      notifications: items
        .filter((i) => i.type === 'outbox')
        .map((i) => ({
          id: i.outboxId,
          kind: i.kind,
          recipient: i.recipient,
          to: i.to,
          status: i.status,
          attempts: i.attempts ?? 0,
          deliveryStatus: i.deliveryStatus,
          sentAt: i.sentAt,
          lastError: i.lastError,
        })),
      events: items.filter((i) => i.type === 'case_event').map(({ pk: _pk, sk: _sk, type: _t, eventType, ...rest }) => ({ type: eventType, ...rest }) as CaseView['events'][number]),
    };
  }

  async releaseHeld(input: Parameters<HeldAssignmentsWriter['releaseHeld']>[0]): Promise<void> {
    const { caseId, event } = input;
    const names = { '#status': 'status', '#gpk': DUE_INDEX.partitionKey, '#gsk': DUE_INDEX.sortKey };
    const items: TransactWriteItem[] = [
      ...input.insatsTypes.map((type) => ({
        Update: {
          TableName: this.tableName,
          Key: marshall(keys.assignment(caseId, type)),
          UpdateExpression: 'SET #status = :sent, releasedAt = :at',
          ConditionExpression: '#status = :held',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({ ':sent': 'sent', ':held': 'held', ':at': event.at }),
        },
      })),
      ...input.outboxIds.map((id) => ({
        Update: {
          TableName: this.tableName,
          Key: marshall(keys.outbox(caseId, id)),
          // Becoming `queued` is what the stream filter feeds to the dispatcher.
          UpdateExpression: 'SET #status = :queued, releasedAt = :at, #gpk = :due, #gsk = :safety',
          ConditionExpression: '#status = :held',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall({
            ':queued': 'queued',
            ':held': 'held',
            ':at': event.at,
            ':due': DUE_INDEX.duePartition,
            ':safety': new Date(Date.parse(event.at) + QUEUED_SAFETY_NET_MS).toISOString(),
          }),
        },
      })),
      this.putNew({
        ...keys.caseEvent(caseId, event.id),
        type: 'case_event',
        eventType: event.type,
        by: event.by,
        unitHeadName: event.unitHeadName,
        toldAt: event.toldAt,
        at: event.at,
      }),
    ];
    try {
      await this.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw new AlreadyReleasedError('The assignments were already released');
      }
      throw error;
    }
  }

  async recordDelivery(event: DeliveryEvent): Promise<void> {
    const entry = { status: event.status, at: event.at, ...(event.detail ? { detail: event.detail } : {}) };
    const base = {
      TableName: this.tableName,
      Key: marshall(keys.outbox(event.caseId, event.outboxId)),
      ExpressionAttributeNames: { '#events': 'deliveryEvents' },
    };
    // A bounce or complaint stays the status; "delivered" or "delayed" never overwrite them.
    const final = event.status === 'bounced' || event.status === 'complaint' || event.status === 'rejected';
    try {
      await this.client.send(
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
      await this.client
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

  private async increment(key: { pk: string; sk: string }): Promise<number> {
    const out = await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(key),
        UpdateExpression: 'ADD #value :one',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.value?.N);
  }

  private async batchGet(itemKeys: { pk: string; sk: string }[]): Promise<Record<string, any>[]> {
    const found: Record<string, any>[] = [];
    for (let i = 0; i < itemKeys.length; i += 100) {
      let request: Record<string, any> | undefined = {
        [this.tableName]: { Keys: itemKeys.slice(i, i + 100).map((k) => marshall(k)), ConsistentRead: true },
      };
      while (request && Object.keys(request).length > 0) {
        const out: BatchGetItemCommandOutput = await this.client.send(new BatchGetItemCommand({ RequestItems: request }));
        found.push(...(out.Responses?.[this.tableName] ?? []).map((item) => unmarshall(item)));
        request = out.UnprocessedKeys;
      }
    }
    return found;
  }

  private providerLoadUpdate(change: ProviderLoadChange, now: string): TransactWriteItem {
    const conditions: string[] = [];
    const values: Record<string, unknown> = { ':id': change.providerId, ':clients': change.clients, ':hours': change.hoursPerMonth };
    if (change.cap && 'clients' in change.cap) {
      conditions.push('(attribute_not_exists(clients) OR clients <= :room)');
      values[':room'] = change.cap.clients - change.clients;
    }
    if (change.cap && 'hoursPerMonth' in change.cap) {
      conditions.push('(attribute_not_exists(hoursPerMonth) OR hoursPerMonth <= :room)');
      values[':room'] = change.cap.hoursPerMonth - change.hoursPerMonth;
    }
    if (change.seen) {
      conditions.push(
        change.seen.clients === 0 && change.seen.hoursPerMonth === 0
          ? '(attribute_not_exists(clients) OR (clients = :seenClients AND hoursPerMonth = :seenHours))'
          : '(clients = :seenClients AND hoursPerMonth = :seenHours)',
      );
      values[':seenClients'] = change.seen.clients;
      values[':seenHours'] = change.seen.hoursPerMonth;
    }
    if (change.warn) {
      conditions.push('attribute_not_exists(warnedAt)');
      values[':now'] = now;
    }
    return {
      Update: {
        TableName: this.tableName,
        Key: marshall(keys.providerLoad(change.providerId)),
        UpdateExpression: `SET providerId = :id${change.warn ? ', warnedAt = :now' : ''} ADD clients :clients, hoursPerMonth :hours`,
        ...(conditions.length ? { ConditionExpression: conditions.join(' AND ') } : {}),
        ExpressionAttributeValues: marshall(values),
      },
    };
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

function idempotencyRecordOf(keyHash: string, item: Record<string, any>): IdempotencyRecord {
  return { keyHash, requestHash: item.requestHash, statusCode: item.statusCode, response: JSON.parse(item.response), createdAt: item.createdAt };
}

/** The outbox message an item's keys name (the due index projects keys only). */
function outboxRefOfKeys(item: Record<string, any>): { caseId: string; id: string } {
  return { caseId: String(item.pk).slice('CASE#'.length), id: String(item.sk).slice(OUTBOX_SK_PREFIX.length) };
}

function outboxItem(m: OutboxMessage): Record<string, unknown> {
  return {
    ...keys.outbox(m.caseId, m.id),
    type: 'outbox',
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
  };
}
