import type { Order } from '../../shared/order';
import type { OrderReceipt } from '../../shared/api';
import type { RenderedMail } from '../../shared/mail/layout';

/** "Now", so that jobs and tests can run as of any instant. */
export interface Clock {
  now(): Date;
}

/** Sortable unique ids (ULID). */
export interface IdGenerator {
  next(): string;
}

export interface NewCase {
  caseId: string;
  reference: string;
  receivedAt: string;
  order: Order;
}

/** A notification waiting in the outbox: written with the state change it reports. */
export interface OutboxMessage {
  id: string;
  caseId: string;
  /** What the notification is about, e.g. `order_receipt`. */
  kind: string;
  to: string;
  mail: RenderedMail;
  createdAt: string;
}

export interface IdempotencyRecord {
  keyHash: string;
  requestHash: string;
  statusCode: number;
  response: OrderReceipt;
  createdAt: string;
}

export class IdempotencyConflict extends Error {
  constructor() {
    super('An idempotency record with this key already exists');
  }
}

/** Where cases live. Writes of one use case are one transaction. */
export interface CaseRepository {
  /** The next number in the year's case-reference series (atomic, gap-tolerant). */
  nextCaseNumber(year: number): Promise<number>;
  /**
   * Stores the case, its outbox messages and (when given) the idempotency record in one
   * transaction. Throws `IdempotencyConflict` when the idempotency record already exists.
   */
  saveNewCase(input: { newCase: NewCase; outbox: OutboxMessage[]; idempotency?: IdempotencyRecord }): Promise<void>;
  findIdempotencyRecord(keyHash: string): Promise<IdempotencyRecord | undefined>;
}

export interface OutboxRepository {
  /** Takes the message for sending; `undefined` when it is already sent or being sent by someone else. */
  claim(id: string, now: Date, leaseMs: number): Promise<OutboxMessage | undefined>;
  markSent(id: string, providerMessageId: string, now: Date): Promise<void>;
  /** Releases the claim after a failed attempt so that a retry can take it. */
  markAttemptFailed(id: string, reason: string, now: Date): Promise<void>;
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
