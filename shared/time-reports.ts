import * as z from 'zod/mini';
import './zod-sv';
import { isIsoDate } from './dates';
import { INSATS_TYPES, type InsatsType, type RatePeriod, type ScopeUnit } from './insatser';
import { monthInWords, reportUnitFor, reportUnitLabel, type ReportUnit } from './invoice-basis';
import { TIME_REPORT_STEPS } from './time-report-dates';

/**
 * Monthly time reports (tidrapporter): for every assignment and every month its stay covers, the
 * provider reports what was carried out, in the unit the home municipality pays by (minutes for an
 * hourly rate, visits or portions for a rate per visit, days for a rate per day or month); the
 * caseworker reconciles the report against the granted scope and approves it or returns it.
 */

export const TIME_REPORT_STATUSES = ['expected', 'submitted', 'returned', 'approved'] as const;
export type TimeReportStatus = (typeof TIME_REPORT_STATUSES)[number];

export const TIME_REPORT_STATUS_LABELS: Record<TimeReportStatus, string> = {
  expected: 'Väntar på tidrapport',
  submitted: 'Inskickad, väntar på avstämning',
  returned: 'Återsänd för rättelse',
  approved: 'Godkänd',
};

/** The largest quantity one month can hold, per unit (31 days × 24 h in minutes; visits; days). */
export const REPORT_UNIT_MAX: Record<ReportUnit, number> = { minutes: 31 * 24 * 60, visits: 31 * 50, days: 31 };

/** What a report is given in: hours and minutes, or the invoice's unit ("besök", "portioner", "dagar"). */
export function reportingUnitLabel(unit: ReportUnit, insatsType: InsatsType): string {
  return unit === 'minutes' ? 'timmar och minuter' : reportUnitLabel(unit, insatsType);
}

/** A reported quantity as people read it: "22 tim 30 min", "12 besök", "17 dagar". */
export function reportedQuantityText(quantity: number, unit: ReportUnit, insatsType: InsatsType): string {
  if (unit === 'minutes') {
    const hours = Math.floor(quantity / 60);
    const minutes = quantity % 60;
    return minutes === 0 ? `${hours} tim` : `${hours} tim ${minutes} min`;
  }
  return `${quantity} ${reportUnitLabel(unit, insatsType)}`;
}

/** The period a report covers: the part of its month within the stay, from the confirmed start date. */
export interface ReportPeriod {
  month: string;
  from: string;
  to: string;
  days: number;
  daysInMonth: number;
}

/**
 * The granted scope of an assignment's insatser for a period, in the report's unit, or
 * `undefined` when the scope is counted in something the report is not (hours granted, visits paid).
 * A partial month gets its share by days: 22 h a month over 17 of 31 days is 12 h 4 min.
 */
export function grantedForPeriod(insatser: readonly { scope: { amount: number; unit: ScopeUnit }; rate: { per: RatePeriod } }[], period: Pick<ReportPeriod, 'days' | 'daysInMonth'>): number | undefined {
  if (insatser.length === 0) return undefined;
  const unit = reportUnitFor(insatser[0].rate.per);
  let total = 0;
  for (const { scope } of insatser) {
    // Scope amounts have at most two decimals: work in hundredths to stay in integers until the one rounding.
    const hundredths = Math.round(scope.amount * 100);
    const share = (perPeriod: number, periodDays: number) => (hundredths * perPeriod * period.days) / (100 * periodDays);
    if (unit === 'minutes' && scope.unit === 'hours_per_month') total += share(60, period.daysInMonth);
    else if (unit === 'minutes' && scope.unit === 'hours_per_week') total += share(60, 7);
    else if (unit === 'visits' && scope.unit === 'visits_per_month') total += share(1, period.daysInMonth);
    else if (unit === 'visits' && scope.unit === 'visits_per_week') total += share(1, 7);
    else if (unit === 'days' && scope.unit === 'alarm') total = Math.max(total, period.days);
    else return undefined;
  }
  return Math.round(total);
}

/** A report deviates from the granted scope when it differs by more than this share of it. */
export const DEVIATION_SHARE = 0.1;

