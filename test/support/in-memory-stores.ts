import {
  AssignmentChangedError,
  CaseChangedError,
  OrderChangedError,
  type AssignmentChange,
  type OrderVersion,
  type AssignmentView,
  type AuditEntry,
  type AuditLog,
  type CaseEvent,
  type CaseStore,
  type CaseSummary,
  type CaseView,
  type ChaseStep,
  type CompletionRequest,
  type StayEnd,
  type Confirmation,
  type StartDue,
  type StartRecord,
  type Decline,
  type NewCase,
} from '../../functions/core/cases/ports';
import type {
  LoginAttempt,
  LoginAttemptStore,
  OrdererCode,
  OrdererCodeStore,
  OrdererSession,
  OrdererSessionStore,
  RateWindows,
  Session,
  SessionStore,
} from '../../functions/core/access/ports';
import {
  AttachmentUnavailableError,
  NoticeChangedError,
  type ChannelCounts,
  type MessageStore,
  type Receipt,
  type StoredAttachment,
  type StoredMessage,
} from '../../functions/core/messages/ports';
import type { CounterName, Counters } from '../../functions/core/kernel/counters';
import type { JobLocks } from '../../functions/core/kernel/job-lock';
import { OutgoingChangedError, type ChaseStepTaken, type OutgoingReport, type OutgoingStay, type OutgoingStayStore } from '../../functions/core/outgoing/ports';
import { ExtraVisitChangedError, type ExtraAgreement, type ExtraVisit, type ExtraVisitStore } from '../../functions/core/extras/ports';
import type { SealedPersonalData } from '../../functions/core/kernel/personal-data';
import {
  IdempotencyConflict,
  type IdempotencyClaim,
  type IdempotencyClaimResult,
  type IdempotencyRecord,
  type IdempotencyStore,
} from '../../functions/core/kernel/idempotency';
import type { Channel } from '../../shared/messages';
import type { PreparedWrite, Transactor } from '../../functions/core/kernel/transaction';
import {
  NotificationExistsError,
  NotificationNotHeldError,
  type DeliveryEvent,
  type NotificationStatus,
  type OutboxMessage,
  type OutboxStore,
  type DeadLetteredMail,
} from '../../functions/core/outbox/ports';
import {
  ProviderLoadConflict,
  type LoadKeys,
  type ProviderLoadChange,
  type RotationTurn,
  type RoutingLoads,
  type RoutingPlan,
  type RoutingStore,
} from '../../functions/core/routing/ports';
import type { InsatsType } from '../../shared/insatser';
import type { TimeReportStep } from '../../shared/time-report-dates';
import {
  ReportChangedError,
  type Charge,
  type ExpectedReport,
  type PendingChaseNotice,
  type ReportKey,
  type StoredReportVersion,
  type TimeReportStore,
} from '../../functions/core/reports/ports';
import type { CaseworkerLoad, ProviderDecision } from '../../shared/routing';

/**
 * In-memory fakes of our own store ports, for fast unit tests of use cases. They keep the same
 * contract as the DynamoDB stores — `test/contract/stores.test.ts` runs one suite against both —
 * including conditions: a prepared write checks all its conditions before any of a transaction's
 * writes is applied, so a transaction is all or nothing, as in DynamoDB.
 */

/** A condition DynamoDB would check, and the write it guards. */
interface MemoryOperation {
  /** Throws (the domain error, or a plain error where the store maps none) when the condition fails. */
  check(): void;
  apply(): void;
}

interface MemoryWrite {
  readonly memoryOperations: readonly MemoryOperation[];
}

function prepared(operations: MemoryOperation[]): PreparedWrite {
  const write: MemoryWrite = { memoryOperations: operations };
  return write as unknown as PreparedWrite;
}

/** The fake of a failed condition no domain error stands for (DynamoDB's TransactionCanceledException). */
export class ConditionFailed extends Error {
  constructor(what: string) {
    super(`Condition failed: ${what}`);
    this.name = 'ConditionFailed';
  }
}

export class InMemoryTransactor implements Transactor {
  async commit(writes: readonly PreparedWrite[]): Promise<void> {
    const operations = writes.flatMap((w) => {
      const ops = (w as unknown as Partial<MemoryWrite>).memoryOperations;
      if (!ops) throw new Error('A prepared write from another store implementation was given to the in-memory transactor');
      return ops;
    });
    for (const op of operations) op.check();
    for (const op of operations) op.apply();
  }
}

type IdempotencyEntry = { state: 'in_progress'; claim: IdempotencyClaim } | { state: 'completed'; record: IdempotencyRecord };

export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly entries = new Map<string, IdempotencyEntry>();

  async claim(claim: IdempotencyClaim, now: Date): Promise<IdempotencyClaimResult> {
    const entry = this.entries.get(claim.keyHash);
    if (entry?.state === 'completed') return { kind: 'completed', record: structuredClone(entry.record) };
    if (entry && entry.claim.claimedUntil >= now.toISOString()) {
      return { kind: 'in_progress', requestHash: entry.claim.requestHash, claimedUntil: entry.claim.claimedUntil };
    }
    this.entries.set(claim.keyHash, { state: 'in_progress', claim: { ...claim } });
    return { kind: 'claimed' };
  }

  async release(keyHash: string, token: string): Promise<void> {
    const entry = this.entries.get(keyHash);
    if (entry?.state === 'in_progress' && entry.claim.token === token) this.entries.delete(keyHash);
  }

  async find(keyHash: string): Promise<IdempotencyRecord | undefined> {
    const entry = this.entries.get(keyHash);
    return entry?.state === 'completed' ? structuredClone(entry.record) : undefined;
  }

  complete({ token, ...record }: IdempotencyRecord & { token: string }): PreparedWrite {
    return prepared([
      {
        check: () => {
          const entry = this.entries.get(record.keyHash);
          if (entry?.state !== 'in_progress' || entry.claim.token !== token) throw new IdempotencyConflict();
        },
        apply: () => this.entries.set(record.keyHash, { state: 'completed', record: structuredClone(record) }),
      },
    ]);
  }
}

interface StoredNotification {
  message: OutboxMessage;
  status: NotificationStatus['status'];
  attempts: number;
  claimedUntil?: string;
  /** When the sweeper should look (the due index), if at all. */
  dueAt?: string;
  sentAt?: string;
  lastError?: string;
  failedAt?: string;
  deliveryStatus?: DeliveryEvent['status'];
  deliveryEvents: { status: string; at: string; detail?: string }[];
}

const QUEUED_SAFETY_NET_MS = 2 * 60_000;
const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

export class InMemoryOutboxStore implements OutboxStore {
  /** Notifications by `caseId|id`, in the order they were queued. */
  readonly notifications = new Map<string, StoredNotification>();

  /** Every message ever queued, oldest first. */
  get messages(): OutboxMessage[] {
    return [...this.notifications.values()].map((n) => n.message);
  }

  enqueue(messages: readonly OutboxMessage[]): PreparedWrite {
    return prepared(
      messages.map((m) => ({
        check: () => {
          if (this.notifications.has(`${m.caseId}|${m.id}`)) throw new NotificationExistsError();
        },
        apply: () =>
          this.notifications.set(`${m.caseId}|${m.id}`, {
            message: structuredClone({ ...m, held: undefined }),
            status: m.held ? 'held' : 'queued',
            attempts: 0,
            dueAt: m.held ? undefined : plusMs(m.createdAt, QUEUED_SAFETY_NET_MS),
            deliveryEvents: [],
          }),
      })),
    );
  }

  release(caseId: string, ids: readonly string[], at: string): PreparedWrite {
    return prepared(
      ids.map((id) => ({
        check: () => {
          if (this.notifications.get(`${caseId}|${id}`)?.status !== 'held') throw new NotificationNotHeldError();
        },
        apply: () => Object.assign(this.notifications.get(`${caseId}|${id}`)!, { status: 'queued', dueAt: plusMs(at, QUEUED_SAFETY_NET_MS) }),
      })),
    );
  }

