import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  AssignmentChangedError,
  CaseChangedError,
  OrderChangedError,
  type AssignmentChange,
  type AssignmentStatus,
  type OrderVersion,
  type CaseEvent,
  type CaseStore,
  type CaseSummary,
  type CaseView,
  type ChaseStep,
  type CompletionRequest,
  type Confirmation,
  type Decline,
  type StayEnd,
  type NewCase,
  type StartDue,
  type StartRecord,
} from '../../core/cases/ports';
import type { PreparedWrite } from '../../core/kernel/transaction';
import type { SealedPersonalData } from '../../core/kernel/personal-data';
import type { InsatsType } from '../../../shared/insatser';
import type { Channel } from '../../../shared/messages';
import type { ProviderDecision } from '../../../shared/routing';
import { CasePurgedError } from '../../core/purge/ports';
import { dueItemKeys } from './due-index';
import { ALL_CASES_INDEX, assignmentRefOfKeys, caseIdOfKeys, DUE_INDEX, INBOX_INDEX, keys } from './keys';
import { isOutboxItem, notificationStatusOf } from './outbox-store';
import { batchGetItems } from './batch-get';
import { queryAll } from './query-all';
import { marshallOptions, prepared, putNew, type Table, type TransactPart } from './transact';

const providerOf = (decision: ProviderDecision) => ('providerId' in decision ? decision.providerId : undefined);

type AssignmentSummary = CaseSummary['assignments'][number];

/** What the case item keeps of an assignment, for the lists (kept with every change of the assignment). */
function summaryOf(a: { decision: ProviderDecision; status: AssignmentStatus; sentAt?: string; confirmBy?: string; startDate?: string }): Omit<AssignmentSummary, 'insatsType'> {
  return { providerId: providerOf(a.decision), status: a.status, sentAt: a.sentAt, confirmBy: a.confirmBy, startDate: a.startDate };
}

/** The case's order is at `:version` (a case never changed has no `orderVersion`: it is at 1, `:first`). */
const ORDER_VERSION_IS = '(orderVersion = :version OR (attribute_not_exists(orderVersion) AND :version = :first))';

/** A confirmed assignment, until its start is recorded, waits in the due index for the start chaser. */
const START_DUE = DUE_INDEX.startPartition;

/**
 * Cases: each in its own partition (`CASE#<id>`) — `META` (the order without its personal data,
 * which is sealed beside it; the routing decision; a summary of the assignments for the lists),
 * `ASSIGNMENT#<insats>` and `EVENT#<ulid>` (its timeline), beside the outbox's notifications —
 * with `CASEREF#<reference>` keeping references unique (the series itself is a counter, see
 * `counters-store.ts`). The case item is in the unit's list and the list of all cases; a sent
 * assignment in its provider's list and, until confirmed, in the chaser's due index.
 */
export class DynamoDbCaseStore implements CaseStore {
  constructor(private readonly table: Table) {}

  create({ caseId, reference, receivedAt, order, personalData, routing, confirmBy }: NewCase): PreparedWrite {
    const caseworker = routing.caseworker;
    const sortKey = `${receivedAt}#${caseId}`;
    const assignmentSummary = Object.fromEntries(
      routing.assignments.map((a) => [a.insatsType, summaryOf({ ...a, ...(a.status === 'sent' ? { sentAt: receivedAt, confirmBy } : {}) })]),
    );
    return prepared([
      putNew(this.table, {
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
        personalData,
        assignmentSummary,
        [INBOX_INDEX.partitionKey]: INBOX_INDEX.unit(caseworker.unitId),
        [INBOX_INDEX.sortKey]: sortKey,
        [ALL_CASES_INDEX.partitionKey]: ALL_CASES_INDEX.partition,
        [ALL_CASES_INDEX.sortKey]: sortKey,
      }),
      putNew(this.table, { ...keys.caseReference(reference), type: 'case_reference', caseId }),
      // Until the stay is ended, the case waits in the stay-end index for its last day to pass.
      putNew(this.table, { ...keys.stayEnd(caseId), type: 'stay_end', caseId, [DUE_INDEX.partitionKey]: DUE_INDEX.stayEndPartition, [DUE_INDEX.sortKey]: order.stay.to }),
      ...routing.assignments.map((a) =>
        putNew(this.table, {
          ...keys.assignment(caseId, a.insatsType),
          type: 'assignment',
          caseId,
          reference,
          insatsType: a.insatsType,
          status: a.status,
          decision: a.decision,
          decidedAt: receivedAt,
          declines: [],
          chased: [],
          ...(a.status === 'sent' ? this.sentTo(providerOf(a.decision)!, caseId, receivedAt, confirmBy) : {}),
        }),
      ),
    ]);
  }

