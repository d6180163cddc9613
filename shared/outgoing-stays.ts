import * as z from 'zod/mini';
import './zod-sv';
import { addMonths, isIsoDate, type IsoDate } from './dates';
import { INSATS_TYPES, INSATS_LABELS, type InsatsType, type RatePeriod } from './insatser';
import { lineAmountOre, reportUnitFor, sekToOre, type ReportUnit } from './invoice-basis';
import { MUNICIPALITIES, municipalityName } from './municipalities';
import { billingSchema, insatsSchema, personnummer, phone, stayAddressSchema, text } from './order';
import { reportMonths, timeReportDueDate, timeReportLadder, type TimeReportLadderRule } from './time-report-dates';
import type { TimeReportDueRule } from './time-report-rules';

/**
 * Outgoing stays (seeds 000 and 001, part one): *our* resident stays for a while in another
 * municipality, and we are the home municipality. Our caseworker registers **Ny utgående
 * vistelse** (the person, sealed as always; the stay municipality picked by name from the 290; the
 * dates, insatser, scope and our agreed rate; the other side's contact), Vistelse makes the order a
 * PDF with the fields our own e-service asks for, records how and when it was sent (**Beställning
 * skickad**) and the other side's confirmation and start date. Their monthly time reports are
 * expected on their due rule (by default ours) and chased at the contact (the reference only);
 * each report received is recorded (**Tidrapport mottagen**), and their invoice checked against it
 * at our agreed rate.
 */

/** Outgoing stays' reference series: `UV-2026-00001`. */
export const OUTGOING_REFERENCE_PREFIX = 'UV';
export const outgoingReference = (year: number, n: number) => `${OUTGOING_REFERENCE_PREFIX}-${year}-${String(n).padStart(5, '0')}`;
export const isOutgoingReference = (s: string) => /^UV-\d{4}-\d{5,}$/.test(s);