  async claim(caseId: string, id: string, now: Date, leaseMs: number): Promise<OutboxMessage | undefined> {
    const n = this.notifications.get(`${caseId}|${id}`);
    const free = n && (n.status === 'queued' || n.status === 'retry' || (n.status === 'sending' && n.claimedUntil! < now.toISOString()));
    if (!n || !free) return undefined;
    const until = new Date(now.getTime() + leaseMs).toISOString();
    Object.assign(n, { status: 'sending', claimedUntil: until, dueAt: until, attempts: n.attempts + 1 });
    return { ...structuredClone(n.message), attempts: n.attempts };
  }

  async markSent(caseId: string, id: string, _providerMessageId: string, now: Date): Promise<void> {
    const n = this.notifications.get(`${caseId}|${id}`);
    if (n) Object.assign(n, { status: 'sent', sentAt: now.toISOString(), claimedUntil: undefined, dueAt: undefined });
  }

  async markAttemptFailed(caseId: string, id: string, reason: string, _now: Date, retryAt: Date | undefined): Promise<void> {
    const n = this.notifications.get(`${caseId}|${id}`);
    if (!n) return;
    Object.assign(n, retryAt ? { status: 'retry', dueAt: retryAt.toISOString() } : { status: 'failed', dueAt: undefined, failedAt: _now.toISOString() });
    Object.assign(n, { lastError: reason, claimedUntil: undefined });
  }

  async deadLettered(limit: number): Promise<DeadLetteredMail[]> {
    return [...this.notifications.values()]
      .filter((n) => n.status === 'failed')
      .sort((a, b) => String(a.failedAt).localeCompare(String(b.failedAt)))
      .slice(0, limit)
      .map((n) => ({ caseId: n.message.caseId, id: n.message.id, kind: n.message.kind, failedAt: String(n.failedAt), ...(n.lastError ? { lastError: n.lastError } : {}), ...(n.message.correlationId ? { correlationId: n.message.correlationId } : {}) }));
  }

  async redrive(caseId: string, id: string, now: Date): Promise<boolean> {
    const n = this.notifications.get(`${caseId}|${id}`);
    if (!n || n.status !== 'failed') return false;
    Object.assign(n, { status: 'retry', attempts: 0, dueAt: now.toISOString(), failedAt: undefined });
    return true;
  }

  async dueForRetry(now: Date, limit: number): Promise<{ caseId: string; id: string }[]> {
    return [...this.notifications.values()]
      .filter((n) => n.dueAt !== undefined && n.dueAt <= now.toISOString())
      .sort((a, b) => a.dueAt!.localeCompare(b.dueAt!))
      .slice(0, limit)
      .map((n) => ({ caseId: n.message.caseId, id: n.message.id }));
  }

  async recordDelivery(event: DeliveryEvent): Promise<void> {
    const n = this.notifications.get(`${event.caseId}|${event.outboxId}`);
    if (!n) return;
    n.deliveryEvents.push({ status: event.status, at: event.at, ...(event.detail ? { detail: event.detail } : {}) });
    const final = event.status === 'bounced' || event.status === 'complaint' || event.status === 'rejected';
    if (final || n.deliveryStatus === undefined || n.deliveryStatus === 'delivered' || n.deliveryStatus === 'delayed') n.deliveryStatus = event.status;
  }

  /** A case's notifications as the case view shows them, in the order of their ids. */
  ofCase(caseId: string): NotificationStatus[] {
    return [...this.notifications.values()]
      .filter((n) => n.message.caseId === caseId)
      .sort((a, b) => a.message.id.localeCompare(b.message.id))
      .map((n) => ({
        id: n.message.id,
        kind: n.message.kind,
        recipient: n.message.recipient,
        to: n.message.to,
        status: n.status,
        attempts: n.attempts,
        deliveryStatus: n.deliveryStatus,
        sentAt: n.sentAt,
        lastError: n.lastError,
      }));
  }
}

interface StoredAssignment extends AssignmentView {
  confirmBy?: string;
  /** The chaser's due time while unconfirmed (the due index). */
  dueAt?: string;
  /** The start chaser's due time while confirmed and not started. */
  startDueAt?: string;
}

interface StoredCase {
  newCase: NewCase;
  routing: CaseView['routing'];
  assignments: Map<string, StoredAssignment>;
  events: CaseEvent[];
  openedAt?: string;
  registered?: { at: string; by: string };
  messageCounts?: Record<Channel, number>;
  reportsToReview?: number;
  completion?: CompletionRequest;
  pausedMs?: number;
  ended?: StayEnd;
  closedAt?: string;
  status?: string;
  orderVersion?: number;
  versions?: OrderVersion[];
}

const providerOf = (decision: ProviderDecision) => ('providerId' in decision ? decision.providerId : undefined);

export class InMemoryCaseStore implements CaseStore {
  readonly cases = new Map<string, StoredCase>();
  readonly references = new Map<string, string>();

  constructor(private readonly outbox: InMemoryOutboxStore) {}

  create(newCase: NewCase): PreparedWrite {
    return prepared([
      {
        check: () => {
          if (this.cases.has(newCase.caseId)) throw new ConditionFailed(`case ${newCase.caseId} exists`);
          if (this.references.has(newCase.reference)) throw new ConditionFailed(`reference ${newCase.reference} exists`);
        },
        apply: () => {
          const copy = structuredClone(newCase);
          const cw = copy.routing.caseworker;
          const assignments = new Map<string, StoredAssignment>(
            copy.routing.assignments.map((a) => [
              a.insatsType,
              {
                ...a,
                decidedAt: copy.receivedAt,
                declines: [],
                chased: [],
                ...(a.status === 'sent' ? { sentAt: copy.receivedAt, confirmBy: copy.confirmBy, dueAt: copy.confirmBy } : {}),
              },
            ]),
          );
          const routing = {
            kind: cw.kind,
            ...(cw.kind === 'caseworker' ? { caseworkerId: cw.caseworkerId } : {}),
            unitId: cw.unitId,
            ...(cw.districtId ? { districtId: cw.districtId } : {}),
            reason: cw.reason,
            routedAt: copy.receivedAt,
          };
          this.cases.set(copy.caseId, { newCase: copy, routing, assignments, events: [] });
          this.references.set(copy.reference, copy.caseId);
        },
      },
    ]);
  }

  async findIdByReference(reference: string): Promise<string | undefined> {
    return this.references.get(reference);
  }

  async find(caseId: string): Promise<CaseView | undefined> {
    const stored = this.cases.get(caseId);
    if (!stored) return undefined;
    const { newCase } = stored;
    return structuredClone({
      caseId,
      reference: newCase.reference,
      status: stored.status ?? 'open',
      receivedAt: newCase.receivedAt,
      protectedIdentity: newCase.order.person.protectedIdentity,
      routing: stored.routing,
      order: newCase.order,
      personalData: newCase.personalData,
      assignments: [...stored.assignments.values()]
        .sort((a, b) => a.insatsType.localeCompare(b.insatsType))
        .map(({ confirmBy: _c, dueAt: _d, startDueAt: _s, ...a }) => a),
      notifications: this.outbox.ofCase(caseId),
      events: [...stored.events].sort((a, b) => a.id.localeCompare(b.id)).map(({ id: _id, ...event }) => event),
      ...(stored.openedAt ? { openedAt: stored.openedAt } : {}),
      ...(stored.registered ? { registered: stored.registered } : {}),
      messageCounts: stored.messageCounts ?? { conversation: 0, internal: 0 },
      reportsToReview: stored.reportsToReview ?? 0,
      ...(stored.completion ? { completion: structuredClone(stored.completion) } : {}),
      pausedMs: stored.pausedMs ?? 0,
      ...(stored.ended ? { ended: structuredClone(stored.ended) } : {}),
      ...(stored.closedAt ? { closedAt: stored.closedAt } : {}),
      orderVersion: stored.orderVersion ?? 1,
      versions: stored.versions ?? [],
    });
  }

