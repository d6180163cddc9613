import * as z from 'zod/mini';
import './zod-sv';
import { addDays, daysBetween, isIsoDate, type IsoDate } from './dates';
import { INSATS_TYPES } from './insatser';
import { nextMonth, nthWorkingDayOfMonth } from './working-days';

/**
 * Extra visits (seed 004): help given outside the order — temporary and acute needs that cannot
 * wait for a new assessment. The provider registers each one (**Registrera extrabesök**: date,
 * minutes, insats, **Anledning**) by the first working day of the month after; the caseworker
 * reviews them at least weekly (**Extrabesök att granska**: **Godkänn**, **Avslå** or **Fråga**),
 * and the provider answers a question within a week. Only an approved extra visit is billed.
 */

const text = (max: number, required: string) => z.string({ error: required }).check(z.trim(), z.minLength(1, required), z.maxLength(max, `Högst ${max} tecken`));
const isoDate = (message: string) => z.string({ error: message }).check(z.trim(), z.refine(isIsoDate, message));

/** **Registrera extrabesök**. The date within the stay and not in the future: the use case checks both. */
export const registerExtraVisitSchema = z.strictObject({
  insatsType: z.enum(INSATS_TYPES, { error: 'Välj insats' }),
  date: isoDate('Ange datum för besöket (ÅÅÅÅ-MM-DD)'),
  minutes: z.number({ error: 'Ange tiden i minuter som ett heltal' }).check(z.int('Ange tiden i minuter som ett heltal'), z.gte(1, 'Minst 1 minut'), z.lte(24 * 60, 'Högst 1 440 minuter')),
  reason: text(1000, 'Skriv anledningen till extrabesöket'),
});
export type RegisterExtraVisit = z.infer<typeof registerExtraVisitSchema>;

export const EXTRA_VISIT_DECISIONS = ['approve', 'reject', 'question'] as const;
export type ExtraVisitDecision = (typeof EXTRA_VISIT_DECISIONS)[number];

/** The caseworker's review of one extra visit: **Godkänn**, **Avslå** or **Fråga** — a comment required for the last two. */
export const reviewExtraVisitSchema = z
  .strictObject({
    decision: z.enum(EXTRA_VISIT_DECISIONS, { error: 'Välj Godkänn, Avslå eller Fråga' }),
    comment: z.optional(z.string().check(z.trim(), z.maxLength(1000, 'Högst 1000 tecken'))),
  })
  .check(
    z.superRefine((review, ctx) => {
      if (review.decision !== 'approve' && !review.comment) {
        ctx.addIssue({ code: 'custom', path: ['comment'], message: review.decision === 'reject' ? 'Skriv varför extrabesöket avslås' : 'Skriv din fråga till utföraren' });
      }
    }),
  );
export type ReviewExtraVisit = z.infer<typeof reviewExtraVisitSchema>;

/** The provider's answer to the caseworker's question. */
export const answerExtraVisitSchema = z.strictObject({ answer: text(1000, 'Skriv ditt svar') });
export type AnswerExtraVisit = z.infer<typeof answerExtraVisitSchema>;

export const EXTRA_VISIT_STATUSES = ['open', 'questioned', 'approved', 'rejected'] as const;
export type ExtraVisitStatus = (typeof EXTRA_VISIT_STATUSES)[number];

export const EXTRA_VISIT_STATUS_LABELS: Record<ExtraVisitStatus, string> = {
  open: 'Att granska',
  questioned: 'Ifrågasatt – väntar på utförarens svar',
  approved: 'Godkänt',
  rejected: 'Avslaget',
};

/** The seed's deadline to register a month's extra visits: the first working day of the month after. */
export function extraVisitDeadline(month: string): IsoDate {
  return nthWorkingDayOfMonth(nextMonth(month), 1);
}

/** How many days a question has for its answer (the seed: within a week). */
export const QUESTION_ANSWER_DAYS = 7;
/** Open extra visits older than this are reminded to the caseworker (the seed: reviewed at least weekly). */
export const REVIEW_WITHIN_DAYS = 7;

