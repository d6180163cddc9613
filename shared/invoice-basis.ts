/**
 * The invoice basis (fakturaunderlag): what the stay municipality invoices each home municipality
 * for one month, from the quantities the caseworker has approved, at the home municipality's own
 * rates (the order's). Pure: no clock, no Node, no I/O.
 *
 * Money is integer öre throughout; there is no floating-point money arithmetic anywhere.
 *
 * The basis carries no personal data: a line holds the case reference, the home municipality's
 * invoice reference and billing address (an organisation), the insats, the month, the quantity
 * and the rate, nothing about the person. {@link invoiceBasis} copies exactly those fields, so an
 * object that happens to carry more (a name, a personnummer) cannot leak into the basis.
 *
 * ## Rounding
 *
 * Each line is computed exactly as a fraction of integers and rounded once, to whole öre, half up
 * (never in floating point):
 *
 * - per hour: minutes × rate per hour / 60 (time is reported in whole minutes);
 * - per visit and per day: quantity × rate;
 * - per month: pro rata by days, days × monthly rate / days in the month (a full month is exactly
 *   the monthly rate).
 *
 * The total of a home municipality, and the grand total, is the sum of its rounded lines: no
 * second rounding. Rates come from the order in kronor with at most two decimals and are turned
 * into öre by {@link sekToOre}.
 */
import { INSATS_LABELS, INSATS_TYPES, type InsatsType, type RatePeriod } from './insatser';

/** What a report counts for a rate period. */
export type ReportUnit = 'minutes' | 'visits' | 'days';

/** What a report counts for a rate period: hours are reported in minutes, per visit in visits, per day and per month in days. */
export function reportUnitFor(per: RatePeriod): ReportUnit {
  switch (per) {
    case 'hour':
      return 'minutes';
    case 'visit':
      return 'visits';
    case 'day':
    case 'month':
      return 'days';
  }
}

/**
 * Swedish names of the report units as shown to people: minutes are shown as hours ("timmar").
 * Matdistribution counts its visits as portions: see {@link reportUnitLabel}.
 */
export const REPORT_UNIT_LABELS: Record<ReportUnit, string> = {
  minutes: 'timmar',
  visits: 'besök',
  days: 'dagar',
};

/** The Swedish unit of a line's quantity: "timmar", "besök" ("portioner" for matdistribution) or "dagar". */
export function reportUnitLabel(unit: ReportUnit, insatsType: InsatsType): string {
  if (unit === 'visits' && insatsType === 'matdistribution') return 'portioner';
  return REPORT_UNIT_LABELS[unit];
}

/**
 * Kronor with at most two decimals (as the order gives them) → öre, exactly: 495 → 49500,
 * 0.29 → 29, 1234.56 → 123456.
 *
 * The number is read through its two-decimal text (`toFixed(2)`), never multiplied by 100 (0.29 × 100
 * is 28.999999999999996). A sum such as 0.1 + 0.2 (0.30000000000000004) is 0,30 kr written with a
 * binary rounding error, not a third decimal: it gives 30, with the same tolerance as the order's
 * "at most two decimals" check (shared/order.ts). A real third decimal (0.295) throws a RangeError,
 * as do NaN, ±Infinity and amounts beyond what öre can hold exactly.
 */
export function sekToOre(amountSek: number): number {
  if (!Number.isFinite(amountSek)) throw new RangeError(`Not an amount in kronor: ${amountSek}`);
  const hundredths = amountSek * 100;
  if (Math.abs(hundredths - Math.round(hundredths)) >= 1e-6) {
    throw new RangeError(`More than two decimals in an amount in kronor: ${amountSek}`);
  }
  const text = Math.abs(amountSek).toFixed(2);
  const match = /^(\d+)\.(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`Amount in kronor out of range: ${amountSek}`);
  const ore = Number(match[1]) * 100 + Number(match[2]);
  if (!Number.isSafeInteger(ore)) throw new RangeError(`Amount in kronor out of range: ${amountSek}`);
  return amountSek < 0 && ore !== 0 ? -ore : ore;
}