  /** A change of an assignment under the DynamoDB store's condition: `AssignmentChangedError` unless `expect` holds. */
  private assignmentChange(caseId: string, insatsType: string, expect: (a: StoredAssignment) => boolean, change: (a: StoredAssignment) => void): PreparedWrite {
    const current = () => this.cases.get(caseId)?.assignments.get(insatsType);
    return prepared([
      {
        check: () => {
          const a = current();
          if (!a || !expect(a)) throw new AssignmentChangedError();
        },
        apply: () => change(current()!),
      },
    ]);
  }

  releaseAssignment({ caseId, insatsType, providerId, at, confirmBy }: { caseId: string; insatsType: InsatsType; providerId: string; at: string; confirmBy: string }): PreparedWrite {
    return this.assignmentChange(
      caseId,
      insatsType,
      (a) => a.status === 'held' && providerOf(a.decision) === providerId,
      (a) => Object.assign(a, { status: 'sent', releasedAt: at, sentAt: at, confirmBy, dueAt: confirmBy }),
    );
  }

  confirmAssignment({ caseId, insatsType, providerId, confirmation, start, orderVersion }: { caseId: string; insatsType: InsatsType; providerId: string; confirmation: Confirmation; start: StartDue; orderVersion?: number }): PreparedWrite {
    const change = this.assignmentChange(
      caseId,
      insatsType,
      (a) => a.status === 'sent' && providerOf(a.decision) === providerId,
      (a) => Object.assign(a, { status: 'confirmed', confirmation: structuredClone(confirmation), dueAt: undefined, startDeadline: start.deadline, startDueAt: start.chaseAt }),
    );
    if (orderVersion === undefined) return change;
    const ops = (change as unknown as MemoryWrite).memoryOperations;
    return prepared([
      ...ops,
      {
        check: () => {
          if ((this.cases.get(caseId)?.orderVersion ?? 1) !== orderVersion) throw new OrderChangedError();
        },
        apply: () => {},
      },
    ]);
  }

  changeOrder(input: { caseId: string; reference: string; fromVersion: number; first?: OrderVersion; next: OrderVersion; personalData: SealedPersonalData; assignments: AssignmentChange[] }): PreparedWrite {
    const { caseId } = input;
    const stored = () => this.cases.get(caseId);
    return prepared([
      {
        check: () => {
          const c = stored();
          if (!c || (c.orderVersion ?? 1) !== input.fromVersion || c.ended || c.status === 'closed') throw new OrderChangedError();
          for (const change of input.assignments) {
            const a = c.assignments.get(change.insatsType);
            const ok =
              change.kind === 'add' ? !a || a.status === 'removed' : change.kind === 'pending' ? a?.status === 'confirmed' : a?.status === change.expected;
            if (!ok) throw new AssignmentChangedError();
          }
        },
        apply: () => {
          const c = stored()!;
          c.newCase.order = structuredClone(input.next.order);
          c.newCase.personalData = structuredClone(input.personalData);
          c.orderVersion = input.next.version;
          c.versions = [...(c.versions ?? []), ...(input.first ? [structuredClone(input.first)] : []), structuredClone(input.next)];
          for (const change of input.assignments) {
            const a = c.assignments.get(change.insatsType);
            if (change.kind === 'add') {
              c.assignments.set(change.insatsType, {
                insatsType: change.insatsType,
                decision: structuredClone(change.decision),
                status: change.status,
                decidedAt: change.at,
                declines: [],
                chased: [],
                ...(change.status === 'sent' ? { sentAt: change.at, confirmBy: change.confirmBy, dueAt: change.confirmBy } : {}),
              });
            } else if (change.kind === 'remove') {
              Object.assign(a!, { status: 'removed', removedAt: change.at, pendingChange: undefined, dueAt: undefined, startDueAt: undefined });
            } else if (change.kind === 'pending') {
              a!.pendingChange = structuredClone(change.change);
            }
          }
        },
      },
    ]);
  }

  confirmChange({ caseId, insatsType, providerId, version, at, by }: { caseId: string; insatsType: InsatsType; providerId: string; version: number; at: string; by: string }): PreparedWrite {
    return this.assignmentChange(
      caseId,
      insatsType,
      (a) => a.status === 'confirmed' && providerOf(a.decision) === providerId && a.pendingChange?.version === version,
      (a) => Object.assign(a, { pendingChange: undefined, changeConfirmed: { version, at, by } }),
    );
  }

  recordStart({ caseId, insatsType, providerId, start }: { caseId: string; insatsType: InsatsType; providerId: string; start: StartRecord }): PreparedWrite {
    return this.assignmentChange(
      caseId,
      insatsType,
      (a) => a.status === 'confirmed' && providerOf(a.decision) === providerId && !a.started,
      (a) => Object.assign(a, { started: structuredClone(start), startDueAt: undefined }),
    );
  }

  chaseStart({ caseId, insatsType }: { caseId: string; insatsType: InsatsType }): PreparedWrite {
    return this.assignmentChange(
      caseId,
      insatsType,
      (a) => a.status === 'confirmed' && !a.started && !a.chased.includes('start_late'),
      (a) => Object.assign(a, { chased: [...a.chased, 'start_late'], startDueAt: undefined }),
    );
  }

  async dueForStartChase(now: Date, limit: number): Promise<{ caseId: string; insatsType: InsatsType }[]> {
    return [...this.cases.entries()]
      .flatMap(([caseId, c]) => [...c.assignments.values()].filter((a) => a.startDueAt !== undefined && a.startDueAt <= now.toISOString()).map((a) => ({ caseId, insatsType: a.insatsType, dueAt: a.startDueAt! })))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
      .slice(0, limit)
      .map(({ caseId, insatsType }) => ({ caseId, insatsType }));
  }

  declineAssignment({ caseId, insatsType, decline, next, hold, at, confirmBy }: { caseId: string; insatsType: InsatsType; decline: Decline; next: ProviderDecision; hold: boolean; at: string; confirmBy: string }): PreparedWrite {
    return this.assignmentChange(
      caseId,
      insatsType,
      (a) => a.status === 'sent' && providerOf(a.decision) === decline.providerId,
      (a) => {
        const sent = !hold && providerOf(next) !== undefined;
        Object.assign(a, {
          decision: structuredClone(next),
          status: sent ? 'sent' : providerOf(next) ? 'held' : 'needs_provider',
          declines: [...a.declines, { ...decline }],
          chased: [],
          confirmation: undefined,
          ...(sent ? { sentAt: at, confirmBy, dueAt: confirmBy } : { sentAt: undefined, confirmBy: undefined, dueAt: undefined }),
        });
      },
    );
  }

  chaseAssignment({ caseId, insatsType, sentAt, step, nextDueAt }: { caseId: string; insatsType: InsatsType; sentAt: string; step: ChaseStep; nextDueAt?: string }): PreparedWrite {
    return this.assignmentChange(
      caseId,
      insatsType,
      (a) => a.status === 'sent' && a.sentAt === sentAt && !a.chased.includes(step),
      (a) => Object.assign(a, { chased: [...a.chased, step], dueAt: nextDueAt }),
    );
  }

  async dueForChase(now: Date, limit: number): Promise<{ caseId: string; insatsType: InsatsType }[]> {
    return [...this.cases.entries()]
      .flatMap(([caseId, c]) => [...c.assignments.values()].filter((a) => a.dueAt !== undefined && a.dueAt <= now.toISOString()).map((a) => ({ caseId, insatsType: a.insatsType, dueAt: a.dueAt! })))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
      .slice(0, limit)
      .map(({ caseId, insatsType }) => ({ caseId, insatsType }));
  }

