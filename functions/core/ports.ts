import type { OrderReceipt } from '../../shared/api';
import type { RenderedMail } from '../../shared/mail/layout';
import type { Order } from '../../shared/order';
import type { CaseworkerDecision, CaseworkerLoad, ProviderDecision, ProviderLoad } from '../../shared/routing';
import type { InsatsType } from '../../shared/insatser';

/** "Now", so that jobs and tests can run as of any instant. */
export interface Clock {
  now(): Date;
}

/** Sortable unique ids (ULID). */
export interface IdGenerator {
  next(): string;
}

/** Who a notification goes to, in the field's words (kept with its status on the case). */
export type Recipient = 'orderer' | 'caseworker' | 'provider' | 'economy' | 'system_admin' | 'unit_head';

/** A notification waiting in the outbox: written in the same transaction as the change it reports. */
export interface OutboxMessage {
  id: string;
  caseId: string;
  /** What the notification is about, e.g. `order_receipt`, `new_assignment`. */
  kind: string;
  recipient: Recipient;
  to: string;
  mail: RenderedMail;
  createdAt: string;
  /** Held notifications wait for a person's action (protected identity) before they are sent. */
  held?: boolean;
  /** Sending attempts so far, this one included (set when claimed). */
  attempts?: number;
}

/** A provider assignment for one insats type of the case. */
export interface Assignment {
  insatsType: InsatsType;
  decision: ProviderDecision;
  /** `sent` once the provider is told; `held` until the caseworker has told the provider's unit head orally. */
  status: 'sent' | 'held' | 'needs_provider';
}

/** A change of a provider's load that the case's transaction makes. */
export interface ProviderLoadChange {
  providerId: string;
  clients: number;
  hoursPerMonth: number;
  /** The provider's cap, checked in the transaction (undefined: no cap). */
  cap?: { clients: number } | { hoursPerMonth: number };
  /**
   * The load routing saw, for a capped provider: the transaction holds only if it is unchanged,
   * so the cap and the 90 % warning are exact under concurrency (a race plans again).
   */
  seen?: { clients: number; hoursPerMonth: number };
  /** Marks the provider warned, once (the transaction fails if someone else warned first). */
  warn: boolean;
}

export interface RoutingPlan {
  caseworker: CaseworkerDecision;
  assignments: Assignment[];
  providerLoads: ProviderLoadChange[];
  /** Rotation turns taken, stored with their date. */
  turns: { rotation: string; turn: number; providerId: string }[];
}

export interface NewCase {
  caseId: string;
  reference: string;
  receivedAt: string;
  order: Order;
  routing: RoutingPlan;
}

export interface IdempotencyRecord {
  keyHash: string;
  requestHash: string;
  statusCode: number;
  response: OrderReceipt;
  createdAt: string;
}

/**
 * A request holding an `Idempotency-Key` while it works: written before any counter is drawn, so a
 * parallel duplicate is told to retry instead of drawing a case number and rotation turns of its
 * own. The case's transaction turns the claim into the completed record; a claim whose holder
 * died is taken over once `claimedUntil` has passed.
 */
export interface IdempotencyClaim {
  keyHash: string;
  requestHash: string;
  /** Who holds the claim: only this request may complete it. */
  token: string;
  claimedUntil: string;
}

export type IdempotencyClaimResult =
  | { kind: 'claimed' }
  | { kind: 'completed'; record: IdempotencyRecord }
  | { kind: 'in_progress'; requestHash: string; claimedUntil: string };

/** This request no longer holds the key's claim (it expired and another request took it over). */
export class IdempotencyConflict extends Error {
  constructor() {
    super('The idempotency claim is no longer held by this request');
  }
}

/** A provider's cap was reached, or it was warned, by a concurrent case: plan again. */
export class ProviderLoadConflict extends Error {
  constructor(public readonly providerId: string) {
    super(`The load of provider ${providerId} changed concurrently`);
  }
}