/** One approved quantity: a case's insats for one month, as approved by the caseworker, with the order's rate. */
export interface ApprovedQuantity {
  /** The case reference, e.g. 'TV-2026-00042'. */
  caseReference: string;
  homeMunicipality: { code: string; name: string };
  /** The home municipality's reference number for invoices (the order's billing.reference). */
  invoiceReference: string;
  /** The home municipality's invoice address (an organisation, not a person). */
  billingAddress: string;
  insatsType: InsatsType;
  /** 'YYYY-MM'. */
  month: string;
  /** A non-negative integer in reportUnitFor(rate.per): minutes, visits or days. */
  quantity: number;
  /** The home municipality's rate, in öre (see {@link sekToOre}). */
  rate: { amountOre: number; per: RatePeriod };
  /** The number of days of `month`, used by per-month rates. */
  daysInMonth: number;
  /**
   * A charge besides the reports: `late_cancellation` (**Sen avbokning**), the profile's fee — one
   * of it (`quantity` 1) at the fee (`rate.amountOre`, `per: 'visit'` so that the amount is exactly
   * it); `extra_visit` (**Extrabesök**), an approved extra visit at the insats's rate.
   */
  charge?: 'late_cancellation' | 'extra_visit';
}

/** What the basis calls a charge's line, in the place of the insats. */
export const CHARGE_LABELS: Record<NonNullable<ApprovedQuantity['charge']>, { line: string; unit: string }> = {
  late_cancellation: { line: 'Sen avbokning', unit: 'avbokning' },
  extra_visit: { line: 'Extrabesök', unit: 'besök' },
};

/** What a line bills, in words: the insats; **Sen avbokning**; or **Extrabesök** of the insats. */
export function lineLabel(line: Pick<ApprovedQuantity, 'insatsType' | 'charge'>): string {
  if (line.charge === 'late_cancellation') return CHARGE_LABELS.late_cancellation.line;
  if (line.charge === 'extra_visit') return `${CHARGE_LABELS.extra_visit.line}, ${INSATS_LABELS[line.insatsType].toLowerCase()}`;
  return INSATS_LABELS[line.insatsType];
}

/** A fee (one of it, at its amount), not a quantity at a rate. */
export const isFee = (line: Pick<ApprovedQuantity, 'charge'>): boolean => line.charge === 'late_cancellation';

/** An approved quantity with its amount in öre. */
export interface InvoiceLine extends ApprovedQuantity {
  amountOre: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True when `month` is written 'YYYY-MM'. */
export function isMonth(month: string): boolean {
  return MONTH.test(month);
}

/** The number of days of a month written 'YYYY-MM' (28–31). */
export function daysInMonthOf(month: string): number {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`Not a month written YYYY-MM: ${month}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
}

function assertSafeNonNegativeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer: ${value}`);
}

/**
 * a / b rounded half up, for integers a ≥ 0 and b > 0, exactly: ⌊(2a + b) / 2b⌋.
 *
 * With 2a + b below 2^53 every operand is an exact double and the division is correctly rounded;
 * a quotient that is not an integer lies at least 1/2b from the next integer, which is more than
 * the rounding error, so the floor is exact. Larger inputs throw a RangeError instead of rounding.
 */
export function divideRoundHalfUp(a: number, b: number): number {
  assertSafeNonNegativeInteger(a, 'The dividend');
  if (!Number.isSafeInteger(b) || b <= 0) throw new RangeError(`The divisor must be a positive integer: ${b}`);
  const numerator = 2 * a + b;
  if (!Number.isSafeInteger(numerator)) throw new RangeError(`Too large to divide exactly: ${a} / ${b}`);
  return Math.floor(numerator / (2 * b));
}

function product(a: number, b: number): number {
  const p = a * b;
  if (!Number.isSafeInteger(p)) throw new RangeError(`Too large to compute exactly: ${a} × ${b}`);
  return p;
}