  /** The attributes of an assignment sent to a provider: in its list, and due for the chaser at `confirmBy`. */
  private sentTo(providerId: string, caseId: string, at: string, confirmBy: string) {
    return {
      sentAt: at,
      confirmBy,
      [INBOX_INDEX.partitionKey]: INBOX_INDEX.provider(providerId),
      [INBOX_INDEX.sortKey]: `${at}#${caseId}`,
      [DUE_INDEX.partitionKey]: DUE_INDEX.confirmationPartition,
      [DUE_INDEX.sortKey]: confirmBy,
    };
  }

  async findIdByReference(reference: string): Promise<string | undefined> {
    const out = await this.table.client.send(
      new GetItemCommand({ TableName: this.table.name, Key: marshall(keys.caseReference(reference)), ConsistentRead: true }),
    );
    return out.Item ? unmarshall(out.Item).caseId : undefined;
  }

  async find(caseId: string): Promise<CaseView | undefined> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': keys.case(caseId).pk }),
      ConsistentRead: true,
    });
    const meta = items.find((i) => i.type === 'case');
    if (!meta) return undefined;
    return {
      caseId,
      reference: meta.reference,
      status: meta.status,
      receivedAt: meta.receivedAt,
      protectedIdentity: meta.protectedIdentity,
      routing: meta.routing,
      order: meta.order,
      personalData: meta.personalData,
      assignments: items
        .filter((i) => i.type === 'assignment')
        .map((i) => ({
          insatsType: i.insatsType,
          decision: i.decision,
          status: i.status,
          decidedAt: i.decidedAt,
          sentAt: i.sentAt,
          releasedAt: i.releasedAt,
          confirmation: i.confirmation,
          ...(i.startDeadline ? { startDeadline: i.startDeadline } : {}),
          ...(i.started ? { started: i.started } : {}),
          declines: i.declines ?? [],
          chased: i.chased ?? [],
          ...(i.pendingChange ? { pendingChange: i.pendingChange } : {}),
          ...(i.changeConfirmed ? { changeConfirmed: i.changeConfirmed } : {}),
          ...(i.removedAt ? { removedAt: i.removedAt } : {}),
        })),
      notifications: items.filter(isOutboxItem).map(notificationStatusOf),
      events: items
        .filter((i) => i.type === 'case_event')
        .map(({ pk: _pk, sk: _sk, type: _type, eventId: _id, eventType, ...rest }) => ({ type: eventType, ...rest }) as CaseView['events'][number]),
      ...(meta.openedAt ? { openedAt: meta.openedAt } : {}),
      ...(meta.registeredAt ? { registered: { at: meta.registeredAt, by: meta.registeredBy } } : {}),
      messageCounts: messageCountsOf(meta),
      reportsToReview: Number(meta.reportsToReview ?? 0),
      ...(meta.completion ? { completion: meta.completion } : {}),
      pausedMs: Number(meta.pausedMs ?? 0),
      ...(meta.ended ? { ended: meta.ended } : {}),
      ...(meta.closedAt ? { closedAt: meta.closedAt } : {}),
      ...(meta.purged ? { purged: meta.purged } : {}),
      orderVersion: Number(meta.orderVersion ?? 1),
      versions: items
        .filter((i) => i.type === 'order_version')
        .sort((a, b) => a.version - b.version)
        .map(({ version, at, by, byRole, changes, order, sealedDecisionText }) => ({ version, at, by, byRole, changes, order, sealedDecisionText }) as OrderVersion),
    };
  }

  /** The case item's summary of one assignment, in the same transaction as the assignment's change. */
  private summaryUpdate(caseId: string, insatsType: InsatsType, summary: Omit<AssignmentSummary, 'insatsType'>): TransactPart {
    return {
      item: {
        Update: {
          TableName: this.table.name,
          Key: marshall(keys.case(caseId)),
          UpdateExpression: 'SET assignmentSummary.#type = :summary',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#type': insatsType },
          ExpressionAttributeValues: marshall({ ':summary': summary }, marshallOptions),
        },
      },
    };
  }

  private assignmentUpdate(
    caseId: string,
    insatsType: InsatsType,
    update: { set: Record<string, unknown>; remove?: string[]; append?: Record<string, unknown[]>; condition: string; values?: Record<string, unknown> },
  ): TransactPart {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ...update.values };
    const sets = Object.entries(update.set).map(([name, value], i) => {
      names[`#s${i}`] = name;
      values[`:s${i}`] = value;
      return `#s${i} = :s${i}`;
    });
    for (const [i, [name, list]] of Object.entries(update.append ?? {}).entries()) {
      names[`#a${i}`] = name;
      values[`:a${i}`] = list;
      values[':empty'] = [];
      sets.push(`#a${i} = list_append(if_not_exists(#a${i}, :empty), :a${i})`);
    }
    const removes = (update.remove ?? []).map((name, i) => {
      names[`#r${i}`] = name;
      return `#r${i}`;
    });
    return {
      item: {
        Update: {
          TableName: this.table.name,
          Key: marshall(keys.assignment(caseId, insatsType)),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: update.condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values, marshallOptions),
        },
      },
      onConditionFailed: () => new AssignmentChangedError(),
    };
  }

  releaseAssignment({ caseId, insatsType, providerId, at, confirmBy }: { caseId: string; insatsType: InsatsType; providerId: string; at: string; confirmBy: string }): PreparedWrite {
    // The provider is read from the assignment by the caller; the condition holds it to the one held.
    return prepared([
      this.assignmentUpdate(caseId, insatsType, {
        set: { status: 'sent', releasedAt: at, ...this.sentTo(providerId, caseId, at, confirmBy) },
        condition: '#status = :held AND decision.providerId = :provider',
        values: { ':held': 'held', ':provider': providerId },
      }),
      this.summaryUpdate(caseId, insatsType, { providerId, status: 'sent', sentAt: at, confirmBy, startDate: undefined }),
    ]);
  }

  confirmAssignment({ caseId, insatsType, providerId, confirmation, start, orderVersion }: { caseId: string; insatsType: InsatsType; providerId: string; confirmation: Confirmation; start: StartDue; orderVersion?: number }): PreparedWrite {
    const summary = this.summaryUpdate(caseId, insatsType, { providerId, status: 'confirmed', startDate: confirmation.startDate, startDeadline: start.deadline });
    if (orderVersion !== undefined) {
      // The provider confirms the version they read: a change made meanwhile makes them read it again.
      const update = summary.item.Update!;
      update.ConditionExpression = `attribute_exists(pk) AND ${ORDER_VERSION_IS}`;
      update.ExpressionAttributeValues = { ...update.ExpressionAttributeValues, ...marshall({ ':version': orderVersion, ':first': 1 }) };
      summary.onConditionFailed = () => new OrderChangedError();
    }
    return prepared([
      this.assignmentUpdate(caseId, insatsType, {
        // From the confirmation chaser's partition of the due index to the start chaser's.
        set: { status: 'confirmed', confirmation, startDeadline: start.deadline, [DUE_INDEX.partitionKey]: START_DUE, [DUE_INDEX.sortKey]: start.chaseAt },
        condition: '#status = :sent AND decision.providerId = :provider',
        values: { ':sent': 'sent', ':provider': providerId },
      }),
      summary,
    ]);
  }

  changeOrder(input: { caseId: string; reference: string; fromVersion: number; first?: OrderVersion; next: OrderVersion; personalData: SealedPersonalData; assignments: AssignmentChange[] }): PreparedWrite {
    const { caseId, next } = input;
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':order': next.order, ':pd': input.personalData, ':next': next.version, ':version': input.fromVersion, ':first': 1, ':closed': 'closed' };
    const sets = ['#order = :order', 'personalData = :pd', 'orderVersion = :next'];
    names['#order'] = 'order';
    const parts: TransactPart[] = [];
    input.assignments.forEach((change, i) => {
      const key = keys.assignment(caseId, change.insatsType);
      if (change.kind === 'add') {
        const providerId = providerOf(change.decision);
        const sent = change.status === 'sent' ? this.sentTo(providerId!, caseId, change.at, change.confirmBy) : {};
        parts.push({
          item: {
            Put: {
              TableName: this.table.name,
              Item: marshall(
                { ...key, type: 'assignment', caseId, reference: input.reference, insatsType: change.insatsType, status: change.status, decision: change.decision, decidedAt: change.at, declines: [], chased: [], ...sent },
                marshallOptions,
              ),
              // New, or coming back after a change removed it.
              ConditionExpression: 'attribute_not_exists(pk) OR #status = :removed',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: marshall({ ':removed': 'removed' }),
            },
          },
          onConditionFailed: () => new AssignmentChangedError(),
        });
        names[`#t${i}`] = change.insatsType;
        values[`:sum${i}`] = summaryOf({ decision: change.decision, status: change.status, ...(change.status === 'sent' ? { sentAt: change.at, confirmBy: change.confirmBy } : {}) });
        sets.push(`assignmentSummary.#t${i} = :sum${i}`);
      } else if (change.kind === 'remove') {
        parts.push(
          this.assignmentUpdate(caseId, change.insatsType, {
            set: { status: 'removed', removedAt: change.at },
            remove: ['pendingChange', DUE_INDEX.partitionKey, DUE_INDEX.sortKey],
            condition: '#status = :expected',
            values: { ':expected': change.expected },
          }),
        );
        names[`#t${i}`] = change.insatsType;
        values[`:removed${i}`] = 'removed';
        sets.push(`assignmentSummary.#t${i}.#status = :removed${i}`);
      } else if (change.kind === 'pending') {
        parts.push(this.assignmentUpdate(caseId, change.insatsType, { set: { pendingChange: change.change }, condition: '#status = :confirmed', values: { ':confirmed': 'confirmed' } }));
      } else {
        parts.push({
          item: {
            ConditionCheck: {
              TableName: this.table.name,
              Key: marshall(key),
              ConditionExpression: '#status = :expected',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: marshall({ ':expected': change.expected }),
            },
          },
          onConditionFailed: () => new AssignmentChangedError(),
        });
      }
    });
    const versionItem = (v: OrderVersion) => putNew(this.table, { ...keys.orderVersion(caseId, v.version), type: 'order_version', caseId, ...v }, () => new OrderChangedError());
    return prepared([
      {
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(keys.case(caseId)),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: `attribute_exists(pk) AND ${ORDER_VERSION_IS} AND attribute_not_exists(ended) AND #status <> :closed AND attribute_not_exists(purged)`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: marshall(values, marshallOptions),
          },
        },
        onConditionFailed: () => new OrderChangedError(),
      },
      // The stay-end index follows the stay's last day (the case is open: its item is there).
      {
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(keys.stayEnd(caseId)),
            UpdateExpression: 'SET #due = :to',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#due': DUE_INDEX.sortKey },
            ExpressionAttributeValues: marshall({ ':to': next.order.stay.to }),
          },
        },
        onConditionFailed: () => new OrderChangedError(),
      },
      ...(input.first ? [versionItem(input.first)] : []),
      versionItem(next),
      ...parts,
    ]);
  }

  confirmChange({ caseId, insatsType, providerId, version, at, by }: { caseId: string; insatsType: InsatsType; providerId: string; version: number; at: string; by: string }): PreparedWrite {
    return prepared([
      this.assignmentUpdate(caseId, insatsType, {
        set: { changeConfirmed: { version, at, by } },
        remove: ['pendingChange'],
        condition: '#status = :confirmed AND decision.providerId = :provider AND pendingChange.version = :version',
        values: { ':confirmed': 'confirmed', ':provider': providerId, ':version': version },
      }),
    ]);
  }

  recordStart({ caseId, insatsType, providerId, start }: { caseId: string; insatsType: InsatsType; providerId: string; start: StartRecord }): PreparedWrite {
    return prepared([
      this.assignmentUpdate(caseId, insatsType, {
        set: { started: start },
        remove: [DUE_INDEX.partitionKey, DUE_INDEX.sortKey],
        condition: '#status = :confirmed AND decision.providerId = :provider AND attribute_not_exists(started)',
        values: { ':confirmed': 'confirmed', ':provider': providerId },
      }),
      {
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(keys.case(caseId)),
            UpdateExpression: 'SET assignmentSummary.#type.startedOn = :on',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#type': insatsType },
            ExpressionAttributeValues: marshall({ ':on': start.startedOn }),
          },
        },
      },
    ]);
  }

  chaseStart({ caseId, insatsType }: { caseId: string; insatsType: InsatsType }): PreparedWrite {
    return prepared([
      this.assignmentUpdate(caseId, insatsType, {
        set: {},
        append: { chased: ['start_late'] },
        remove: [DUE_INDEX.partitionKey, DUE_INDEX.sortKey],
        condition: '#status = :confirmed AND attribute_not_exists(started) AND NOT contains(chased, :step)',
        values: { ':confirmed': 'confirmed', ':step': 'start_late' },
      }),
    ]);
  }

  async dueForStartChase(now: Date, limit: number): Promise<{ caseId: string; insatsType: InsatsType }[]> {
    const due = await dueItemKeys(this.table, START_DUE, now, limit);
    return due.map((k) => assignmentRefOfKeys(k) as { caseId: string; insatsType: InsatsType });
  }

  declineAssignment({ caseId, insatsType, decline, next, hold, at, confirmBy }: { caseId: string; insatsType: InsatsType; decline: Decline; next: ProviderDecision; hold: boolean; at: string; confirmBy: string }): PreparedWrite {
    // A held assignment (protected identity) waits for its new provider's unit head to be told.
    const nextProvider = hold ? undefined : providerOf(next);
    const status: AssignmentStatus = nextProvider ? 'sent' : providerOf(next) ? 'held' : 'needs_provider';
    return prepared([
      this.assignmentUpdate(caseId, insatsType, {
        set: { status, decision: next, chased: [], ...(nextProvider ? this.sentTo(nextProvider, caseId, at, confirmBy) : {}) },
        append: { declines: [decline] },
        remove: nextProvider ? ['confirmation'] : ['sentAt', 'confirmBy', INBOX_INDEX.partitionKey, INBOX_INDEX.sortKey, DUE_INDEX.partitionKey, DUE_INDEX.sortKey],
        condition: '#status = :sent AND decision.providerId = :provider',
        values: { ':sent': 'sent', ':provider': decline.providerId },
      }),
      this.summaryUpdate(caseId, insatsType, summaryOf({ decision: next, status, ...(nextProvider ? { sentAt: at, confirmBy } : {}) })),
    ]);
  }

  chaseAssignment({ caseId, insatsType, sentAt, step, nextDueAt }: { caseId: string; insatsType: InsatsType; sentAt: string; step: ChaseStep; nextDueAt?: string }): PreparedWrite {
    return prepared([
      this.assignmentUpdate(caseId, insatsType, {
        set: nextDueAt ? { [DUE_INDEX.sortKey]: nextDueAt } : {},
        append: { chased: [step] },
        remove: nextDueAt ? [] : [DUE_INDEX.partitionKey, DUE_INDEX.sortKey],
        // Once per step, and only while it is still sent, unconfirmed, to the same provider since `sentAt`.
        condition: '#status = :sent AND sentAt = :sentAt AND NOT contains(chased, :step)',
        values: { ':sent': 'sent', ':sentAt': sentAt, ':step': step },
      }),
    ]);
  }

  async dueForChase(now: Date, limit: number): Promise<{ caseId: string; insatsType: InsatsType }[]> {
    const due = await dueItemKeys(this.table, DUE_INDEX.confirmationPartition, now, limit);
    return due.map((k) => assignmentRefOfKeys(k) as { caseId: string; insatsType: InsatsType });
  }

  reassign({ caseId, from, to, unitId, at }: { caseId: string; from: string | undefined; to: string; unitId: string; at: string }): PreparedWrite {
    return prepared([
      {
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(keys.case(caseId)),
            UpdateExpression: 'SET #routing.#kind = :kind, #routing.caseworkerId = :to, #routing.unitId = :unit, #routing.reassignedAt = :at REMOVE openedAt',
            ConditionExpression: from ? '#routing.caseworkerId = :from' : 'attribute_not_exists(#routing.caseworkerId)',
            ExpressionAttributeNames: { '#routing': 'routing', '#kind': 'kind' },
            ExpressionAttributeValues: marshall({ ':kind': 'caseworker', ':to': to, ':unit': unitId, ':at': at, ...(from ? { ':from': from } : {}) }),
          },
        },
        onConditionFailed: () => new CaseChangedError(),
      },
    ]);
  }

  async markOpened(caseId: string, at: string): Promise<void> {
    await this.table.client
      .send(
        new UpdateItemCommand({
          TableName: this.table.name,
          Key: marshall(keys.case(caseId)),
          UpdateExpression: 'SET openedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(openedAt)',
          ExpressionAttributeValues: marshall({ ':at': at }),
        }),
      )
      .catch((error: Error) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  countReportToReview(caseId: string, delta: 1 | -1): PreparedWrite {
    return prepared([
      {
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(keys.case(caseId)),
            UpdateExpression: 'ADD reportsToReview :delta',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: marshall({ ':delta': delta }),
          },
        },
        onConditionFailed: () => new CaseChangedError(),
      },
    ]);
  }

  countMessage(caseId: string, channel: Channel): PreparedWrite {
    return prepared([
      {
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(keys.case(caseId)),
            UpdateExpression: 'ADD #count :one',
            // A purge reads the counts: a message said meanwhile makes it read the case again; after it, none is taken.
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(purged)',
            ExpressionAttributeNames: { '#count': MESSAGE_COUNT_ATTRIBUTE[channel] },
            ExpressionAttributeValues: marshall({ ':one': 1 }),
          },
        },
        onConditionFailed: () => new CasePurgedError(),
      },
    ]);
  }

  markRegistered({ caseId, at, by }: { caseId: string; at: string; by: string }): PreparedWrite {
    return prepared([
      {
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(keys.case(caseId)),
            UpdateExpression: 'SET registeredAt = :at, registeredBy = :by',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(registeredAt)',
            ExpressionAttributeValues: marshall({ ':at': at, ':by': by }),
          },
        },
        onConditionFailed: () => new CaseChangedError(),
      },
    ]);
  }

  requestCompletion({ caseId, request }: { caseId: string; request: CompletionRequest }): PreparedWrite {
    return this.caseUpdate(caseId, {
      // The request is a message of the conversation: counted here (one transaction writes the case item once).
      update: 'SET completion = :request, #gpk = :due, #gsk = :remindAt ADD #count :one',
      condition: 'attribute_exists(pk) AND (attribute_not_exists(completion) OR attribute_exists(completion.answeredAt))',
      names: { '#gpk': DUE_INDEX.partitionKey, '#gsk': DUE_INDEX.sortKey, '#count': MESSAGE_COUNT_ATTRIBUTE.conversation },
      values: { ':request': request, ':due': DUE_INDEX.completionPartition, ':remindAt': request.remindAt, ':one': 1 },
    });
  }

  answerCompletion({ caseId, requestedAt, answeredAt, answeredBy, pausedMs }: { caseId: string; requestedAt: string; answeredAt: string; answeredBy: string; pausedMs: number }): PreparedWrite {
    return this.caseUpdate(caseId, {
      // The answer is a message of the conversation: counted here, as the request was.
      update: 'SET completion.answeredAt = :at, completion.answeredBy = :by ADD pausedMs :paused, #count :one REMOVE #gpk, #gsk',
      condition: 'completion.requestedAt = :requestedAt AND attribute_not_exists(completion.answeredAt)',
      names: { '#gpk': DUE_INDEX.partitionKey, '#gsk': DUE_INDEX.sortKey, '#count': MESSAGE_COUNT_ATTRIBUTE.conversation },
      values: { ':at': answeredAt, ':by': answeredBy, ':paused': pausedMs, ':requestedAt': requestedAt, ':one': 1 },
    });
  }

  remindCompletion({ caseId, requestedAt, at }: { caseId: string; requestedAt: string; at: string }): PreparedWrite {
    return this.caseUpdate(caseId, {
      update: 'SET completion.remindedAt = :at REMOVE #gpk, #gsk',
      condition: 'completion.requestedAt = :requestedAt AND attribute_not_exists(completion.answeredAt) AND attribute_not_exists(completion.remindedAt)',
      names: { '#gpk': DUE_INDEX.partitionKey, '#gsk': DUE_INDEX.sortKey },
      values: { ':at': at, ':requestedAt': requestedAt },
    });
  }

  async dueForCompletionReminder(now: Date, limit: number): Promise<string[]> {
    return (await dueItemKeys(this.table, DUE_INDEX.completionPartition, now, limit)).map(caseIdOfKeys);
  }

  endStay({ caseId, end, closedAt }: { caseId: string; end: StayEnd; closedAt?: string }): PreparedWrite {
    const update = this.caseUpdatePart(caseId, {
      update: closedAt ? 'SET ended = :end, #status = :closed, closedAt = :at' : 'SET ended = :end',
      condition: 'attribute_exists(pk) AND attribute_not_exists(ended) AND #status <> :closed',
      names: { '#status': 'status' },
      values: { ':end': end, ':closed': 'closed', ...(closedAt ? { ':at': closedAt } : {}) },
    });
    return prepared([update, { item: { Delete: { TableName: this.table.name, Key: marshall(keys.stayEnd(caseId)) } } }, ...(closedAt ? [this.purgeDue(caseId, closedAt)] : [])]);
  }

  closeCase({ caseId, at }: { caseId: string; at: string }): PreparedWrite {
    const update = this.caseUpdatePart(caseId, {
      update: 'SET #status = :closed, closedAt = :at',
      condition: 'attribute_exists(ended) AND #status <> :closed',
      names: { '#status': 'status' },
      values: { ':closed': 'closed', ':at': at },
    });
    return prepared([update, this.purgeDue(caseId, at)]);
  }

  /** A closed case waits in the purge index from the instant it closed (the purge reads it by its retention). */
  private purgeDue(caseId: string, closedAt: string): TransactPart {
    return putNew(this.table, { ...keys.purge(caseId), type: 'purge_due', caseId, closedAt, [DUE_INDEX.partitionKey]: DUE_INDEX.purgePartition, [DUE_INDEX.sortKey]: closedAt });
  }

  async dueForStayEnd(date: string, limit: number): Promise<string[]> {
    // The stay's last day before `date`: it has passed.
    return (await dueItemKeys(this.table, DUE_INDEX.stayEndPartition, date, limit, { before: true })).map(caseIdOfKeys);
  }

  /** One conditional update of the case item, a `CaseChangedError` when its condition fails. */
  private caseUpdate(caseId: string, u: { update: string; condition: string; names?: Record<string, string>; values: Record<string, unknown> }): PreparedWrite {
    return prepared([this.caseUpdatePart(caseId, u)]);
  }

  private caseUpdatePart(caseId: string, u: { update: string; condition: string; names?: Record<string, string>; values: Record<string, unknown> }): TransactPart {
    return {
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(keys.case(caseId)),
            UpdateExpression: u.update,
            ConditionExpression: u.condition,
            ...(u.names ? { ExpressionAttributeNames: u.names } : {}),
            ExpressionAttributeValues: marshall(u.values, marshallOptions),
          },
        },
        onConditionFailed: () => new CaseChangedError(),
    };
  }

  recordEvent(caseId: string, { id, type, ...details }: CaseEvent): PreparedWrite {
    return prepared([putNew(this.table, { ...keys.caseEvent(caseId, id), type: 'case_event', eventId: id, eventType: type, ...details })]);
  }

  async listByUnit(unitId: string, limit: number): Promise<CaseSummary[]> {
    return (await this.queryIndex(INBOX_INDEX.name, INBOX_INDEX.partitionKey, INBOX_INDEX.unit(unitId), limit)).filter((i) => i.type === 'case').map(caseSummaryOf);
  }

  async listAll(limit: number): Promise<CaseSummary[]> {
    return (await this.queryIndex(ALL_CASES_INDEX.name, ALL_CASES_INDEX.partitionKey, ALL_CASES_INDEX.partition, limit)).map(caseSummaryOf);
  }

  async listByProvider(providerId: string, limit: number): Promise<CaseSummary[]> {
    const assignments = await this.queryIndex(INBOX_INDEX.name, INBOX_INDEX.partitionKey, INBOX_INDEX.provider(providerId), limit);
    return this.summaries([...new Set(assignments.map((a) => a.caseId as string))]);
  }

  async summaries(caseIds: readonly string[]): Promise<CaseSummary[]> {
    if (caseIds.length === 0) return [];
    const metas = await batchGetItems(this.table, caseIds.map((id) => keys.case(id)));
    return metas.map(caseSummaryOf);
  }

  /** Newest first, up to `limit` items, over as many pages of the query as that takes (a page holds at most 1 MB). */
  private async queryIndex(indexName: string, partitionKey: string, partition: string, limit: number): Promise<Record<string, any>[]> {
    return queryAll(
      this.table,
      {
        IndexName: indexName,
        KeyConditionExpression: '#pk = :partition',
        ExpressionAttributeNames: { '#pk': partitionKey },
        ExpressionAttributeValues: marshall({ ':partition': partition }),
        ScanIndexForward: false,
      },
      limit,
    );
  }
}

