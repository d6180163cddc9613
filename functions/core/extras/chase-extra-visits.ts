import { stockholmToday } from '../../../shared/dates';
import { REVIEW_WITHIN_DAYS, ageInDays } from '../../../shared/extra-visits';
import { extraVisitQuestionReminderMail, extraVisitQuestionUnansweredMail, extraVisitsToReviewMail } from '../../../shared/mail/notifications';
import type { MunicipalityConfig } from '../../../shared/municipality';
import { caseHandler } from '../cases/case-handler';
import type { CaseStore } from '../cases/ports';
import type { IdGenerator } from '../kernel/clock';
import type { Transactor } from '../kernel/transaction';
import { caseMails } from '../outbox/case-mails';
import { NotificationExistsError, type OutboxStore } from '../outbox/ports';
import { CHASER_MAIL_CASE_ID, fnv1a } from '../reports/chase-time-reports';
import { portalLinks } from '../routing/route-order';
import { ExtraVisitChangedError, type ExtraVisitStore } from './ports';

export interface ChaseExtraVisitsDeps {
  extras: ExtraVisitStore;
  cases: Pick<CaseStore, 'summaries' | 'find'>;
  outbox: OutboxStore;
  transactor: Transactor;
  ids: IdGenerator;
  config: MunicipalityConfig;
  publicBaseUrl: string;
}

export interface ChaseExtraVisitsResult {
  date: string;
  /** Caseworkers reminded this week of extra visits waiting longer than a week. */
  reviewReminders: number;
  /** Questions unanswered after a week: the provider reminded and the caseworker told. */
  questionReminders: number;
}

/** The ISO week of a date, `2026-W49`: the review reminder goes once a week. */
export function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day + 3);
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((d.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * `chase-extra-visits`, each working day at 07:00 (seed 004): once a week, each caseworker whose
 * extra visits have waited for their review longer than a week is reminded (one mail, the
 * references only); and each day, a question unanswered a week after it was asked reminds the
 * provider and tells the caseworker, once. Found by queries on the units' review lists and the due
 * index, never a scan; run repeatedly or concurrently, each mail goes once.
 */
export const chaseExtraVisits =
  (deps: ChaseExtraVisitsDeps) =>
  async (now: Date): Promise<ChaseExtraVisitsResult> => {
    const { config } = deps;
    const today = stockholmToday(now);
    const at = now.toISOString();
    const result: ChaseExtraVisitsResult = { date: today, reviewReminders: 0, questionReminders: 0 };

    // 1. The weekly review: undecided extra visits older than a week, by the caseworker who reviews them.
    const byHandler = new Map<string, { email: string; recipient: 'caseworker' | 'unit_head'; references: Set<string>; count: number; oldestDays: number }>();
    for (const unit of config.units) {
      const waiting = (await deps.extras.undecidedForUnit(unit.id, 500)).filter((e) => ageInDays(stockholmToday(new Date(e.registeredAt)), today) > REVIEW_WITHIN_DAYS);
      if (waiting.length === 0) continue;
      const routing = new Map((await deps.cases.summaries([...new Set(waiting.map((e) => e.caseId))])).map((c) => [c.caseId, c.routing]));
      for (const e of waiting) {
        const r = routing.get(e.caseId);
        if (!r) continue;
        const handler = caseHandler(config, r);
        const entry = byHandler.get(handler.email) ?? { email: handler.email, recipient: handler.recipient, references: new Set<string>(), count: 0, oldestDays: 0 };
        entry.references.add(e.reference);
        entry.count++;
        entry.oldestDays = Math.max(entry.oldestDays, ageInDays(stockholmToday(new Date(e.registeredAt)), today));
        byHandler.set(handler.email, entry);
      }
    }
    const week = isoWeek(today);
    for (const h of byHandler.values()) {
      try {
        await deps.transactor.commit([
          deps.outbox.enqueue([
            {
              // One a week per caseworker, however often the job runs.
              id: `extra-review-${week}-${fnv1a(h.email)}`,
              caseId: CHASER_MAIL_CASE_ID,
              createdAt: at,
              kind: 'extra_visits_to_review',
              recipient: h.recipient,
              to: h.email,
              mail: extraVisitsToReviewMail({ municipalityName: config.municipality.name, link: `${deps.publicBaseUrl}/portal/extrabesok`, references: [...h.references].sort(), count: h.count, oldestDays: h.oldestDays }),
            },
          ]),
        ]);
        result.reviewReminders++;
      } catch (error) {
        if (!(error instanceof NotificationExistsError)) throw error;
      }
    }

    // 2. The question clock: unanswered a week after it was asked (its answer was due yesterday or before).
    for (const e of await deps.extras.questionsOverdue(today, 500)) {
      const view = await deps.cases.find(e.caseId);
      if (!view || !e.question) continue;
      const handler = caseHandler(config, view.routing);
      const links = portalLinks(deps.publicBaseUrl, e.reference);
      const common = { reference: e.reference, municipalityName: config.municipality.name };
      const provider = config.providers.find((p) => p.id === e.providerId);
      try {
        await deps.transactor.commit([
          deps.extras.remindQuestion({ caseId: e.caseId, id: e.id, askedAt: e.question.at, at }),
          deps.outbox.enqueue(
            caseMails(view.order, [
              ...(provider ? [{ id: deps.ids.next(), caseId: e.caseId, createdAt: at, kind: 'extra_visit_question_reminder', recipient: 'provider' as const, to: provider.email, mail: extraVisitQuestionReminderMail({ ...common, link: links.assignment }) }] : []),
              { id: deps.ids.next(), caseId: e.caseId, createdAt: at, kind: 'extra_visit_question_unanswered', recipient: handler.recipient, to: handler.email, mail: extraVisitQuestionUnansweredMail({ ...common, link: links.case }) },
            ]),
          ),
        ]);
        result.questionReminders++;
      } catch (error) {
        // Answered, or reminded by another run, meanwhile.
        if (!(error instanceof ExtraVisitChangedError)) throw error;
      }
    }
    return result;
  };