  reassign({ caseId, from, to, unitId, at }: { caseId: string; from: string | undefined; to: string; unitId: string; at: string }): PreparedWrite {
    return prepared([
      {
        check: () => {
          const c = this.cases.get(caseId);
          if (!c || c.routing.caseworkerId !== from) throw new CaseChangedError();
        },
        apply: () => {
          const c = this.cases.get(caseId)!;
          c.routing = { ...c.routing, kind: 'caseworker', caseworkerId: to, unitId, reassignedAt: at } as CaseView['routing'];
          c.openedAt = undefined;
        },
      },
    ]);
  }

  async markOpened(caseId: string, at: string): Promise<void> {
    const c = this.cases.get(caseId);
    if (c && !c.openedAt) c.openedAt = at;
  }

  markRegistered({ caseId, at, by }: { caseId: string; at: string; by: string }): PreparedWrite {
    return prepared([
      {
        check: () => {
          const c = this.cases.get(caseId);
          if (!c || c.registered) throw new CaseChangedError();
        },
        apply: () => (this.cases.get(caseId)!.registered = { at, by }),
      },
    ]);
  }

  requestCompletion({ caseId, request }: { caseId: string; request: CompletionRequest }): PreparedWrite {
    return this.caseChange(
      caseId,
      (c) => !c.completion || c.completion.answeredAt !== undefined,
      (c) => {
        c.completion = structuredClone(request);
        c.messageCounts ??= { conversation: 0, internal: 0 };
        c.messageCounts.conversation += 1;
      },
    );
  }

  answerCompletion({ caseId, requestedAt, answeredAt, answeredBy, pausedMs }: { caseId: string; requestedAt: string; answeredAt: string; answeredBy: string; pausedMs: number }): PreparedWrite {
    return this.caseChange(
      caseId,
      (c) => c.completion?.requestedAt === requestedAt && c.completion.answeredAt === undefined,
      (c) => {
        Object.assign(c.completion!, { answeredAt, answeredBy });
        c.pausedMs = (c.pausedMs ?? 0) + pausedMs;
        c.messageCounts ??= { conversation: 0, internal: 0 };
        c.messageCounts.conversation += 1;
      },
    );
  }

  remindCompletion({ caseId, requestedAt, at }: { caseId: string; requestedAt: string; at: string }): PreparedWrite {
    return this.caseChange(
      caseId,
      (c) => c.completion?.requestedAt === requestedAt && c.completion.answeredAt === undefined && c.completion.remindedAt === undefined,
      (c) => (c.completion!.remindedAt = at),
    );
  }

  async dueForCompletionReminder(now: Date, limit: number): Promise<string[]> {
    return [...this.cases.entries()]
      .filter(([, c]) => c.completion && !c.completion.answeredAt && !c.completion.remindedAt && c.completion.remindAt <= now.toISOString())
      .sort(([, a], [, b]) => a.completion!.remindAt.localeCompare(b.completion!.remindAt))
      .slice(0, limit)
      .map(([caseId]) => caseId);
  }

  endStay({ caseId, end, closedAt }: { caseId: string; end: StayEnd; closedAt?: string }): PreparedWrite {
    return this.caseChange(
      caseId,
      (c) => !c.ended && c.status !== 'closed',
      (c) => {
        c.ended = structuredClone(end);
        if (closedAt) Object.assign(c, { status: 'closed', closedAt });
      },
    );
  }

  closeCase({ caseId, at }: { caseId: string; at: string }): PreparedWrite {
    return this.caseChange(
      caseId,
      (c) => c.ended !== undefined && c.status !== 'closed',
      (c) => {
        c.status = 'closed';
        c.closedAt = at;
      },
    );
  }

  async dueForStayEnd(date: string, limit: number): Promise<string[]> {
    return [...this.cases.entries()]
      .filter(([, c]) => !c.ended && c.status !== 'closed' && c.newCase.order.stay.to < date)
      .sort(([, a], [, b]) => a.newCase.order.stay.to.localeCompare(b.newCase.order.stay.to))
      .slice(0, limit)
      .map(([caseId]) => caseId);
  }

  private caseChange(caseId: string, allowed: (c: StoredCase) => boolean, change: (c: StoredCase) => void): PreparedWrite {
    return prepared([
      {
        check: () => {
          const c = this.cases.get(caseId);
          if (!c || !allowed(c)) throw new CaseChangedError();
        },
        apply: () => change(this.cases.get(caseId)!),
      },
    ]);
  }

  countReportToReview(caseId: string, delta: 1 | -1): PreparedWrite {
    return prepared([
      {
        check: () => {
          if (!this.cases.has(caseId)) throw new CaseChangedError();
        },
        apply: () => {
          const c = this.cases.get(caseId)!;
          c.reportsToReview = (c.reportsToReview ?? 0) + delta;
        },
      },
    ]);
  }

  countMessage(caseId: string, channel: Channel): PreparedWrite {
    return prepared([
      {
        check: () => {
          if (!this.cases.has(caseId)) throw new CaseChangedError();
        },
        apply: () => {
          const c = this.cases.get(caseId)!;
          c.messageCounts ??= { conversation: 0, internal: 0 };
          c.messageCounts[channel] += 1;
        },
      },
    ]);
  }

  recordEvent(caseId: string, event: CaseEvent): PreparedWrite {
    return prepared([
      {
        check: () => {
          if (!this.cases.has(caseId) || this.cases.get(caseId)!.events.some((e) => e.id === event.id)) throw new ConditionFailed(`event ${event.id}`);
        },
        apply: () => this.cases.get(caseId)!.events.push(structuredClone(event)),
      },
    ]);
  }

  private summaryOf(caseId: string): CaseSummary {
    const c = this.cases.get(caseId)!;
    return structuredClone({
      caseId,
      reference: c.newCase.reference,
      status: c.status ?? 'open',
      receivedAt: c.newCase.receivedAt,
      protectedIdentity: c.newCase.order.person.protectedIdentity,
      routing: c.routing,
      homeMunicipality: c.newCase.order.homeMunicipality,
      stay: { from: c.newCase.order.stay.from, to: c.newCase.order.stay.to, acute: c.newCase.order.stay.acute ?? false },
      assignments: [...c.assignments.values()].map((a) => ({
        insatsType: a.insatsType,
        providerId: providerOf(a.decision),
        status: a.status,
        sentAt: a.sentAt,
        confirmBy: a.confirmBy,
        startDate: a.confirmation?.startDate,
        ...(a.startDeadline ? { startDeadline: a.startDeadline } : {}),
        ...(a.started ? { startedOn: a.started.startedOn } : {}),
      })),
      ...(c.openedAt ? { openedAt: c.openedAt } : {}),
      ...(c.registered ? { registered: c.registered } : {}),
      messageCounts: c.messageCounts ?? { conversation: 0, internal: 0 },
      reportsToReview: c.reportsToReview ?? 0,
      ...(c.completion ? { completion: structuredClone(c.completion) } : {}),
      ...(c.ended ? { ended: structuredClone(c.ended) } : {}),
      ...(c.closedAt ? { closedAt: c.closedAt } : {}),
    });
  }

  private newestFirst(ids: string[], limit: number): CaseSummary[] {
    return ids
      .map((id) => this.summaryOf(id))
      .sort((a, b) => `${b.receivedAt}#${b.caseId}`.localeCompare(`${a.receivedAt}#${a.caseId}`))
      .slice(0, limit);
  }

  async listByUnit(unitId: string, limit: number): Promise<CaseSummary[]> {
    return this.newestFirst([...this.cases.keys()].filter((id) => this.cases.get(id)!.routing.unitId === unitId), limit);
  }

  async listAll(limit: number): Promise<CaseSummary[]> {
    return this.newestFirst([...this.cases.keys()], limit);
  }