function caseSummaryOf(meta: Record<string, any>): CaseSummary {
  return {
    caseId: meta.caseId,
    reference: meta.reference,
    status: meta.status,
    receivedAt: meta.receivedAt,
    protectedIdentity: meta.protectedIdentity,
    routing: meta.routing,
    homeMunicipality: meta.order.homeMunicipality,
    stay: { from: meta.order.stay.from, to: meta.order.stay.to, acute: meta.order.stay.acute ?? false },
    assignments: Object.entries(meta.assignmentSummary ?? {}).map(([insatsType, s]: [string, any]) => ({ insatsType: insatsType as InsatsType, ...s })),
    ...(meta.openedAt ? { openedAt: meta.openedAt } : {}),
    ...(meta.registeredAt ? { registered: { at: meta.registeredAt, by: meta.registeredBy } } : {}),
    messageCounts: messageCountsOf(meta),
    reportsToReview: Number(meta.reportsToReview ?? 0),
    ...(meta.completion ? { completion: meta.completion } : {}),
    ...(meta.ended ? { ended: meta.ended } : {}),
    ...(meta.closedAt ? { closedAt: meta.closedAt } : {}),
    ...(meta.purged ? { purged: meta.purged } : {}),
  };
}

/** The case item's count of each conversation's messages (top-level numbers: `ADD` needs no map to exist). */
const MESSAGE_COUNT_ATTRIBUTE: Record<Channel, string> = { conversation: 'messagesConversation', internal: 'messagesInternal' };

function messageCountsOf(meta: Record<string, any>): CaseView['messageCounts'] {
  return { conversation: Number(meta.messagesConversation ?? 0), internal: Number(meta.messagesInternal ?? 0) };
}