const isoDate = (message: string) => z.string({ error: message }).check(z.trim(), z.refine(isIsoDate, message));
const email = z.string({ error: 'Ange en e-postadress' }).check(z.trim(), z.maxLength(254, 'Högst 254 tecken'), z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Ange en giltig e-postadress, t.ex. namn@kommun.se'));

/** **Ny utgående vistelse**: what our caseworker registers (their own name and address come from their login). */
export function newOutgoingStaySchema(ownCode: string) {
  return z.strictObject({
    orderer: z.strictObject({ phone: phone('Ange ditt telefonnummer'), unit: text(100, 'Ange förvaltning eller enhet') }),
    billing: billingSchema,
    person: z.strictObject({
      personnummer,
      firstName: text(100, 'Ange förnamn'),
      lastName: text(100, 'Ange efternamn'),
      protectedIdentity: z.boolean({ error: 'Svara ja eller nej på frågan om skyddade personuppgifter' }),
      stayAddress: stayAddressSchema,
      phone: z.optional(phone('Ange telefonnummer under vistelsen')),
    }),
    stayMunicipalityCode: z.string({ error: 'Välj vistelsekommun' }).check(
      z.refine((c) => municipalityName(c) !== undefined, 'Välj vistelsekommun bland Sveriges kommuner'),
      z.refine((c) => c !== ownCode, 'Vistelsekommunen kan inte vara vår egen kommun'),
    ),
    stay: z
      .strictObject({ from: isoDate('Ange vistelsens första dag (ÅÅÅÅ-MM-DD)'), to: isoDate('Ange vistelsens sista dag (ÅÅÅÅ-MM-DD)') })
      .check(
        z.superRefine((stay, ctx) => {
          if (!isIsoDate(stay.from) || !isIsoDate(stay.to)) return;
          if (stay.to < stay.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Sista dagen kan inte vara före första dagen' });
          else if (stay.to > addMonths(stay.from, 24)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'En tillfällig vistelse kan inte vara längre än två år' });
        }),
      ),
    decision: z.strictObject({
      decidedOn: isoDate('Ange beslutsdatum (ÅÅÅÅ-MM-DD)'),
      goal: text(2000, 'Ange beslutets målsättning'),
      insatser: z.array(insatsSchema).check(z.minLength(1, 'Lägg till minst en insats'), z.maxLength(10, 'Högst 10 insatser')),
    }),
    contact: z.strictObject({ name: text(100, 'Ange kontaktpersonens namn'), email, phone: z.optional(phone('Ange kontaktpersonens telefonnummer')) }),
    /** The stay municipality's own due rule for the reports, when it is not ours: the Nth working day or day D of the month after. */
    reportDue: z.optional(outgoingReportDueSchema),
  }).check(
    z.superRefine((input, ctx) => {
      const reports = plannedOutgoingReportCount(input.decision.insatser, input.stay.from, input.stay.to);
      if (reports > MAX_OUTGOING_REPORTS) {
        const types = new Set(input.decision.insatser.map((i) => i.type)).size;
        ctx.addIssue({
          code: 'custom',
          path: ['stay', 'to'],
          message: `Vistelsen ger ${reports} tidrapporter att bevaka (${types} slags insatser i ${reports / types} månader); högst ${MAX_OUTGOING_REPORTS} går att registrera på en gång. Registrera vistelsen för en kortare tid och förläng den sedan med en ny registrering.`,
        });
      }
    }),
  );
}

/**
 * The most reports one outgoing stay may expect: its registration writes them in one DynamoDB
 * transaction (at most 100 items) with the stay and its reference. Seven kinds of insats for 14
 * months, or three for 24; the usual stay (a few months, one or two kinds) is far from it.
 */
export const MAX_OUTGOING_REPORTS = 98;

/** How many reports an outgoing stay expects: one per kind of insats and month of the stay (0 for dates not yet valid). */
export function plannedOutgoingReportCount(insatser: readonly { type: string }[], from: string, to: string): number {
  if (!isIsoDate(from) || !isIsoDate(to) || to < from) return 0;
  return new Set(insatser.map((i) => i.type)).size * reportMonths(from, to).length;
}
export type NewOutgoingStay = z.infer<ReturnType<typeof newOutgoingStaySchema>>;

/** The stay municipality's due rule as the caseworker states it (the same two kinds as ours, with Swedish errors). */
export const outgoingReportDueSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('working_day'),
    n: z.number({ error: 'Ange vardagen som ett heltal 1–10' }).check(z.int('Ange vardagen som ett heltal 1–10'), z.gte(1, 'Ange vardagen som ett heltal 1–10'), z.lte(10, 'Ange vardagen som ett heltal 1–10')),
  }),
  z.strictObject({
    kind: z.literal('day_of_month'),
    day: z.number({ error: 'Ange dagen som ett heltal 1–28' }).check(z.int('Ange dagen som ett heltal 1–28'), z.gte(1, 'Ange dagen som ett heltal 1–28'), z.lte(28, 'Ange dagen som ett heltal 1–28')),
  }),
], { error: 'Välj vistelsekommunens regel för tidrapporten' });

export const SENT_BY = ['email', 'secure_email', 'post', 'e_service', 'other'] as const;
export const SENT_BY_LABELS: Record<(typeof SENT_BY)[number], string> = {
  email: 'E-post',
  secure_email: 'Säker e-post',
  post: 'Post',
  e_service: 'Vistelsekommunens e-tjänst',
  other: 'På annat sätt',
};

/** **Beställning skickad**: how and when the order went to the stay municipality. */
export const orderSentSchema = z.strictObject({
  sentOn: isoDate('Ange när beställningen skickades (ÅÅÅÅ-MM-DD)'),
  sentBy: z.enum(SENT_BY, { error: 'Välj hur beställningen skickades' }),
});

/** The stay municipality's confirmation: when they confirmed it, and the start date. */
export const outgoingConfirmationSchema = z.strictObject({
  confirmedOn: isoDate('Ange när bekräftelsen kom (ÅÅÅÅ-MM-DD)'),
  startDate: isoDate('Ange startdatum (ÅÅÅÅ-MM-DD)'),
});

/**
 * **Vistelsen avslutad**: the stay ended before its planned last day (`lastDay`), or never came
 * about (`cancelled`): the reports of the months after it are no longer expected, nor chased.
 */
