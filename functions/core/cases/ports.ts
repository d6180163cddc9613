import type { InsatsType } from '../../../shared/insatser';
import type { Channel } from '../../../shared/messages';
import type { OrderChangeLine } from '../../../shared/order-change';
import type { ClearOrder } from '../../../shared/personal-data';
import type { ProviderDecision } from '../../../shared/routing';
import type { SealedPersonalData } from '../kernel/personal-data';
import type { PreparedWrite } from '../kernel/transaction';
import type { NotificationStatus } from '../outbox/ports';
import type { PurgedData } from '../purge/ports';
import type { RoutingPlan } from '../routing/ports';

/** A case as the intake creates it: the order (its personal data sealed), its reference and how it was routed. */
export interface NewCase {
  caseId: string;
  reference: string;
  receivedAt: string;
  order: ClearOrder;
  personalData: SealedPersonalData;
  routing: RoutingPlan;
  /** When a sent assignment must be confirmed by (the provider's day, `providerConfirmHours`). */
  confirmBy: string;
}

/** Something that happened to a case, kept on its timeline. */
export interface CaseEvent {
  id: string;
  type: string;
  at: string;
  by: string;
  [detail: string]: unknown;
}

/**
 * Where an assignment is: `held` (protected identity, until the unit head is told), `sent` (the
 * provider is told and must confirm), `confirmed` (with a start date), `needs_provider` (no
 * provider could take it), or `removed` (a change took its insats out of the order).
 */
export type AssignmentStatus = 'held' | 'sent' | 'confirmed' | 'needs_provider' | 'removed';

/**
 * A version of the order. The first is the intake's; each **Ändra beställningen** makes the next,
 * with the lines of what changed. Its decision text (goal, descriptions) is sealed like the case's own.
 */
export interface OrderVersion {
  version: number;
  at: string;
  by: string;
  byRole: 'intake' | 'orderer' | 'caseworker';
  changes: OrderChangeLine[];
  order: ClearOrder;
  sealedDecisionText: string;
}

/**
 * A change a confirmed assignment's provider is to confirm (**Bekräfta ändringen**): the latest
 * version, with every line for its insats since the provider last confirmed.
 */
export interface PendingChange {
  version: number;
  at: string;
  lines: OrderChangeLine[];
}

/**
 * What a change does to one assignment, in the change's transaction — each on the condition that
 * the assignment is still as the change read it (a confirmation racing it makes it read again).
 */
export type AssignmentChange =
  /** A type the change added, routed like a new one (an assignment removed earlier comes back). */
  | { kind: 'add'; insatsType: InsatsType; decision: ProviderDecision; status: 'sent' | 'held' | 'needs_provider'; at: string; confirmBy: string }
  | { kind: 'remove'; insatsType: InsatsType; expected: AssignmentStatus; at: string }
  /** A confirmed assignment the change touches: its provider is to confirm the change. */
  | { kind: 'pending'; insatsType: InsatsType; change: PendingChange }
  /** Any other: only held to be as read (a sent one is confirmed on the new version). */
  | { kind: 'unchanged'; insatsType: InsatsType; expected: AssignmentStatus };

/** The provider's confirmation: when the help starts, and who to reach there. */
export interface Confirmation {
  startDate: string;
  contactName: string;
  contactPhone: string;
  confirmedAt: string;
  confirmedBy: string;
}

export interface Decline {
  providerId: string;
  reason: string;
  at: string;
  by: string;
}

/**
 * The chaser's steps on an assignment: `reminder` and `escalation` while it is unconfirmed (the
 * one-day chaser), `start_late` once a confirmed insats has not started by its deadline.
 */
export type ChaseStep = 'reminder' | 'escalation' | 'start_late';

/**
 * **Insatsen har startat** (for the safety alarm **Larmet är installerat**): the day the help
 * began, as the provider recorded it.
 */
export interface StartRecord {
  startedOn: string;
  recordedAt: string;
  recordedBy: string;
  /** Past the assignment's start deadline (**Start försenad**). */
  late: boolean;
}