export type Deviation = 'within' | 'over' | 'under' | 'not_comparable';

export const DEVIATION_LABELS: Record<Deviation, string> = {
  within: 'Inom beviljad omfattning',
  over: 'Avvikelse: mer än beviljat',
  under: 'Avvikelse: mindre än beviljat',
  not_comparable: 'Beviljad omfattning anges i en annan enhet – jämför manuellt',
};

export function deviationOf(reported: number, granted: number | undefined): Deviation {
  if (granted === undefined) return 'not_comparable';
  if (reported > granted * (1 + DEVIATION_SHARE)) return 'over';
  if (reported < granted * (1 - DEVIATION_SHARE)) return 'under';
  return 'within';
}

const text = (max: number, required: string) => z.string({ error: required }).check(z.trim(), z.minLength(1, required), z.maxLength(max, `Högst ${max} tecken`));
const optionalText = (max: number) => z.optional(z.string({ error: 'Ange text' }).check(z.trim(), z.maxLength(max, `Högst ${max} tecken`)));
const isoDate = (message: string) => z.string({ error: message }).check(z.trim(), z.refine(isIsoDate, message));
const wholeNumber = (message: string, min: number, max: number) =>
  z.number({ error: message }).check(z.int(message), z.gte(min, `Minst ${min}`), z.lte(max, `Högst ${max}`));

/** A visit outside the order (**extra**): when, how much, and why. */
export const extraVisitSchema = z.strictObject({
  date: isoDate('Ange datum för extrabesöket (ÅÅÅÅ-MM-DD)'),
  quantity: wholeNumber('Ange omfattningen som ett heltal', 1, 24 * 60),
  reason: text(500, 'Ange skäl till extrabesöket'),
});
export type ExtraVisit = z.infer<typeof extraVisitSchema>;

/**
 * **Skicka tidrapporten**: what was carried out within the order in the month's period, and the
 * visits outside it, each in the report's unit (minutes for hours).
 */
export const submitTimeReportSchema = z.strictObject({
  quantity: wholeNumber('Ange utförd tid som ett heltal', 0, REPORT_UNIT_MAX.minutes),
  extras: z._default(z.array(extraVisitSchema).check(z.maxLength(62, 'Högst 62 extrabesök per månad')), []),
  comment: optionalText(1000),
});
export type SubmitTimeReport = z.infer<typeof submitTimeReportSchema>;

/** The caseworker's reconciliation: **Godkänn** or **Skicka tillbaka** with a comment (required when returning). */
export const reviewTimeReportSchema = z
  .strictObject({
    decision: z.enum(['approve', 'return'], { error: 'Välj godkänn eller skicka tillbaka' }),
    comment: optionalText(1000),
  })
  .check(
    z.refine((r) => r.decision === 'approve' || (r.comment ?? '').length > 0, { message: 'Skriv vad utföraren ska rätta', path: ['comment'] }),
  );
export type ReviewTimeReport = z.infer<typeof reviewTimeReportSchema>;

const reportUnit = z.enum(['minutes', 'visits', 'days']);

/** One submitted version of a report, as the portal shows it. */
export const timeReportVersionSchema = z.object({
  version: z.number(),
  submittedAt: z.string(),
  submittedBy: z.string(),
  late: z.boolean(),
  quantity: z.number(),
  quantityText: z.string(),
  extras: z.array(z.object({ date: z.string(), quantity: z.number(), quantityText: z.string(), reason: z.string() })),
  extrasTotal: z.number(),
  total: z.number(),
  totalText: z.string(),
  comment: z.optional(z.string()),
  review: z.optional(z.object({ decision: z.enum(['approve', 'return']), at: z.string(), by: z.string(), comment: z.optional(z.string()) })),
});
export type TimeReportVersionView = z.infer<typeof timeReportVersionSchema>;

