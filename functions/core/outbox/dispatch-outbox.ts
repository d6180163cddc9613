import type { Clock } from '../kernel/clock';
import type { Mailer, OutboxMessage, OutboxStore } from './ports';

export interface DispatchOutboxDeps {
  outbox: OutboxStore;
  mailer: Mailer;
  clock: Clock;
  /** How long a claim holds before another dispatcher may take the message over. */
  leaseMs?: number;
  /** Attempts before a message is failed for good (dead-lettered, visible on the case). */
  maxAttempts?: number;
  /** The first retry's delay; each further retry waits twice as long (capped at an hour). */
  retryBaseMs?: number;
  /** 0–1; spreads retries so a recovering mail service is not hit all at once. */
  random?: () => number;
}

export interface DispatchResult {
  sent: string[];
  skipped: string[];
  /** Failed this time, to be retried at a later time by the sweeper. */
  retrying: string[];
  /** Failed for good after the last attempt. */
  deadLettered: string[];
  /** Each message claimed and what came of it, with what it is known by in the logs (no address, no content). */
  outcomes: DispatchOutcome[];
}

export interface DispatchOutcome {
  id: string;
  caseId: string;
  kind: string;
  correlationId?: string;
  outcome: 'sent' | 'retrying' | 'dead_lettered';
  /** The attempt's number (the first is 1). */
  attempt: number;
  /** The error's name of a failed attempt. */
  error?: string;
}

export interface OutboxRef {
  caseId: string;
  id: string;
}

export const DISPATCH_DEFAULTS = { leaseMs: 60_000, maxAttempts: 6, retryBaseMs: 60_000 } as const;

/** When attempt `attempts` (1, 2, …) failed, the next try waits base·2^(attempts−1), ±20 %, at most an hour. */
export function retryDelayMs(attempts: number, baseMs: number, random: () => number): number {
  const exponential = Math.min(baseMs * 2 ** (attempts - 1), 3_600_000);
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

/**
 * Sends the notifications that state changes queued in the outbox. Each message is claimed
 * before it is sent, so a record delivered twice (stream retries, two dispatchers, the sweeper)
 * sends once; a failed send is retried with exponential backoff and, after the last attempt,
 * marked failed where the case shows it.
 */
export const dispatchOutbox = (deps: DispatchOutboxDeps) => async (messages: OutboxRef[]): Promise<DispatchResult> => {
  const leaseMs = deps.leaseMs ?? DISPATCH_DEFAULTS.leaseMs;
  const maxAttempts = deps.maxAttempts ?? DISPATCH_DEFAULTS.maxAttempts;
  const retryBaseMs = deps.retryBaseMs ?? DISPATCH_DEFAULTS.retryBaseMs;
  const random = deps.random ?? Math.random;
  const result: DispatchResult = { sent: [], skipped: [], retrying: [], deadLettered: [], outcomes: [] };
  for (const { caseId, id } of messages) {
    const message = await deps.outbox.claim(caseId, id, deps.clock.now(), leaseMs);
    if (!message) {
      result.skipped.push(id);
      continue;
    }
    let providerMessageId: string;
    try {
      providerMessageId = await deps.mailer.send({
        to: message.to,
        subject: message.mail.subject,
        text: message.mail.text,
        html: message.mail.html,
        tags: { kind: message.kind, caseId: message.caseId, outboxId: message.id, ...(message.correlationId ? { correlationId: message.correlationId } : {}) },
      });
    } catch (error) {
      const attempts = message.attempts ?? 1;
      const now = deps.clock.now();
      const retryAt = attempts < maxAttempts ? new Date(now.getTime() + retryDelayMs(attempts, retryBaseMs, random)) : undefined;
      const name = error instanceof Error ? error.name : 'Error';
      await deps.outbox.markAttemptFailed(caseId, id, name, now, retryAt);
      (retryAt ? result.retrying : result.deadLettered).push(id);
      result.outcomes.push({ ...known(message), outcome: retryAt ? 'retrying' : 'dead_lettered', attempt: attempts, error: name });
      continue;
    }
    await deps.outbox.markSent(caseId, id, providerMessageId, deps.clock.now());
    result.sent.push(id);
    result.outcomes.push({ ...known(message), outcome: 'sent', attempt: message.attempts ?? 1 });
  }
  return result;
};

const known = (m: OutboxMessage) => ({ id: m.id, caseId: m.caseId, kind: m.kind, ...(m.correlationId ? { correlationId: m.correlationId } : {}) });

/**
 * The sweeper (a scheduled job): sends again what is due — retries whose backoff has passed,
 * claims whose dispatcher died, and queued messages whose stream record never arrived.
 */
export const retryDueNotifications =
  (deps: DispatchOutboxDeps & { batchSize?: number }) =>
  async (): Promise<DispatchResult> => {
    const due = await deps.outbox.dueForRetry(deps.clock.now(), deps.batchSize ?? 100);
    return dispatchOutbox(deps)(due);
  };