/**
 * The amount of one line in öre, by the rounding rule in the module comment. Throws a RangeError for a
 * quantity or rate that is not a non-negative integer, a `daysInMonth` that is not the month's, more
 * days than the month has (per day, per month), or a product too large to compute exactly.
 */
export function lineAmountOre(q: Pick<ApprovedQuantity, 'quantity' | 'rate' | 'month' | 'daysInMonth'>): number {
  assertSafeNonNegativeInteger(q.quantity, 'The quantity');
  assertSafeNonNegativeInteger(q.rate.amountOre, 'The rate');
  const days = daysInMonthOf(q.month);
  if (q.daysInMonth !== days) throw new RangeError(`${q.month} has ${days} days, not ${q.daysInMonth}`);
  switch (q.rate.per) {
    case 'hour':
      return divideRoundHalfUp(product(q.quantity, q.rate.amountOre), 60);
    case 'visit':
      return product(q.quantity, q.rate.amountOre);
    case 'day':
      if (q.quantity > days) throw new RangeError(`${q.quantity} days in a month of ${days}`);
      return product(q.quantity, q.rate.amountOre);
    case 'month':
      if (q.quantity > days) throw new RangeError(`${q.quantity} days in a month of ${days}`);
      return divideRoundHalfUp(product(q.quantity, q.rate.amountOre), days);
    default:
      throw new RangeError(`Unknown rate period: ${String((q.rate as { per: unknown }).per)}`);
  }
}

/** The lines of one home municipality (and billing address), with their total. */
export interface InvoiceGroup {
  homeMunicipality: { code: string; name: string };
  billingAddress: string;
  lines: InvoiceLine[];
  totalOre: number;
}

/** The invoice basis of one month: one group per home municipality and billing address. */
export interface InvoiceBasis {
  month: string;
  stayMunicipality: { code: string; name: string };
  groups: InvoiceGroup[];
  totalOre: number;
  lineCount: number;
}

const sv = new Intl.Collator('sv');
const svNumeric = new Intl.Collator('sv', { numeric: true });

function sum(values: number[]): number {
  const total = values.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(total)) throw new RangeError('The total is too large to compute exactly');
  return total;
}

/** The line of an approved quantity: exactly the fields of an invoice line, nothing else the object may carry. */
function lineOf(q: ApprovedQuantity): InvoiceLine {
  return {
    caseReference: q.caseReference,
    homeMunicipality: { code: q.homeMunicipality.code, name: q.homeMunicipality.name },
    invoiceReference: q.invoiceReference,
    billingAddress: q.billingAddress,
    insatsType: q.insatsType,
    month: q.month,
    quantity: q.quantity,
    rate: { amountOre: q.rate.amountOre, per: q.rate.per },
    daysInMonth: q.daysInMonth,
    ...(q.charge ? { charge: q.charge } : {}),
    amountOre: lineAmountOre(q),
  };
}

function compareLines(a: InvoiceLine, b: InvoiceLine): number {
  return (
    svNumeric.compare(a.caseReference, b.caseReference) ||
    // A case's charges after its insatser.
    Number(a.charge !== undefined) - Number(b.charge !== undefined) ||
    INSATS_TYPES.indexOf(a.insatsType) - INSATS_TYPES.indexOf(b.insatsType) ||
    sv.compare(a.invoiceReference, b.invoiceReference) ||
    a.rate.per.localeCompare(b.rate.per) ||
    a.rate.amountOre - b.rate.amountOre ||
    a.quantity - b.quantity
  );
}

/**
 * The invoice basis of one month, per home municipality (and billing address): lines sorted by case
 * reference then insats (in the contract's order of insats types); groups sorted by municipality name
 * (Swedish collation), then code and address. Lines are not merged: two approvals for the same case
 * and insats (say, at two rates) stay two lines.
 *
 * Every approved quantity must be of `month`: a quantity of another month throws a RangeError rather
 * than being dropped or invoiced under the wrong month.
 */