/** When a confirmed insats must start by (`startDeadline`), and when the chaser looks if it has (`chaseAt`). */
/**
 * **Begär komplettering**: the case waits for the orderer (the handling-time clock paused) from
 * `requestedAt` until the orderer answers in the conversation. What is missing stands in the
 * conversation, sealed like every message. Unanswered, the orderer is reminded once at `remindAt`.
 */
export interface CompletionRequest {
  requestedAt: string;
  requestedBy: string;
  remindAt: string;
  remindedAt?: string;
  answeredAt?: string;
  answeredBy?: string;
}

/** **Vistelsen har avslutats**: the stay's last day, who said so (or the end date passing), and when. */
export interface StayEnd {
  endedOn: string;
  reportedAt: string;
  reportedBy: string;
  /** Who said so: a provider, the orderer, our caseworker (a cancellation), or the end date passing. */
  source: 'provider' | 'orderer' | 'caseworker' | 'end_date';
  /**
   * **Avbryt beställningen**: the order was cancelled (by its orderer or our caseworker) with a
   * reason (**Skäl**, sealed: it may speak of the person); `late` when later than the profile's
   * notice before the start.
   */
  cancellation?: { by: 'orderer' | 'caseworker'; sealedReason: string; late: boolean };
}

export interface StartDue {
  deadline: string;
  chaseAt: string;
}

export interface AssignmentView {
  insatsType: InsatsType;
  decision: ProviderDecision;
  status: AssignmentStatus;
  decidedAt: string;
  /** When the provider was told (at routing, at release, or when it came to them after a decline). */
  sentAt?: string;
  releasedAt?: string;
  confirmation?: Confirmation;
  /** The last day the insats may start (set at confirmation, from the rule for its type). */
  startDeadline?: string;
  started?: StartRecord;
  declines: Decline[];
  /** Steps of the chaser already taken since it was sent. */
  chased: ChaseStep[];
  /** A change of the order its provider has still to confirm (**Bekräfta ändringen**). */
  pendingChange?: PendingChange;
  /** The last change its provider confirmed. */
  changeConfirmed?: { version: number; at: string; by: string };
  /** When a change took its insats out of the order. */
  removedAt?: string;
}

/** A case as staff and tests read it: the case, its assignments and every notification's status. */
export interface CaseView {
  caseId: string;
  reference: string;
  status: string;
  receivedAt: string;
  protectedIdentity: boolean;
  routing: { kind: 'caseworker' | 'fallback'; caseworkerId?: string; unitId: string; districtId?: string; reason: string; routedAt: string };
  /** The order without its personal data, which is in `personalData`, sealed. */
  order: ClearOrder;
  personalData: SealedPersonalData;
  assignments: AssignmentView[];
  notifications: NotificationStatus[];
  events: Omit<CaseEvent, 'id'>[];
  /** When the case's own caseworker first opened it (an unopened case is new). */
  openedAt?: string;
  /** When the system administrator registered it in the case system, and who. */
  registered?: { at: string; by: string };
  /** How many messages each of its conversations holds. */
  messageCounts: Record<Channel, number>;
  /** How many of its time reports are submitted and wait for the caseworker's reconciliation. */
  reportsToReview: number;
  /** The latest completion request, answered or not. */
  completion?: CompletionRequest;
  /** The handling-time clock's paused time, in milliseconds, of completion requests answered. */
  pausedMs: number;
  /** The stay ended (reported, or its end date passed): the case closes when its last report is approved. */
  ended?: StayEnd;
  /** **Avslutat**: when the case closed (its retention runs from this day). */
  closedAt?: string;
  /** **Gallrat**: when its personal data was purged, and what went. */
  purged?: PurgeMark;
  /** The order's version (1 until the first change). */
  orderVersion: number;
  /** Every version of the order once it has been changed (none before), the first first. */
  versions: OrderVersion[];
}

/** A purged case's mark: when, by which run, what went. */
export type PurgeMark = { at: string; run: string } & PurgedData;

