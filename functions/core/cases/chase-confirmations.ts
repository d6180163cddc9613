import { formatStockholmDateTime } from '../../../shared/dates';
import { confirmationEscalationMail, confirmationReminderMail } from '../../../shared/mail/notifications';
import type { MunicipalityConfig } from '../../../shared/municipality';
import type { IdGenerator } from '../kernel/clock';
import type { Transactor } from '../kernel/transaction';
import type { OutboxMessage, OutboxStore } from '../outbox/ports';
import { portalLinks } from '../routing/route-order';
import { caseHandler } from './case-handler';
import { AssignmentChangedError, type CaseStore, type ChaseStep } from './ports';

export interface ChaseConfirmationsDeps {
  cases: CaseStore;
  outbox: OutboxStore;
  transactor: Transactor;
  ids: IdGenerator;
  config: MunicipalityConfig;
  publicBaseUrl: string;
  /** How many due assignments one run takes at most (the next run takes the rest). */
  batchSize?: number;
}

export interface ChaseResult {
  reminded: number;
  escalated: number;
  /** Due, but someone else's run took the step first, or it was confirmed or declined meanwhile. */
  skipped: number;
}

/**
 * The one-day chaser (Leksand's routine: the provider confirms within a day), a job run every 15
 * minutes as of `now`. An assignment sent and still unconfirmed `providerConfirmHours` after it was
 * sent (released, for a protected identity) gets a reminder to the provider; still unconfirmed
 * `confirmationEscalationHours` later, the case's caseworker (or the queue's unit head) is told.
 * It finds what is due by a query on the due time, never a scan. Each step is taken with a
 * condition in the same transaction as its mail, so however often and however concurrently the
 * job runs, each step is sent once — and none after the provider confirmed or declined.
 */
export const chaseConfirmations =
  (deps: ChaseConfirmationsDeps) =>
  async (now: Date): Promise<ChaseResult> => {
    const { config } = deps;
    const result: ChaseResult = { reminded: 0, escalated: 0, skipped: 0 };
    const due = await deps.cases.dueForChase(now, deps.batchSize ?? 200);
    for (const { caseId, insatsType } of due) {
      const view = await deps.cases.find(caseId);
      const assignment = view?.assignments.find((a) => a.insatsType === insatsType);
      const providerId = assignment && 'providerId' in assignment.decision ? assignment.decision.providerId : undefined;
      if (!view || !assignment || assignment.status !== 'sent' || !assignment.sentAt || !providerId || assignment.chased.includes('escalation')) {
        result.skipped++;
        continue;
      }
      const step: ChaseStep = assignment.chased.includes('reminder') ? 'escalation' : 'reminder';
      const sentAt = new Date(assignment.sentAt);
      const escalateAt = new Date(sentAt.getTime() + (config.rules.providerConfirmHours + config.rules.confirmationEscalationHours) * 3_600_000);
      if (step === 'escalation' && now < escalateAt) {
        result.skipped++;
        continue;
      }
      const links = portalLinks(deps.publicBaseUrl, view.reference);
      const provider = config.providers.find((p) => p.id === providerId)!;
      const common = { reference: view.reference, municipalityName: config.municipality.name };
      const sentText = formatStockholmDateTime(sentAt);
      let mail: Omit<OutboxMessage, 'id' | 'caseId' | 'createdAt'>;
      if (step === 'reminder') {
        mail = { kind: 'confirmation_reminder', recipient: 'provider', to: provider.email, mail: confirmationReminderMail({ ...common, link: links.assignment, sentAt: sentText }) };
      } else {
        const handler = caseHandler(config, view.routing);
        mail = {
          kind: 'confirmation_escalation',
          recipient: handler.recipient,
          to: handler.email,
          mail: confirmationEscalationMail({ ...common, link: links.case, providerName: provider.name, sentAt: sentText }),
        };
      }
      const at = now.toISOString();
      try {
        await deps.transactor.commit([
          deps.cases.chaseAssignment({ caseId, insatsType, sentAt: assignment.sentAt, step, ...(step === 'reminder' ? { nextDueAt: escalateAt.toISOString() } : {}) }),
          deps.outbox.enqueue([{ id: deps.ids.next(), caseId, createdAt: at, ...mail }]),
          deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: step === 'reminder' ? 'confirmation_reminded' : 'confirmation_escalated', by: 'system', at, insatsType, providerId }),
        ]);
        if (step === 'reminder') result.reminded++;
        else result.escalated++;
      } catch (error) {
        if (!(error instanceof AssignmentChangedError)) throw error;
        result.skipped++;
      }
    }
    return result;
  };