export const OUTGOING_END_KINDS = ['ended_early', 'cancelled'] as const;
export const OUTGOING_END_LABELS: Record<(typeof OUTGOING_END_KINDS)[number], string> = {
  ended_early: 'Vistelsen avslutades i förtid',
  cancelled: 'Vistelsen blev inte av',
};
export const outgoingEndSchema = z
  .strictObject({
    kind: z.enum(OUTGOING_END_KINDS, { error: 'Välj vad som har hänt med vistelsen' }),
    lastDay: z.optional(isoDate('Ange vistelsens sista dag (ÅÅÅÅ-MM-DD)')),
  })
  .check(
    z.superRefine((end, ctx) => {
      if (end.kind === 'ended_early' && end.lastDay === undefined) ctx.addIssue({ code: 'custom', path: ['lastDay'], message: 'Ange vistelsens sista dag (ÅÅÅÅ-MM-DD)' });
    }),
  );
export type OutgoingEnd = z.infer<typeof outgoingEndSchema>;

/** **Tidrapport mottagen**: the month's quantity in the report's unit (minutes, visits or days). */
export const reportReceivedSchema = z.strictObject({
  receivedOn: isoDate('Ange när tidrapporten kom (ÅÅÅÅ-MM-DD)'),
  quantity: z.number({ error: 'Ange mängden som ett heltal' }).check(z.int('Ange mängden som ett heltal'), z.gte(0, 'Mängden kan inte vara negativ'), z.lte(31 * 24 * 60, 'För stor mängd för en månad')),
});

/** An incoming invoice's amount for the month, in kronor. */
export const invoiceReceivedSchema = z.strictObject({
  amountSek: z.number({ error: 'Ange beloppet i kronor' }).check(z.gte(0, 'Beloppet kan inte vara negativt'), z.lte(10_000_000, 'Högst 10 000 000 kr'), z.refine((n) => Math.round(n * 100) === n * 100 || Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'Högst två decimaler')),
});

/** Deviation between the invoice and the report at our rate beyond this share is flagged (seed 000: 10 %). */
export const INVOICE_DEVIATION_SHARE = 0.1;

/** What an outgoing report's month costs at our agreed rate, and whether an invoice keeps to it. */
export function invoiceCheck(input: { quantity: number; rate: { amountSek: number; per: RatePeriod }; month: string; daysInMonth: number }, invoicedOre: number) {
  const expectedOre = lineAmountOre({ month: input.month, quantity: input.quantity, daysInMonth: input.daysInMonth, rate: { amountOre: sekToOre(input.rate.amountSek), per: input.rate.per } });
  const difference = invoicedOre - expectedOre;
  const share = expectedOre === 0 ? (invoicedOre === 0 ? 0 : Infinity) : difference / expectedOre;
  const flagged = Math.abs(share) > INVOICE_DEVIATION_SHARE;
  const percent = Number.isFinite(share) ? Math.round(share * 1000) / 10 : undefined;
  const words = !flagged
    ? 'Fakturan stämmer med tidrapporten (inom 10 %)'
    : percent === undefined
      ? 'Avvikelse: fakturan har ett belopp fast tidrapporten inte har något'
      : `Avvikelse: fakturan är ${String(Math.abs(percent)).replace('.', ',')} % ${difference > 0 ? 'högre' : 'lägre'} än tidrapporten till vårt pris`;
  return { expectedOre, invoicedOre, flagged, ...(percent !== undefined ? { percent } : {}), words };
}

/** One expected monthly report of an outgoing stay (per insats and month), planned on its due rule. */
export interface PlannedOutgoingReport {
  insatsType: InsatsType;
  month: string;
  period: { from: IsoDate; to: IsoDate; days: number; daysInMonth: number };
  unit: ReportUnit;
  dueOn: IsoDate;
  ladder: Record<'reminder' | 'chaser' | 'second_chaser' | 'escalation', IsoDate>;
}

/** The reports an outgoing stay expects: a month for each insats from `from` (the start) to the stay's last day. */
export function planOutgoingReports(insatser: readonly { type: InsatsType; rate: { per: RatePeriod } }[], from: IsoDate, to: IsoDate, due: TimeReportDueRule, ladder: TimeReportLadderRule): PlannedOutgoingReport[] {
  if (to < from) return [];
  const types = [...new Map(insatser.map((i) => [i.type, i])).values()];
  return types.flatMap((insats) =>
    reportMonths(from, to).map((m) => {
      const dueOn = timeReportDueDate(m.month, due);
      return { insatsType: insats.type, month: m.month, period: { from: m.from, to: m.to, days: m.days, daysInMonth: m.daysInMonth }, unit: reportUnitFor(insats.rate.per), dueOn, ladder: timeReportLadder(dueOn, ladder) };
    }),
  );
}

