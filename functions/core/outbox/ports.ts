import type { RenderedMail } from '../../../shared/mail/layout';
import type { PreparedWrite } from '../kernel/transaction';

/** Who a notification goes to, in the field's words (kept with its status on the case). */
export type Recipient = 'orderer' | 'caseworker' | 'provider' | 'economy' | 'system_admin' | 'unit_head' | 'fees' | 'stay_municipality';

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
  /** The correlation id of the request, stream record or job run that queued it (set by the store when it is written). */
  correlationId?: string;
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

/** A notification as the case shows it: where it went and how far it got. */
export interface NotificationStatus {
  id: string;
  kind: string;
  recipient: Recipient;
  to: string;
  status: 'held' | 'queued' | 'sending' | 'sent' | 'retry' | 'failed';
  attempts: number;
  deliveryStatus?: DeliveryEvent['status'];
  sentAt?: string;
  lastError?: string;
}

/** A notification to release was not held (any more): someone released it first. */
export class NotificationNotHeldError extends Error {
  constructor() {
    super('The notification is not held');
    this.name = 'NotificationNotHeldError';
  }
}

/** A notification with this id is queued already (a notification with an id made from what it is about: sent once). */
export class NotificationExistsError extends Error {
  constructor() {
    super('A notification with this id exists');
    this.name = 'NotificationExistsError';
  }
}

/** The outbox: notifications queued with the change that causes them, then claimed, sent and followed up. */
export interface OutboxStore {
  /** Queues the messages (held ones wait) in the transaction of the change they report; fails (`NotificationExistsError`) if one's id is taken. */
  enqueue(messages: readonly OutboxMessage[]): PreparedWrite;
  /** Queues held messages for sending; the transaction fails with `NotificationNotHeldError` if one is no longer held. */
  release(caseId: string, ids: readonly string[], at: string): PreparedWrite;
  /** Takes the message for sending; `undefined` when it is sent, held, or being sent by someone else. */
  claim(caseId: string, id: string, now: Date, leaseMs: number): Promise<OutboxMessage | undefined>;
  markSent(caseId: string, id: string, providerMessageId: string, now: Date): Promise<void>;
  /** Records a failed attempt: retried at `retryAt`, or failed for good (dead letter) when undefined. */
  markAttemptFailed(caseId: string, id: string, reason: string, now: Date, retryAt: Date | undefined): Promise<void>;
  /** Messages whose retry time or claim lease has passed, or queued ones never sent (what the sweeper sends again). */
  dueForRetry(now: Date, limit: number): Promise<{ caseId: string; id: string }[]>;
  /** Keeps the event on the notification; a bounce or complaint is never overwritten by a later "delivered". */
  recordDelivery(event: DeliveryEvent): Promise<void>;
  /** Messages failed for good (dead-lettered), oldest first: a query on an index, never a scan. */
  deadLettered(limit: number): Promise<DeadLetteredMail[]>;
  /** A dead-lettered message queued again from its first attempt (the sweeper sends it); `false` if it is no longer dead-lettered. */
  redrive(caseId: string, id: string, now: Date): Promise<boolean>;
}

/** A mail that failed for good, as an operator sees it: no address, no content. */
export interface DeadLetteredMail {
  caseId: string;
  id: string;
  kind: string;
  failedAt: string;
  lastError?: string;
  correlationId?: string;
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
