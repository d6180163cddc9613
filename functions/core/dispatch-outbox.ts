import type { Clock, Mailer, OutboxRepository } from './ports';

export interface DispatchOutboxDeps {
  outbox: OutboxRepository;
  mailer: Mailer;
  clock: Clock;
  /** How long a claim holds before another dispatcher may take the message over. */
  leaseMs?: number;
}

export interface DispatchResult {
  sent: string[];
  skipped: string[];
  /** Messages whose sending failed; the stream delivers them again. */
  failed: string[];
}

/**
 * Sends the notifications that state changes queued in the outbox. Each message is claimed
 * before it is sent, so a record delivered twice (stream retries, two dispatchers) sends once.
 */
export const dispatchOutbox = (deps: DispatchOutboxDeps) => async (messageIds: string[]): Promise<DispatchResult> => {
  const result: DispatchResult = { sent: [], skipped: [], failed: [] };
  for (const id of messageIds) {
    const message = await deps.outbox.claim(id, deps.clock.now(), deps.leaseMs ?? 60_000);
    if (!message) {
      result.skipped.push(id);
      continue;
    }
    try {
      const providerMessageId = await deps.mailer.send({
        to: message.to,
        subject: message.mail.subject,
        text: message.mail.text,
        html: message.mail.html,
        tags: { kind: message.kind, outboxId: message.id },
      });
      await deps.outbox.markSent(id, providerMessageId, deps.clock.now());
      result.sent.push(id);
    } catch (error) {
      await deps.outbox.markAttemptFailed(id, error instanceof Error ? error.name : 'Error', deps.clock.now());
      result.failed.push(id);
    }
  }
  return result;
};