export const OUTGOING_STATUS_LABELS = {
  registered: 'Registrerad – beställningen är inte skickad',
  sent: 'Beställningen skickad – väntar på bekräftelse',
  confirmed: 'Bekräftad av vistelsekommunen',
  ended: 'Avslutad i förtid',
  cancelled: 'Blev inte av',
} as const;
export type OutgoingStatus = keyof typeof OUTGOING_STATUS_LABELS;

export const OUTGOING_REPORT_STATUS_LABELS = { expected: 'Väntas', overdue: 'Försenad', received: 'Mottagen' } as const;

const reportViewSchema = z.object({
  insatsType: z.enum(INSATS_TYPES),
  insatsLabel: z.string(),
  month: z.string(),
  monthLabel: z.string(),
  period: z.object({ from: z.string(), to: z.string(), days: z.number(), daysInMonth: z.number() }),
  unit: z.enum(['minutes', 'visits', 'days']),
  dueOn: z.string(),
  status: z.enum(['expected', 'overdue', 'received']),
  statusLabel: z.string(),
  chased: z.array(z.string()),
  received: z.optional(z.object({ receivedOn: z.string(), quantity: z.number(), quantityText: z.string() })),
  invoice: z.optional(z.object({ amountText: z.string(), expectedText: z.string(), flagged: z.boolean(), words: z.string() })),
  actions: z.object({ receive: z.boolean(), invoice: z.boolean() }),
});

/** An outgoing stay as its page shows it (`full`: those who work with it; `billing`: the fee administrators, without the person). */
export const outgoingStayViewSchema = z.object({
  reference: z.string(),
  view: z.enum(['full', 'billing']),
  status: z.enum(['registered', 'sent', 'confirmed', 'ended', 'cancelled']),
  statusLabel: z.string(),
  registeredAt: z.string(),
  protectedIdentity: z.boolean(),
  stayMunicipality: z.object({ code: z.string(), name: z.string() }),
  stay: z.object({ from: z.string(), to: z.string() }),
  decidedOn: z.string(),
  goal: z.optional(z.string()),
  person: z.optional(
    z.object({
      personnummer: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      protectedIdentity: z.boolean(),
      stayAddress: z.object({ street: z.string(), postalCode: z.string(), city: z.string() }),
      phone: z.optional(z.string()),
    }),
  ),
  insatser: z.array(z.object({ type: z.enum(INSATS_TYPES), label: z.string(), description: z.optional(z.string()), scopeText: z.string(), rateText: z.string() })),
  orderer: z.object({ name: z.string(), email: z.string(), phone: z.string(), unit: z.string() }),
  billing: z.object({ address: z.string(), reference: z.string() }),
  contact: z.object({ name: z.string(), email: z.string(), phone: z.optional(z.string()) }),
  reportDueLabel: z.string(),
  sent: z.optional(z.object({ sentOn: z.string(), sentByLabel: z.string() })),
  confirmation: z.optional(z.object({ confirmedOn: z.string(), startDate: z.string() })),
  ended: z.optional(z.object({ kind: z.enum(OUTGOING_END_KINDS), label: z.string(), lastDay: z.optional(z.string()), at: z.string() })),
  reports: z.array(reportViewSchema),
  actions: z.object({ pdf: z.boolean(), markSent: z.boolean(), confirm: z.boolean(), end: z.boolean() }),
});
export type OutgoingStayView = z.infer<typeof outgoingStayViewSchema>;

/** The inbox's **Utgående vistelser**: each with its waiting and overdue reports. */
export const outgoingListSchema = z.object({
  rows: z.array(
    z.object({
      reference: z.string(),
      stayMunicipalityName: z.string(),
      stay: z.object({ from: z.string(), to: z.string() }),
      protectedIdentity: z.boolean(),
      statusLabel: z.string(),
      waitingReports: z.number(),
      overdueReports: z.number(),
      flaggedInvoices: z.number(),
    }),
  ),
});
export type OutgoingList = z.infer<typeof outgoingListSchema>;

/** The 290 for the form's list, by name. */
export const MUNICIPALITY_OPTIONS = [...MUNICIPALITIES].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, 'sv'));

export { INSATS_LABELS, INSATS_TYPES };