/** Where cases live. Writes of one use case are one transaction. */
export interface CaseRepository {
  /** The next number in the year's case-reference series (atomic, gap-tolerant). */
  nextCaseNumber(year: number): Promise<number>;
  /**
   * Stores the case with its routing (assignments, loads, rotation turns), its outbox messages
   * and (when given) completes the request's idempotency claim, in one transaction. Throws
   * `IdempotencyConflict` when the claim is no longer this request's, `ProviderLoadConflict` when
   * a cap or warning raced.
   */
  saveNewCase(input: { newCase: NewCase; outbox: OutboxMessage[]; idempotency?: IdempotencyRecord & { token: string } }): Promise<void>;
  /**
   * Claims the key for this request (one conditional write): `claimed` when it was free or its
   * earlier holder's claim expired; otherwise what is there, completed or still in progress.
   */
  claimIdempotencyKey(claim: IdempotencyClaim, now: Date): Promise<IdempotencyClaimResult>;
  /** Gives up a claim this request holds (its work failed before anything was stored). */
  releaseIdempotencyClaim(keyHash: string, token: string): Promise<void>;
  /** The completed answer stored for the key, if any (claims in progress are not answers). */
  findIdempotencyRecord(keyHash: string): Promise<IdempotencyRecord | undefined>;
}

/** A case as staff and tests read it: the case, its assignments and every notification's status. */
export interface CaseView {
  caseId: string;
  reference: string;
  status: string;
  protectedIdentity: boolean;
  routing: { kind: 'caseworker' | 'fallback'; caseworkerId?: string; unitId: string; districtId?: string; reason: string; routedAt: string };
  order: Order;
  assignments: (Assignment & { decidedAt: string; releasedAt?: string })[];
  notifications: {
    id: string;
    kind: string;
    recipient: Recipient;
    to: string;
    status: 'held' | 'queued' | 'sending' | 'sent' | 'retry' | 'failed';
    attempts: number;
    deliveryStatus?: DeliveryEvent['status'];
    sentAt?: string;
    lastError?: string;
  }[];
  events: { type: string; at: string; by: string; [key: string]: unknown }[];
}

export interface CaseReader {
  findCase(caseId: string): Promise<CaseView | undefined>;
  findCaseIdByReference(reference: string): Promise<string | undefined>;
}

/** Releasing what was held for a protected identity: one transaction, refused if already released. */
export interface HeldAssignmentsWriter {
  releaseHeld(input: {
    caseId: string;
    insatsTypes: string[];
    outboxIds: string[];
    event: { id: string; type: 'unit_head_told'; by: string; unitHeadName: string; toldAt: string; at: string };
  }): Promise<void>;
}

export class AlreadyReleasedError extends Error {}

export interface RoutingLoads {
  caseworkers: Record<string, CaseworkerLoad>;
  providers: Record<string, ProviderLoad & { warned: boolean }>;
}

/** What routing reads: loads, and the rotation's next turn. */
export interface RoutingState {
  /** Every load routing weighs, read together (one request). */
  loads(input: { caseworkerIds: string[]; providerIds: string[] }): Promise<RoutingLoads>;
  /** Draws the next turn number of a non-choice rotation (1, 2, 3, …; atomic). */
  takeRotationTurn(rotation: string): Promise<number>;
}

export interface OutboxRepository {
  /** Takes the message for sending; `undefined` when it is sent, held, or being sent by someone else. */
  claim(caseId: string, id: string, now: Date, leaseMs: number): Promise<OutboxMessage | undefined>;
  markSent(caseId: string, id: string, providerMessageId: string, now: Date): Promise<void>;
  /** Records a failed attempt: retried at `retryAt`, or failed for good (dead letter) when undefined. */
  markAttemptFailed(caseId: string, id: string, reason: string, now: Date, retryAt: Date | undefined): Promise<void>;
  /** Messages whose retry time or claim lease has passed (what the sweeper sends again). */
  dueForRetry(now: Date, limit: number): Promise<{ caseId: string; id: string }[]>;
}

/** What the mail service later says about a sent notification. */
export interface DeliveryEvent {
  caseId: string;
  outboxId: string;
  status: 'delivered' | 'bounced' | 'complaint' | 'rejected' | 'delayed';
  at: string;
  detail?: string;
  providerMessageId?: string;
}

export interface DeliveryStatusStore {
  /** Keeps the event on the notification; a bounce or complaint is never overwritten by a later "delivered". */
  recordDelivery(event: DeliveryEvent): Promise<void>;
}

export interface OutgoingMail extends RenderedMail {
  to: string;
  /** Tags for the configuration set's events (no personal data). */
  tags: Record<string, string>;
}

export interface Mailer {
  /** Sends one e-mail; resolves with the provider's message id. */
  send(mail: OutgoingMail): Promise<string>;
}
