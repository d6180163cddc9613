import type { Clock } from '../kernel/clock';
import type { DeadLetteredMail, OutboxStore } from './ports';

/**
 * The mails that failed for good (after their retries, see `dispatch-outbox.ts`), for an operator:
 * listed (kind, case, when, the error's name — never an address or content), and re-driven once
 * the cause is fixed: each queued again from its first attempt, and the sweeper sends it within a
 * minute. A mail re-driven twice at once is queued once (the store's condition).
 */
export const deadLetters = (deps: { outbox: Pick<OutboxStore, 'deadLettered' | 'redrive'>; clock: Clock }) => ({
  list: (limit = 1000): Promise<DeadLetteredMail[]> => deps.outbox.deadLettered(limit),

  async redrive(options: { kind?: string; caseId?: string; limit?: number } = {}): Promise<{ redriven: DeadLetteredMail[]; skipped: number }> {
    const chosen = (await deps.outbox.deadLettered(options.limit ?? 1000)).filter((m) => (!options.kind || m.kind === options.kind) && (!options.caseId || m.caseId === options.caseId));
    const redriven: DeadLetteredMail[] = [];
    let skipped = 0;
    for (const mail of chosen) {
      if (await deps.outbox.redrive(mail.caseId, mail.id, deps.clock.now())) redriven.push(mail);
      else skipped++;
    }
    return { redriven, skipped };
  },
});