  async listByProvider(providerId: string, limit: number): Promise<CaseSummary[]> {
    const sentAt = (id: string) =>
      Math.max(...[...this.cases.get(id)!.assignments.values()].filter((a) => providerOf(a.decision) === providerId && (a.status === 'sent' || a.status === 'confirmed')).map((a) => Date.parse(a.sentAt!)));
    return [...this.cases.keys()]
      .filter((id) => Number.isFinite(sentAt(id)))
      .sort((a, b) => sentAt(b) - sentAt(a))
      .slice(0, limit)
      .map((id) => this.summaryOf(id));
  }

  async summaries(caseIds: readonly string[]): Promise<CaseSummary[]> {
    return caseIds.filter((id) => this.cases.has(id)).map((id) => this.summaryOf(id));
  }
}

export class InMemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async record(entry: AuditEntry): Promise<void> {
    this.entries.push(structuredClone(entry));
  }
  async ofCase(caseId: string): Promise<AuditEntry[]> {
    return structuredClone(this.entries.filter((e) => e.caseId === caseId).sort((a, b) => a.id.localeCompare(b.id)));
  }
}

export class InMemoryRoutingStore implements RoutingStore {
  caseworkers: Record<string, CaseworkerLoad> = {};
  providers: Record<string, { clients: number; hoursPerMonth: number; warnedAt?: string }> = {};
  /** Turns taken, by `rotation|turn`. */
  readonly turns = new Map<string, RotationTurn & { caseId: string; reference: string; takenAt: string }>();
  /** What each `loads` call asked for (a test can see that routing reads only what it weighs). */
  readonly loadRequests: LoadKeys[] = [];

  async loads(keys: LoadKeys): Promise<RoutingLoads> {
    this.loadRequests.push(structuredClone(keys));
    const loads: RoutingLoads = { caseworkers: {}, providers: {} };
    for (const id of keys.caseworkerIds) if (this.caseworkers[id]) loads.caseworkers[id] = { ...this.caseworkers[id] };
    for (const id of keys.providerIds) {
      const p = this.providers[id];
      if (p) loads.providers[id] = { clients: p.clients, hoursPerMonth: p.hoursPerMonth, warned: Boolean(p.warnedAt) };
    }
    return loads;
  }

  record({ caseId, reference, plan, at }: { caseId: string; reference: string; plan: RoutingPlan; at: string }): PreparedWrite {
    const cw = plan.caseworker;
    return this.changeLoads({ caseId, reference, at, caseworkers: cw.kind === 'caseworker' ? [{ caseworkerId: cw.caseworkerId, delta: 1 }] : [], providers: plan.providerLoads, turns: plan.turns });
  }

  changeLoads({ caseId, reference, at, caseworkers = [], providers = [], turns = [] }: Parameters<RoutingStore['changeLoads']>[0]): PreparedWrite {
    const operations: MemoryOperation[] = [];
    for (const { caseworkerId, delta } of caseworkers) {
      operations.push({
        check: () => {},
        apply: () => {
          const load = this.caseworkers[caseworkerId];
          this.caseworkers[caseworkerId] = { openCases: (load?.openCases ?? 0) + delta, lastAssignedAt: delta > 0 ? at : load?.lastAssignedAt };
        },
      });
    }
    for (const change of providers) operations.push(this.providerLoadChange(change, at));
    for (const t of turns) {
      operations.push({
        check: () => {
          if (this.turns.has(`${t.rotation}|${t.turn}`)) throw new ConditionFailed(`turn ${t.turn} of ${t.rotation}`);
        },
        apply: () => this.turns.set(`${t.rotation}|${t.turn}`, { ...t, caseId, reference, takenAt: at }),
      });
    }
    return prepared(operations);
  }

  /** The same conditions as the DynamoDB store's update of a provider's load. */
  private providerLoadChange(change: ProviderLoadChange, at: string): MemoryOperation {
    return {
      check: () => {
        const load = this.providers[change.providerId];
        const cap = change.cap;
        if (load && cap && 'clients' in cap && load.clients > cap.clients - change.clients) throw new ProviderLoadConflict(change.providerId);
        if (load && cap && 'hoursPerMonth' in cap && load.hoursPerMonth > cap.hoursPerMonth - change.hoursPerMonth) {
          throw new ProviderLoadConflict(change.providerId);
        }
        if (change.seen) {
          const unseenAndAbsent = !load && change.seen.clients === 0 && change.seen.hoursPerMonth === 0;
          const same = load && load.clients === change.seen.clients && load.hoursPerMonth === change.seen.hoursPerMonth;
          if (!unseenAndAbsent && !same) throw new ProviderLoadConflict(change.providerId);
        }
        if (change.warn && load?.warnedAt) throw new ProviderLoadConflict(change.providerId);
      },
      apply: () => {
        const load = this.providers[change.providerId] ?? { clients: 0, hoursPerMonth: 0 };
        this.providers[change.providerId] = {
          clients: load.clients + change.clients,
          hoursPerMonth: load.hoursPerMonth + change.hoursPerMonth,
          ...(load.warnedAt || change.warn ? { warnedAt: load.warnedAt ?? at } : {}),
        };
      },
    };
  }
}

export class InMemoryCounters implements Counters {
  readonly values = new Map<CounterName, number>();
  /** Every draw, as the names it drew together. */
  readonly draws: CounterName[][] = [];

  async draw(names: readonly CounterName[]): Promise<number[]> {
    if (new Set(names).size !== names.length) throw new Error(`A counter drawn twice in one request: ${names.join(', ')}`);
    if (names.length > 0) this.draws.push([...names]);
    return names.map((name) => {
      const next = (this.values.get(name) ?? 0) + 1;
      this.values.set(name, next);
      return next;
    });
  }
}

export class InMemorySessionStore implements SessionStore {
  readonly sessions = new Map<string, Session>();
  async create(session: Session): Promise<void> {
    if (this.sessions.has(session.idHash)) throw new ConditionFailed(`session ${session.idHash}`);
    this.sessions.set(session.idHash, structuredClone(session));
  }
  async find(idHash: string): Promise<Session | undefined> {
    const session = this.sessions.get(idHash);
    return session && structuredClone(session);
  }
  async touch(idHash: string, at: string): Promise<void> {
    const session = this.sessions.get(idHash);
    if (session && session.lastSeenAt < at) session.lastSeenAt = at;
  }
  async remove(idHash: string): Promise<void> {
    this.sessions.delete(idHash);
  }
}

export class InMemoryLoginAttemptStore implements LoginAttemptStore {
  readonly attempts = new Map<string, LoginAttempt>();
  async save(attempt: LoginAttempt): Promise<void> {
    if (this.attempts.has(attempt.state)) throw new ConditionFailed(`login ${attempt.state}`);
    this.attempts.set(attempt.state, { ...attempt });
  }
  async take(state: string): Promise<LoginAttempt | undefined> {
    const attempt = this.attempts.get(state);
    this.attempts.delete(state);
    return attempt;
  }
}

const lower = (email: string) => email.trim().toLowerCase();

export class InMemoryMessageStore implements MessageStore {
  readonly messages: StoredMessage[] = [];
  readonly attachments = new Map<string, StoredAttachment>();
  readonly receipts = new Map<string, Receipt>();
  /** `case|email` → counts seen. */
  readonly seenCounts = new Map<string, ChannelCounts>();
  /** `case|address` → last notice. */
  readonly notices = new Map<string, string>();

  post(message: StoredMessage): PreparedWrite {
    const attachmentOk = (id: string) => {
      const a = this.attachments.get(`${message.caseId}|${id}`);
      return a !== undefined && a.status === 'ready' && a.uploadedBy === message.sender.email && !a.messageId;
    };
    return prepared([
      {
        check: () => {
          if (this.messages.some((m) => m.caseId === message.caseId && m.id === message.id)) throw new ConditionFailed(`message ${message.id}`);
          if (!message.attachmentIds.every(attachmentOk)) throw new AttachmentUnavailableError();
        },
        apply: () => {
          this.messages.push(structuredClone(message));
          for (const id of message.attachmentIds) this.attachments.get(`${message.caseId}|${id}`)!.messageId = message.id;
          const key = `${message.caseId}|${lower(message.sender.email)}`;
          const counts = this.seenCounts.get(key) ?? { conversation: 0, internal: 0 };
          counts[message.channel] += 1;
          this.seenCounts.set(key, counts);
        },
      },
    ]);
  }