/** A case as a list shows it: no personal data, the assignments in brief. */
export interface CaseSummary {
  caseId: string;
  reference: string;
  status: string;
  receivedAt: string;
  protectedIdentity: boolean;
  routing: CaseView['routing'];
  homeMunicipality: { code: string; name: string };
  stay: { from: string; to: string; acute: boolean };
  assignments: { insatsType: InsatsType; providerId?: string; status: AssignmentStatus; sentAt?: string; confirmBy?: string; startDate?: string; startDeadline?: string; startedOn?: string }[];
  openedAt?: string;
  registered?: CaseView['registered'];
  messageCounts: CaseView['messageCounts'];
  reportsToReview: number;
  completion?: CaseView['completion'];
  ended?: StayEnd;
  closedAt?: string;
  purged?: PurgeMark;
}

/** An assignment no longer where the change expected it (confirmed, declined or released by someone else first). */
export class AssignmentChangedError extends Error {
  constructor() {
    super('The assignment changed concurrently');
    this.name = 'AssignmentChangedError';
  }
}

/** The order was changed since it was read (a confirmation or a change made on an earlier version). */
export class OrderChangedError extends Error {
  constructor() {
    super('The order changed concurrently');
    this.name = 'OrderChangedError';
  }
}

/** The case was reassigned by someone else first, or is already registered. */
export class CaseChangedError extends Error {
  constructor() {
    super('The case changed concurrently');
    this.name = 'CaseChangedError';
  }
}

/** Cases: the case itself, its assignments and its timeline, and the lists staff work from. */
export interface CaseStore {
  /** The new case with its unique reference and its assignments, in the intake's transaction. */
  create(newCase: NewCase): PreparedWrite;
  findIdByReference(reference: string): Promise<string | undefined>;
  find(caseId: string): Promise<CaseView | undefined>;

  /** A held assignment sent: the provider now sees it and must confirm by `confirmBy`. */
  releaseAssignment(input: { caseId: string; insatsType: InsatsType; providerId: string; at: string; confirmBy: string }): PreparedWrite;
  /**
   * The provider confirmed, with a start date: the confirmation chaser stops, and the start's
   * deadline is kept (the start chaser due at `start.chaseAt`). Fails (`AssignmentChangedError`)
   * unless it is sent to that provider.
   */
  confirmAssignment(input: { caseId: string; insatsType: InsatsType; providerId: string; confirmation: Confirmation; start: StartDue; orderVersion?: number }): PreparedWrite;
  /**
   * **Ändra beställningen**: the next version of the order (and, at the first change, the first
   * version as it was), its personal data sealed anew, each assignment changed as `assignments`
   * say, the stay-end index moved with the stay's last day. Fails (`OrderChangedError`) unless the
   * order is still at `fromVersion` and the stay not ended; (`AssignmentChangedError`) unless each
   * assignment is as read.
   */
  changeOrder(input: {
    caseId: string;
    reference: string;
    fromVersion: number;
    first?: OrderVersion;
    next: OrderVersion;
    personalData: SealedPersonalData;
    assignments: AssignmentChange[];
  }): PreparedWrite;
  /** **Bekräfta ändringen**: fails (`AssignmentChangedError`) unless that provider's assignment waits to confirm that version. */
  confirmChange(input: { caseId: string; insatsType: InsatsType; providerId: string; version: number; at: string; by: string }): PreparedWrite;
  /** **Insatsen har startat**: fails (`AssignmentChangedError`) unless it is confirmed by that provider and its start not yet recorded. */
  recordStart(input: { caseId: string; insatsType: InsatsType; providerId: string; start: StartRecord }): PreparedWrite;
  /** The start chaser's one step: fails (`AssignmentChangedError`) once the start is recorded or the step was taken. */
  chaseStart(input: { caseId: string; insatsType: InsatsType }): PreparedWrite;
  /** Confirmed assignments whose start deadline has passed with no start recorded (a query on the chase time, never a scan). */
  dueForStartChase(now: Date, limit: number): Promise<{ caseId: string; insatsType: InsatsType }[]>;
  /**
   * The provider declined: the assignment goes to the next provider (`next`, sent now, to confirm
   * by `confirmBy`), or waits for one (`needs_provider`). Fails unless it is sent to `decline.providerId`.
   */
  declineAssignment(input: { caseId: string; insatsType: InsatsType; decline: Decline; next: ProviderDecision; hold: boolean; at: string; confirmBy: string }): PreparedWrite;
  /** Takes one of the chaser's steps on an assignment still sent and unconfirmed since `sentAt`; the next step is due at `nextDueAt`, if any. */
  chaseAssignment(input: { caseId: string; insatsType: InsatsType; sentAt: string; step: ChaseStep; nextDueAt?: string }): PreparedWrite;
  /** Unconfirmed assignments whose next chase step is due (a query on due time, never a scan). */
  dueForChase(now: Date, limit: number): Promise<{ caseId: string; insatsType: InsatsType }[]>;