export function invoiceBasis(
  month: string,
  stayMunicipality: { code: string; name: string },
  approved: ApprovedQuantity[],
): InvoiceBasis {
  if (!isMonth(month)) throw new RangeError(`Not a month written YYYY-MM: ${month}`);
  const groups = new Map<string, InvoiceGroup>();
  for (const q of approved) {
    if (q.month !== month) throw new RangeError(`An approved quantity of ${q.month} in the basis of ${month} (${q.caseReference})`);
    const line = lineOf(q);
    const key = JSON.stringify([line.homeMunicipality.code, line.billingAddress]);
    let group = groups.get(key);
    if (!group) {
      group = { homeMunicipality: line.homeMunicipality, billingAddress: line.billingAddress, lines: [], totalOre: 0 };
      groups.set(key, group);
    }
    group.lines.push(line);
  }
  const sorted = [...groups.values()]
    .map((g) => {
      g.lines.sort(compareLines);
      return { ...g, totalOre: sum(g.lines.map((l) => l.amountOre)) };
    })
    .sort(
      (a, b) =>
        sv.compare(a.homeMunicipality.name, b.homeMunicipality.name) ||
        a.homeMunicipality.code.localeCompare(b.homeMunicipality.code) ||
        sv.compare(a.billingAddress, b.billingAddress),
    );
  return {
    month,
    stayMunicipality: { code: stayMunicipality.code, name: stayMunicipality.name },
    groups: sorted,
    totalOre: sum(sorted.map((g) => g.totalOre)),
    lineCount: sorted.reduce((n, g) => n + g.lines.length, 0),
  };
}

const NO_BREAK_SPACE = '\u00a0';

function hundredthsParts(value: number): { sign: string; whole: string; fraction: string } {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Not an integer amount: ${value}`);
  const abs = Math.abs(value);
  return {
    sign: value < 0 ? '-' : '',
    whole: String(Math.floor(abs / 100)),
    fraction: String(abs % 100).padStart(2, '0'),
  };
}

function groupThousands(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+$)/g, separator);
}

/**
 * Öre as Swedish kronor for display, '1 234,50': decimal comma, a no-break space (U+00A0) between
 * thousands and a plain '-' for negatives (both survive the PDF's WinAnsi fonts, unlike the thin space
 * and the minus sign U+2212 that Intl uses). formatOre(49500) === '495,00'.
 */
export function formatOre(ore: number): string {
  const { sign, whole, fraction } = hundredthsParts(ore);
  return `${sign}${groupThousands(whole, NO_BREAK_SPACE)},${fraction}`;
}

/** Öre as kronor for a CSV file that Swedish Excel reads as a number: '1234,50', '-12,00'; no thousands separator. */
export function formatOreForCsv(ore: number): string {
  const { sign, whole, fraction } = hundredthsParts(ore);
  return `${sign}${whole},${fraction}`;
}

/** Minutes as hundredths of an hour, rounded half up: 1350 → 2250 (22,50 h), 20 → 33 (0,33 h). For display only. */
export function minutesToHundredthsOfHour(minutes: number): number {
  return divideRoundHalfUp(product(minutes, 100), 60);
}

/**
 * A line's quantity as shown: minutes as hours with two decimals ('22,50'), visits and days as whole
 * numbers. `csv` leaves out the thousands separator. Display only: amounts come from the exact minutes.
 */
export function formatQuantity(quantity: number, unit: ReportUnit, style: 'display' | 'csv' = 'display'): string {
  assertSafeNonNegativeInteger(quantity, 'The quantity');
  if (unit === 'minutes') {
    const hundredths = minutesToHundredthsOfHour(quantity);
    return style === 'csv' ? formatOreForCsv(hundredths) : formatOre(hundredths);
  }
  return style === 'csv' ? String(quantity) : groupThousands(String(quantity), NO_BREAK_SPACE);
}

/** Swedish month names, januari … december. */
export const MONTH_NAMES_SV = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
] as const;

/** A month written 'YYYY-MM' in Swedish text: '2026-12' → 'december 2026'. */
export function monthInWords(month: string): string {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`Not a month written YYYY-MM: ${month}`);
  return `${MONTH_NAMES_SV[Number(m[2]) - 1]} ${m[1]}`;
}