  async thread(caseId: string) {
    return structuredClone({
      messages: this.messages.filter((m) => m.caseId === caseId).sort((a, b) => a.id.localeCompare(b.id)),
      attachments: [...this.attachments.values()].filter((a) => a.caseId === caseId).sort((a, b) => a.id.localeCompare(b.id)),
      receipts: [...this.receipts.values()].filter((r) => r.caseId === caseId),
    });
  }

  async recordReceipts(receipts: readonly Receipt[]): Promise<void> {
    for (const r of receipts) {
      const key = `${r.caseId}|${r.subjectId}|${lower(r.email)}`;
      if (!this.receipts.has(key)) this.receipts.set(key, structuredClone(r));
    }
  }

  async seen(email: string, caseIds: readonly string[]): Promise<Record<string, ChannelCounts>> {
    return Object.fromEntries(caseIds.map((caseId) => [caseId, { ...(this.seenCounts.get(`${caseId}|${lower(email)}`) ?? { conversation: 0, internal: 0 }) }]));
  }

  async markSeen(caseId: string, email: string, counts: ChannelCounts): Promise<void> {
    const key = `${caseId}|${lower(email)}`;
    const current = this.seenCounts.get(key) ?? { conversation: 0, internal: 0 };
    this.seenCounts.set(key, { conversation: Math.max(current.conversation, counts.conversation), internal: Math.max(current.internal, counts.internal) });
  }

  async createAttachment(attachment: StoredAttachment): Promise<void> {
    const key = `${attachment.caseId}|${attachment.id}`;
    if (this.attachments.has(key)) throw new ConditionFailed(`attachment ${attachment.id}`);
    this.attachments.set(key, structuredClone(attachment));
  }

  async findAttachment(caseId: string, id: string): Promise<StoredAttachment | undefined> {
    const a = this.attachments.get(`${caseId}|${id}`);
    return a && structuredClone(a);
  }

  async markAttachmentReady(caseId: string, id: string, contentType: string): Promise<void> {
    const a = this.attachments.get(`${caseId}|${id}`);
    if (!a || a.status !== 'pending') throw new ConditionFailed(`attachment ${id} not pending`);
    a.status = 'ready';
    a.contentType = contentType;
  }

  async removeAttachment(caseId: string, id: string): Promise<void> {
    this.attachments.delete(`${caseId}|${id}`);
  }

  async lastNotices(caseId: string, addresses: readonly string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const address of addresses) {
      const at = this.notices.get(`${caseId}|${lower(address)}`);
      if (at) out[address] = at;
    }
    return out;
  }

  recordNotice({ caseId, address, at, previous }: { caseId: string; address: string; at: string; previous?: string }): PreparedWrite {
    const key = `${caseId}|${lower(address)}`;
    return prepared([
      {
        check: () => {
          if (this.notices.get(key) !== previous) throw new NoticeChangedError();
        },
        apply: () => this.notices.set(key, at),
      },
    ]);
  }
}

export class InMemoryOrdererCodeStore implements OrdererCodeStore {
  readonly codes = new Map<string, OrdererCode>();
  async save(code: OrdererCode): Promise<void> {
    this.codes.set(code.caseId, { ...code });
  }
  async find(caseId: string): Promise<OrdererCode | undefined> {
    const code = this.codes.get(caseId);
    return code && { ...code };
  }
  async countWrongGuess(caseId: string, codeHash: string): Promise<number | undefined> {
    const code = this.codes.get(caseId);
    if (!code || code.codeHash !== codeHash) return undefined;
    code.attempts += 1;
    return code.attempts;
  }
  async consume(caseId: string, codeHash: string, maxAttempts: number): Promise<boolean> {
    const code = this.codes.get(caseId);
    if (!code || code.codeHash !== codeHash || code.attempts >= maxAttempts) return false;
    this.codes.delete(caseId);
    return true;
  }
}

export class InMemoryOrdererSessionStore implements OrdererSessionStore {
  readonly sessions = new Map<string, OrdererSession>();
  async create(session: OrdererSession): Promise<void> {
    if (this.sessions.has(session.idHash)) throw new ConditionFailed(`orderer session ${session.idHash}`);
    this.sessions.set(session.idHash, { ...session });
  }
  async find(idHash: string): Promise<OrdererSession | undefined> {
    const session = this.sessions.get(idHash);
    return session && { ...session };
  }
  async remove(idHash: string): Promise<void> {
    this.sessions.delete(idHash);
  }
}

export class InMemoryRateWindows implements RateWindows {
  readonly windows = new Map<string, number>();
  private key(name: string, windowMs: number, now: Date) {
    return `${name}|${Math.floor(now.getTime() / windowMs) * windowMs}`;
  }
  async hit(name: string, windowMs: number, now: Date): Promise<number> {
    const key = this.key(name, windowMs, now);
    const n = (this.windows.get(key) ?? 0) + 1;
    this.windows.set(key, n);
    return n;
  }
  async count(name: string, windowMs: number, now: Date): Promise<number> {
    return this.windows.get(this.key(name, windowMs, now)) ?? 0;
  }
}

/** Every store in memory, as `dynamoDbStores` builds them on DynamoDB. */
export function inMemoryStores() {
  const outbox = new InMemoryOutboxStore();
  return {
    cases: new InMemoryCaseStore(outbox),
    audit: new InMemoryAuditLog(),
    routing: new InMemoryRoutingStore(),
    counters: new InMemoryCounters(),
    outbox,
    idempotency: new InMemoryIdempotencyStore(),
    sessions: new InMemorySessionStore(),
    logins: new InMemoryLoginAttemptStore(),
    messages: new InMemoryMessageStore(),
    ordererCodes: new InMemoryOrdererCodeStore(),
    ordererSessions: new InMemoryOrdererSessionStore(),
    rates: new InMemoryRateWindows(),
    reports: new InMemoryTimeReportStore(),
    jobLocks: new InMemoryJobLocks(),
    extras: new InMemoryExtraVisitStore(),
    outgoing: new InMemoryOutgoingStayStore(),
    transactor: new InMemoryTransactor(),
  };
}

/** Time reports in memory, with the DynamoDB store's conditions (contract-tested against it). */
export class InMemoryTimeReportStore implements TimeReportStore {
  readonly reports = new Map<string, ExpectedReport & { nextDue?: string; notice?: { run: string; step: TimeReportStep; at: string } }>();
  readonly versions = new Map<string, StoredReportVersion>();
  /** Requests made, for tests counting reads. */
  requests = 0;

  private id(k: ReportKey) {
    return `${k.caseId}|${k.insatsType}|${k.month}`;
  }

  plan(reports: readonly ExpectedReport[]): PreparedWrite {
    return prepared(
      reports.map((r) => ({
        check: () => {
          if (this.reports.has(this.id(r))) throw new ReportChangedError();
        },
        apply: () => this.reports.set(this.id(r), { ...structuredClone(r), nextDue: r.ladder.reminder }),
      })),
    );
  }

  readonly charges = new Map<string, Charge>();

  recordCharge(charge: Charge): PreparedWrite {
    const id = `${charge.caseId}|${charge.id}`;
    return prepared([
      {
        check: () => {
          if (this.charges.has(id)) throw new ReportChangedError();
        },
        apply: () => this.charges.set(id, structuredClone(charge)),
      },
    ]);
  }

  async chargesInMonth(month: string): Promise<Charge[]> {
    return [...this.charges.values()].filter((c) => c.month === month).map((c) => structuredClone(c));
  }