/** An expected report with its versions: what the case page shows to the provider, the caseworker and the billing view. */
export const timeReportViewSchema = z.object({
  insatsType: z.enum(INSATS_TYPES),
  insatsLabel: z.string(),
  month: z.string(),
  monthLabel: z.string(),
  period: z.object({ from: z.string(), to: z.string(), days: z.number(), daysInMonth: z.number() }),
  dueDate: z.string(),
  status: z.enum(TIME_REPORT_STATUSES),
  statusLabel: z.string(),
  /** Past its due date and not in yet. */
  overdue: z.boolean(),
  unit: reportUnit,
  unitLabel: z.string(),
  granted: z.optional(z.number()),
  grantedText: z.optional(z.string()),
  deviation: z.optional(z.enum(['within', 'over', 'under', 'not_comparable'])),
  deviationLabel: z.optional(z.string()),
  /** The ladder's steps already taken (reminded, chased …), in Swedish. */
  chased: z.array(z.string()),
  versions: z.array(timeReportVersionSchema),
  /** What this person may do with it now. */
  maySubmit: z.boolean(),
  mayReview: z.boolean(),
});
export type TimeReportView = z.infer<typeof timeReportViewSchema>;

export const caseTimeReportsSchema = z.object({ reference: z.string(), reports: z.array(timeReportViewSchema) });
export type CaseTimeReports = z.infer<typeof caseTimeReportsSchema>;

export const TIME_REPORT_STEP_LABELS: Record<(typeof TIME_REPORT_STEPS)[number], string> = {
  reminder: 'Påminnelse före sista dag',
  chaser: 'Påstötning efter sista dag',
  second_chaser: 'Andra påstötningen (handläggaren informerad)',
  escalation: 'Eskalerad till enhetschefen',
};

/** "december 2026". */
export const monthLabel = monthInWords;

/** A month as `YYYY-MM`, for the invoice basis page. */
export const monthSchema = z.string({ error: 'Ange månad (ÅÅÅÅ-MM)' }).check(z.regex(/^20\d\d-(0[1-9]|1[0-2])$/, 'Ange månad (ÅÅÅÅ-MM)'));

/** The invoice basis page's query: `?manad=2027-01` (as `month`). */
export const invoiceBasisQuerySchema = z.object({ month: monthSchema });

/** What submitting or reviewing a report answers: what was done, and the case's reports as they are now. */
export const reportsActionSchema = z.object({ done: z.string(), reports: caseTimeReportsSchema });

const municipalityRef = z.object({ code: z.string(), name: z.string() });

/** The invoice basis of a month as the economy assistant's page reads it (amounts in öre; no personal data). */
export const invoiceBasisSchema = z.object({
  month: z.string(),
  stayMunicipality: municipalityRef,
  groups: z.array(
    z.object({
      homeMunicipality: municipalityRef,
      billingAddress: z.string(),
      lines: z.array(
        z.object({
          caseReference: z.string(),
          homeMunicipality: municipalityRef,
          invoiceReference: z.string(),
          billingAddress: z.string(),
          insatsType: z.enum(INSATS_TYPES),
          month: z.string(),
          quantity: z.number(),
          rate: z.object({ amountOre: z.number(), per: z.enum(['hour', 'visit', 'day', 'month']) }),
          daysInMonth: z.number(),
          /** A charge besides the reports (**Sen avbokning**): the line's insats is the order's first, for its place only. */
          charge: z.optional(z.enum(['late_cancellation', 'extra_visit'])),
          amountOre: z.number(),
        }),
      ),
      totalOre: z.number(),
    }),
  ),
  totalOre: z.number(),
  lineCount: z.number(),
});

/** A provider's reports not yet approved, across its cases (the page **Tidrapporter**), earliest due first. */
export const providerReportsSchema = z.object({
  counts: z.object({ toSend: z.number(), overdue: z.number(), awaitingReview: z.number() }),
  rows: z.array(
    z.object({
      reference: z.string(),
      insatsType: z.enum(INSATS_TYPES),
      insatsLabel: z.string(),
      month: z.string(),
      monthLabel: z.string(),
      period: z.object({ from: z.string(), to: z.string() }),
      dueDate: z.string(),
      status: z.enum(TIME_REPORT_STATUSES),
      statusLabel: z.string(),
      overdue: z.boolean(),
      /** The month's period has begun: it can be reported now. */
      open: z.boolean(),
    }),
  ),
});
export type ProviderReports = z.infer<typeof providerReportsSchema>;
