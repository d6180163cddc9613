import { formatStockholmDateTime } from '../../../shared/dates';
import { INSATS_LABELS } from '../../../shared/insatser';
import { completionReminderMail, confirmationEscalationMail, confirmationReminderMail, startLateReminderMail, startLateToCaseworkerMail } from '../../../shared/mail/notifications';
import { confirmationClock, type MunicipalityConfig } from '../../../shared/municipality';
import type { IdGenerator } from '../kernel/clock';
import type { Transactor } from '../kernel/transaction';
import type { OutboxMessage, OutboxStore } from '../outbox/ports';
import { portalLinks } from '../routing/route-order';
import { caseHandler } from './case-handler';
import { AssignmentChangedError, CaseChangedError, type CaseStore, type ChaseStep } from './ports';
import { caseMails } from '../outbox/case-mails';

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
  /** Confirmed assignments past their start deadline with no start recorded: the provider reminded, the caseworker told. */
  startLate: number;
  /** Completion requests unanswered after the profile's working days: the orderer reminded, once. */
  completionReminded: number;
  /** Due, but someone else's run took the step first, or it was confirmed, declined or started meanwhile. */
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
 *
 * The same run chases starts (seeds 002, 003: the help starts within its deadline per insats
 * type): a confirmed assignment with no start recorded by the morning after its deadline gets
 * one reminder to the provider, and its caseworker is told once — the start is **Start försenad**.
 * A case whose stay has ended or whose order was cancelled is chased no more.
 */
export const chaseConfirmations =
  (deps: ChaseConfirmationsDeps) =>
  async (now: Date): Promise<ChaseResult> => {
    const { config } = deps;
    const result: ChaseResult = { reminded: 0, escalated: 0, startLate: 0, completionReminded: 0, skipped: 0 };
    const due = await deps.cases.dueForChase(now, deps.batchSize ?? 200);
    for (const { caseId, insatsType } of due) {
      const view = await deps.cases.find(caseId);
      const assignment = view?.assignments.find((a) => a.insatsType === insatsType);
      const providerId = assignment && 'providerId' in assignment.decision ? assignment.decision.providerId : undefined;
      if (!view || view.ended || !assignment || assignment.status !== 'sent' || !assignment.sentAt || !providerId || assignment.chased.includes('escalation')) {
        result.skipped++;
        continue;
      }
      const step: ChaseStep = assignment.chased.includes('reminder') ? 'escalation' : 'reminder';
      const sentAt = new Date(assignment.sentAt);
      const clock = confirmationClock(config.rules, view.order.stay.acute);
      const escalateAt = new Date(sentAt.getTime() + (clock.confirmHours + clock.escalationHours) * 3_600_000);
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
          deps.outbox.enqueue(caseMails(view.order, [{ id: deps.ids.next(), caseId, createdAt: at, ...mail }])),
          deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: step === 'reminder' ? 'confirmation_reminded' : 'confirmation_escalated', by: 'system', at, insatsType, providerId }),
        ]);
        if (step === 'reminder') result.reminded++;
        else result.escalated++;
      } catch (error) {
        if (!(error instanceof AssignmentChangedError)) throw error;
        result.skipped++;
      }
    }
    await chaseStarts(deps, now, result);
    await remindCompletions(deps, now, result);
    return result;
  };

async function chaseStarts(deps: ChaseConfirmationsDeps, now: Date, result: ChaseResult): Promise<void> {
  const { config } = deps;
  for (const { caseId, insatsType } of await deps.cases.dueForStartChase(now, deps.batchSize ?? 200)) {
    const view = await deps.cases.find(caseId);
    const assignment = view?.assignments.find((a) => a.insatsType === insatsType);
    const providerId = assignment && 'providerId' in assignment.decision ? assignment.decision.providerId : undefined;
    if (!view || view.ended || !assignment || assignment.status !== 'confirmed' || assignment.started || !assignment.startDeadline || !providerId || assignment.chased.includes('start_late')) {
      result.skipped++;
      continue;
    }
    const links = portalLinks(deps.publicBaseUrl, view.reference);
    const provider = config.providers.find((p) => p.id === providerId)!;
    const handler = caseHandler(config, view.routing);
    const common = { reference: view.reference, municipalityName: config.municipality.name, insats: INSATS_LABELS[insatsType], deadline: assignment.startDeadline };
    const at = now.toISOString();
    const mails: OutboxMessage[] = [
      { id: deps.ids.next(), caseId, createdAt: at, kind: 'start_late_reminder', recipient: 'provider', to: provider.email, mail: startLateReminderMail({ ...common, link: links.assignment }) },
      { id: deps.ids.next(), caseId, createdAt: at, kind: 'start_late', recipient: handler.recipient, to: handler.email, mail: startLateToCaseworkerMail({ ...common, link: links.case, providerName: provider.name }) },
    ];
    try {
      await deps.transactor.commit([
        deps.cases.chaseStart({ caseId, insatsType }),
        deps.outbox.enqueue(caseMails(view.order, mails)),
        deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: 'start_late', by: 'system', at, insatsType, providerId, deadline: assignment.startDeadline }),
      ]);
      result.startLate++;
    } catch (error) {
      if (!(error instanceof AssignmentChangedError)) throw error;
      result.skipped++;
    }
  }
}

/** The orderer's one reminder of a completion request still unanswered at its `remindAt`. */
async function remindCompletions(deps: ChaseConfirmationsDeps, now: Date, result: ChaseResult): Promise<void> {
  const { config } = deps;
  for (const caseId of await deps.cases.dueForCompletionReminder(now, deps.batchSize ?? 200)) {
    const view = await deps.cases.find(caseId);
    const request = view?.completion;
    if (!view || view.ended || !request || request.answeredAt || request.remindedAt) {
      result.skipped++;
      continue;
    }
    const at = now.toISOString();
    const mail = completionReminderMail({
      reference: view.reference,
      municipalityName: config.municipality.name,
      link: portalLinks(deps.publicBaseUrl, view.reference).orderer,
      requestedAt: formatStockholmDateTime(new Date(request.requestedAt)),
    });
    try {
      await deps.transactor.commit([
        deps.cases.remindCompletion({ caseId, requestedAt: request.requestedAt, at }),
        deps.outbox.enqueue(caseMails(view.order, [{ id: deps.ids.next(), caseId, createdAt: at, kind: 'completion_reminder', recipient: 'orderer', to: view.order.orderer.email, mail }])),
        deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: 'completion_reminded', by: 'system', at }),
      ]);
      result.completionReminded++;
    } catch (error) {
      if (!(error instanceof CaseChangedError)) throw error;
      result.skipped++;
    }
  }
}