  revise(reports: readonly ExpectedReport[]): PreparedWrite {
    return prepared(
      reports.map((r) => ({
        check: () => {
          if (this.reports.get(this.id(r))?.status !== 'expected') throw new ReportChangedError();
        },
        apply: () => {
          const stored = this.reports.get(this.id(r))!;
          const { granted: _g, ...rest } = stored;
          this.reports.set(this.id(r), { ...rest, period: structuredClone(r.period), unit: r.unit, rate: structuredClone(r.rate), ...(r.granted === undefined ? {} : { granted: r.granted }) });
        },
      })),
    );
  }

  dropExpected(keys: readonly ReportKey[]): PreparedWrite {
    return prepared(
      keys.map((k) => ({
        check: () => {
          if (this.reports.get(this.id(k))?.status !== 'expected') throw new ReportChangedError();
        },
        apply: () => this.reports.delete(this.id(k)),
      })),
    );
  }

  private clean(r: ExpectedReport & { nextDue?: string; notice?: unknown }): ExpectedReport {
    const { nextDue: _n, notice: _o, ...report } = structuredClone(r) as ExpectedReport & { nextDue?: string; notice?: unknown };
    return report;
  }

  async ofCase(caseId: string): Promise<{ reports: ExpectedReport[]; versions: StoredReportVersion[] }> {
    this.requests++;
    return {
      reports: [...this.reports.values()].filter((r) => r.caseId === caseId).map((r) => this.clean(r)),
      versions: [...this.versions.values()].filter((v) => v.caseId === caseId).map((v) => structuredClone(v)),
    };
  }

  async find(k: ReportKey): Promise<ExpectedReport | undefined> {
    this.requests++;
    const r = this.reports.get(this.id(k));
    return r ? this.clean(r) : undefined;
  }

  submit(version: StoredReportVersion): PreparedWrite {
    const vid = `${this.id(version)}|${version.version}`;
    return prepared([
      {
        check: () => {
          const r = this.reports.get(this.id(version));
          if (this.versions.has(vid) || !r || (r.status !== 'expected' && r.status !== 'returned') || r.versions !== version.version - 1) throw new ReportChangedError();
        },
        apply: () => {
          this.versions.set(vid, structuredClone(version));
          Object.assign(this.reports.get(this.id(version))!, { status: 'submitted', versions: version.version, nextDue: undefined });
        },
      },
    ]);
  }

  review(input: ReportKey & { version: number; review: NonNullable<StoredReportVersion['review']>; approvedQuantity?: number }): PreparedWrite {
    const vid = `${this.id(input)}|${input.version}`;
    return prepared([
      {
        check: () => {
          const r = this.reports.get(this.id(input));
          const v = this.versions.get(vid);
          if (!r || !v || v.review || r.status !== 'submitted' || r.versions !== input.version) throw new ReportChangedError();
        },
        apply: () => {
          this.versions.get(vid)!.review = structuredClone(input.review);
          const r = this.reports.get(this.id(input))!;
          if (input.review.decision === 'approve') Object.assign(r, { status: 'approved', approved: { version: input.version, quantity: input.approvedQuantity ?? 0, at: input.review.at } });
          else r.status = 'returned';
        },
      },
    ]);
  }

  async dueForChase(date: string, limit: number): Promise<ExpectedReport[]> {
    this.requests++;
    return [...this.reports.values()]
      .filter((r) => r.nextDue !== undefined && r.nextDue <= date)
      .sort((a, b) => a.nextDue!.localeCompare(b.nextDue!))
      .slice(0, limit)
      .map((r) => this.clean(r));
  }

  async takeStep(input: ReportKey & { step: TimeReportStep; stepsBefore: number; at: string; run: string; nextDueDate?: string }): Promise<boolean> {
    this.requests++;
    const r = this.reports.get(this.id(input));
    if (!r || r.status !== 'expected' || r.chased.length !== input.stepsBefore || r.notice) return false;
    r.chased.push({ step: input.step, at: input.at });
    r.notice = { run: input.run, step: input.step, at: input.at };
    r.nextDue = input.nextDueDate;
    return true;
  }

  async pendingNotices(): Promise<PendingChaseNotice[]> {
    this.requests++;
    return [...this.reports.values()].filter((r) => r.notice).map((r) => ({ report: this.clean(r), ...r.notice! }));
  }

  async clearNotice(k: ReportKey, run: string): Promise<void> {
    this.requests++;
    const r = this.reports.get(this.id(k));
    if (r?.notice?.run === run) delete r.notice;
  }

  async openForProvider(providerId: string, limit: number): Promise<ExpectedReport[]> {
    this.requests++;
    return [...this.reports.values()]
      .filter((r) => r.providerId === providerId && r.status !== 'approved')
      .sort((a, b) => `${a.dueDate}#${a.caseId}#${a.insatsType}#${a.month}`.localeCompare(`${b.dueDate}#${b.caseId}#${b.insatsType}#${b.month}`))
      .slice(0, limit)
      .map((r) => this.clean(r));
  }

  async approvedInMonth(month: string): Promise<ExpectedReport[]> {
    this.requests++;
    return [...this.reports.values()].filter((r) => r.month === month && r.status === 'approved').map((r) => this.clean(r));
  }
}

export class InMemoryExtraVisitStore implements ExtraVisitStore {
  readonly extras = new Map<string, ExtraVisit>();
  readonly agreements = new Map<string, ExtraAgreement>();
  private key = (caseId: string, id: string) => `${caseId}|${id}`;

  private change(caseId: string, id: string, allowed: (e: ExtraVisit) => boolean, apply: (e: ExtraVisit) => void): PreparedWrite {
    return prepared([
      {
        check: () => {
          const e = this.extras.get(this.key(caseId, id));
          if (!e || !allowed(e)) throw new ExtraVisitChangedError();
        },
        apply: () => apply(this.extras.get(this.key(caseId, id))!),
      },
    ]);
  }

  register(extra: ExtraVisit): PreparedWrite {
    return prepared([
      {
        check: () => {
          if (this.extras.has(this.key(extra.caseId, extra.id))) throw new ExtraVisitChangedError();
        },
        apply: () => this.extras.set(this.key(extra.caseId, extra.id), structuredClone(extra)),
      },
    ]);
  }

  agree(agreement: ExtraAgreement): PreparedWrite {
    return prepared([
      {
        check: () => {
          if (this.agreements.has(this.key(agreement.caseId, agreement.id))) throw new ExtraVisitChangedError();
        },
        apply: () => this.agreements.set(this.key(agreement.caseId, agreement.id), structuredClone(agreement)),
      },
    ]);
  }

  async agreementsOf(caseId: string): Promise<ExtraAgreement[]> {
    return [...this.agreements.values()].filter((a) => a.caseId === caseId).sort((a, b) => a.at.localeCompare(b.at)).map((a) => structuredClone(a));
  }

  async find(caseId: string, id: string): Promise<ExtraVisit | undefined> {
    const e = this.extras.get(this.key(caseId, id));
    return e ? structuredClone(e) : undefined;
  }

  async ofCase(caseId: string): Promise<ExtraVisit[]> {
    return [...this.extras.values()].filter((e) => e.caseId === caseId).sort((a, b) => a.registeredAt.localeCompare(b.registeredAt)).map((e) => structuredClone(e));
  }