  /** The case to another caseworker of its unit; fails (`CaseChangedError`) if it is no longer with `from`. */
  reassign(input: { caseId: string; from: string | undefined; to: string; unitId: string; at: string }): PreparedWrite;
  /** The first time the case's own caseworker opened it. */
  markOpened(caseId: string, at: string): Promise<void>;
  /** Registered in the case system; fails (`CaseChangedError`) if it already was. */
  markRegistered(input: { caseId: string; at: string; by: string }): PreparedWrite;
  /**
   * **Begär komplettering**: fails (`CaseChangedError`) while a request is unanswered; due for its
   * reminder at `request.remindAt`. The request is a message of the conversation, counted here
   * (not by `countMessage`); so is the answer in `answerCompletion`.
   */
  requestCompletion(input: { caseId: string; request: CompletionRequest }): PreparedWrite;
  /** The orderer answered: the clock runs again (the pause added). Fails (`CaseChangedError`) unless the request made at `requestedAt` is unanswered. */
  answerCompletion(input: { caseId: string; requestedAt: string; answeredAt: string; answeredBy: string; pausedMs: number }): PreparedWrite;
  /** The one reminder: fails (`CaseChangedError`) once answered or reminded. */
  remindCompletion(input: { caseId: string; requestedAt: string; at: string }): PreparedWrite;
  /** Cases whose unanswered request is due for its reminder (a query on the due index, never a scan). */
  dueForCompletionReminder(now: Date, limit: number): Promise<string[]>;
  /**
   * **Vistelsen har avslutats**: fails (`CaseChangedError`) once the stay is ended or the case
   * closed. The case leaves the stay-end index; with `closedAt` it is **Avslutat** at once.
   */
  endStay(input: { caseId: string; end: StayEnd; closedAt?: string }): PreparedWrite;
  /** **Avslutat**: fails (`CaseChangedError`) unless the stay is ended and the case not yet closed. */
  closeCase(input: { caseId: string; at: string }): PreparedWrite;
  /** Open cases whose stay's last day is before `date` and not yet ended (a query on the stay-end index, never a scan). */
  dueForStayEnd(date: string, limit: number): Promise<string[]>;
  /** Adds an event to the case's timeline. */
  recordEvent(caseId: string, event: CaseEvent): PreparedWrite;
  /** One more message in one of the case's conversations (the lists' unread counts start from these). */
  countMessage(caseId: string, channel: Channel): PreparedWrite;
  /** A time report submitted (+1) or reconciled (−1): the caseworker's list shows what waits. */
  countReportToReview(caseId: string, delta: 1 | -1): PreparedWrite;

  /** The unit's cases, newest first. */
  listByUnit(unitId: string, limit: number): Promise<CaseSummary[]>;
  /** Every case, newest first (the economy assistant's, fee administrator's and system administrator's lists). */
  listAll(limit: number): Promise<CaseSummary[]>;
  /** The cases' summaries, by id (missing ones left out). */
  summaries(caseIds: readonly string[]): Promise<CaseSummary[]>;
  /** The cases with an assignment sent to, or confirmed by, the provider, newest first. */
  listByProvider(providerId: string, limit: number): Promise<CaseSummary[]>;
}

/** A read of a case's personal data: who, in what role, what, when. */
export interface AuditEntry {
  id: string;
  caseId: string;
  at: string;
  by: string;
  name: string;
  role: string;
  /** What was read, e.g. `person`, `decisionText`. */
  what: string[];
  /** Through which view: the case page, a provider's assignment, the registration task. */
  view: string;
}

/** Every read of personal data leaves an entry; the case's unit head reads them. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  ofCase(caseId: string): Promise<AuditEntry[]>;
}