/** When a question asked on `askedOn` must be answered by. */
export const answerDueOn = (askedOn: IsoDate): IsoDate => addDays(askedOn, QUESTION_ANSWER_DAYS);

/** An extra visit's age in days on `today`, from the day it was registered. */
export const ageInDays = (registeredOn: IsoDate, today: IsoDate): number => Math.max(0, daysBetween(registeredOn, today));

/**
 * **Överenskommelse om extrainsats** (seed 004): the caseworker and the provider agree that an
 * insats of the case may be done as extra for a while; the caseworker records it on the case with a
 * note (the seed's journal note). Extra visits of that insats in those days are marked so, and
 * reviewed the same way as every other.
 */
export const extraAgreementSchema = z
  .strictObject({
    insatsType: z.enum(INSATS_TYPES, { error: 'Välj insats' }),
    from: isoDate('Ange första dagen (ÅÅÅÅ-MM-DD)'),
    to: isoDate('Ange sista dagen (ÅÅÅÅ-MM-DD)'),
    note: text(1000, 'Skriv vad ni har kommit överens om'),
  })
  .check(
    z.superRefine((a, ctx) => {
      if (isIsoDate(a.from) && isIsoDate(a.to) && a.to < a.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Sista dagen kan inte vara före den första' });
    }),
  );
export type ExtraAgreementInput = z.infer<typeof extraAgreementSchema>;

/** An agreement as the case page shows it. */
export const extraAgreementViewSchema = z.object({
  id: z.string(),
  insatsType: z.enum(INSATS_TYPES),
  insatsLabel: z.string(),
  from: z.string(),
  to: z.string(),
  note: z.optional(z.string()),
  at: z.string(),
  by: z.string(),
});
export type ExtraAgreementView = z.infer<typeof extraAgreementViewSchema>;

/** An extra visit as the review list and the case page show it. */
export const extraVisitViewSchema = z.object({
  id: z.string(),
  reference: z.string(),
  insatsType: z.enum(INSATS_TYPES),
  insatsLabel: z.string(),
  providerName: z.string(),
  date: z.string(),
  minutes: z.number(),
  /** **Anledning**, for those who work with the case. */
  reason: z.optional(z.string()),
  registeredAt: z.string(),
  ageDays: z.number(),
  /** Registered after the month's deadline (the first working day of the month after). */
  late: z.boolean(),
  /** Done under an **Överenskommelse om extrainsats** on the case. */
  underAgreement: z.boolean(),
  status: z.enum(EXTRA_VISIT_STATUSES),
  statusLabel: z.string(),
  question: z.optional(z.object({ text: z.optional(z.string()), at: z.string(), answerDueOn: z.string(), answeredAt: z.optional(z.string()), answer: z.optional(z.string()) })),
  decision: z.optional(z.object({ at: z.string(), by: z.string(), comment: z.optional(z.string()) })),
  actions: z.object({ review: z.boolean(), answer: z.boolean() }),
});
export type ExtraVisitView = z.infer<typeof extraVisitViewSchema>;

/** **Extrabesök att granska**: every open extra visit of the caseworker's cases, oldest first. */
export const extraVisitReviewSchema = z.object({ rows: z.array(extraVisitViewSchema) });
export type ExtraVisitReview = z.infer<typeof extraVisitReviewSchema>;

/** A case's extra visits, and the insatser the reader may register extra visits for. */
export const caseExtraVisitsSchema = z.object({
  reference: z.string(),
  rows: z.array(extraVisitViewSchema),
  registerFor: z.array(z.enum(INSATS_TYPES)),
  agreements: z.array(extraAgreementViewSchema),
  /** The insatser the reader may record an agreement for (the case's caseworker: the case's insatser). */
  agreeFor: z.array(z.enum(INSATS_TYPES)),
});
export type CaseExtraVisits = z.infer<typeof caseExtraVisitsSchema>;