  async undecidedForUnit(unitId: string, limit: number): Promise<ExtraVisit[]> {
    return [...this.extras.values()]
      .filter((e) => e.unitId === unitId && (e.status === 'open' || e.status === 'questioned'))
      .sort((a, b) => a.registeredAt.localeCompare(b.registeredAt) || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map((e) => structuredClone(e));
  }

  decide({ caseId, id, expected, status, decision }: { caseId: string; id: string; expected: ExtraVisit['status']; status: 'approved' | 'rejected'; decision: NonNullable<ExtraVisit['decision']> }): PreparedWrite {
    return this.change(caseId, id, (e) => e.status === expected, (e) => Object.assign(e, { status, decision: structuredClone(decision) }));
  }

  ask({ caseId, id, question }: { caseId: string; id: string; question: NonNullable<ExtraVisit['question']> }): PreparedWrite {
    return this.change(caseId, id, (e) => e.status === 'open', (e) => Object.assign(e, { status: 'questioned', question: structuredClone(question) }));
  }

  answer({ caseId, id, askedAt, answeredAt, answeredBy, sealedAnswer }: { caseId: string; id: string; askedAt: string; answeredAt: string; answeredBy: string; sealedAnswer: string }): PreparedWrite {
    return this.change(
      caseId,
      id,
      (e) => e.status === 'questioned' && e.question?.at === askedAt && !e.question.answeredAt,
      (e) => Object.assign(e, { status: 'open', question: { ...e.question!, answeredAt, answeredBy, sealedAnswer } }),
    );
  }

  async questionsOverdue(date: string, limit: number): Promise<ExtraVisit[]> {
    return [...this.extras.values()]
      .filter((e) => e.status === 'questioned' && e.question && !e.question.answeredAt && !e.question.remindedAt && e.question.answerDueOn < date)
      .slice(0, limit)
      .map((e) => structuredClone(e));
  }

  remindQuestion({ caseId, id, askedAt, at }: { caseId: string; id: string; askedAt: string; at: string }): PreparedWrite {
    return this.change(
      caseId,
      id,
      (e) => e.status === 'questioned' && e.question?.at === askedAt && !e.question.answeredAt && !e.question.remindedAt,
      (e) => Object.assign(e, { question: { ...e.question!, remindedAt: at } }),
    );
  }
}

export class InMemoryJobLocks implements JobLocks {
  readonly locks = new Map<string, { holder: string; until: string }>();
  async acquire(job: string, holder: string, now: Date, until: Date): Promise<boolean> {
    const lock = this.locks.get(job);
    if (lock && lock.until >= now.toISOString()) return false;
    this.locks.set(job, { holder, until: until.toISOString() });
    return true;
  }
  async release(job: string, holder: string): Promise<void> {
    if (this.locks.get(job)?.holder === holder) this.locks.delete(job);
  }
}

/** Outgoing stays in memory, with the DynamoDB store's conditions (contract-tested against it). */
export class InMemoryOutgoingStayStore implements OutgoingStayStore {
  readonly stays = new Map<string, OutgoingStay>();
  readonly references = new Map<string, string>();
  readonly reports = new Map<string, OutgoingReport & { nextDue?: string }>();
  private key = (stayId: string, insatsType: string, month: string) => `${stayId}|${insatsType}|${month}`;

  private change(check: () => boolean, apply: () => void): PreparedWrite {
    return prepared([
      {
        check: () => {
          if (!check()) throw new OutgoingChangedError();
        },
        apply,
      },
    ]);
  }

  create(stay: OutgoingStay, reports: OutgoingReport[]): PreparedWrite {
    return this.change(
      () => !this.stays.has(stay.id) && !this.references.has(stay.reference) && reports.every((r) => !this.reports.has(this.key(r.stayId, r.insatsType, r.month))),
      () => {
        this.stays.set(stay.id, structuredClone(stay));
        this.references.set(stay.reference, stay.id);
        for (const r of reports) this.reports.set(this.key(r.stayId, r.insatsType, r.month), { ...structuredClone(r), nextDue: r.ladder.reminder });
      },
    );
  }

  async find(id: string) {
    const s = this.stays.get(id);
    return s ? structuredClone(s) : undefined;
  }

  async findIdByReference(reference: string) {
    return this.references.get(reference);
  }

  async ofUnit(unitId: string, limit: number) {
    return [...this.stays.values()]
      .filter((s) => s.unitId === unitId)
      .sort((a, b) => `${b.registeredAt}#${b.id}`.localeCompare(`${a.registeredAt}#${a.id}`))
      .slice(0, limit)
      .map((s) => structuredClone(s));
  }

  private clean(r: OutgoingReport & { nextDue?: string }): OutgoingReport {
    const { nextDue: _, ...rest } = structuredClone(r);
    return rest;
  }

  async reportsOf(stayId: string) {
    return [...this.reports.values()].filter((r) => r.stayId === stayId).sort((a, b) => a.month.localeCompare(b.month) || a.insatsType.localeCompare(b.insatsType)).map((r) => this.clean(r));
  }

  markSent(id: string, sent: NonNullable<OutgoingStay['sent']>): PreparedWrite {
    return this.change(
      () => Boolean(this.stays.get(id)) && !this.stays.get(id)!.sent && !this.stays.get(id)!.ended,
      () => {
        this.stays.get(id)!.sent = structuredClone(sent);
      },
    );
  }

  confirm(id: string, confirmation: NonNullable<OutgoingStay['confirmation']>, drop: { insatsType: InsatsType; month: string }[]): PreparedWrite {
    return this.change(
      () => Boolean(this.stays.get(id)) && !this.stays.get(id)!.confirmation && !this.stays.get(id)!.ended && drop.every((d) => this.reports.get(this.key(id, d.insatsType, d.month))?.status === 'expected'),
      () => {
        this.stays.get(id)!.confirmation = structuredClone(confirmation);
        for (const d of drop) this.reports.delete(this.key(id, d.insatsType, d.month));
      },
    );
  }

  end(id: string, ended: NonNullable<OutgoingStay['ended']>, drop: { insatsType: InsatsType; month: string }[], trim: { insatsType: InsatsType; month: string; period: OutgoingReport['period'] }[]): PreparedWrite {
    const expected = (r: { insatsType: InsatsType; month: string }) => this.reports.get(this.key(id, r.insatsType, r.month))?.status === 'expected';
    return this.change(
      () => Boolean(this.stays.get(id)) && !this.stays.get(id)!.ended && drop.every(expected) && trim.every(expected),
      () => {
        this.stays.get(id)!.ended = structuredClone(ended);
        for (const d of drop) this.reports.delete(this.key(id, d.insatsType, d.month));
        for (const t of trim) this.reports.get(this.key(id, t.insatsType, t.month))!.period = structuredClone(t.period);
      },
    );
  }

  receiveReport({ stayId, insatsType, month, received }: { stayId: string; insatsType: InsatsType; month: string; received: NonNullable<OutgoingReport['received']> }): PreparedWrite {
    const k = this.key(stayId, insatsType, month);
    return this.change(
      () => this.reports.get(k)?.status === 'expected',
      () => {
        const r = this.reports.get(k)!;
        Object.assign(r, { status: 'received', received: structuredClone(received) });
        delete r.nextDue;
      },
    );
  }

  recordInvoice({ stayId, insatsType, month, invoice }: { stayId: string; insatsType: InsatsType; month: string; invoice: NonNullable<OutgoingReport['invoice']> }): PreparedWrite {
    const k = this.key(stayId, insatsType, month);
    return this.change(
      () => this.reports.get(k)?.status === 'received' && !this.reports.get(k)!.invoice,
      () => {
        this.reports.get(k)!.invoice = structuredClone(invoice);
      },
    );
  }

  async reportsDue(date: string, limit: number) {
    return [...this.reports.values()]
      .filter((r) => r.nextDue !== undefined && r.nextDue <= date && r.status === 'expected')
      .sort((a, b) => a.nextDue!.localeCompare(b.nextDue!))
      .slice(0, limit)
      .map((r) => this.clean(r));
  }

  takeChaseStep(s: ChaseStepTaken): PreparedWrite {
    const k = this.key(s.stayId, s.insatsType, s.month);
    return this.change(
      () => this.reports.get(k)?.status === 'expected' && this.reports.get(k)!.chased.length === s.chasedBefore,
      () => {
        const r = this.reports.get(k)!;
        r.chased.push({ step: s.step, at: s.at });
        if (s.nextDueOn) r.nextDue = s.nextDueOn;
        else delete r.nextDue;
      },
    );
  }
}
