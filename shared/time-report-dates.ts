import { daysBetween, isIsoDate, type IsoDate } from './dates';
import type { TimeReportDueRule } from './time-report-rules';
import {
  addWorkingDays,
  daysInMonth,
  isWorkingDay,
  nextMonth,
  nextWorkingDay,
  nthWorkingDayOfMonth,
  previousWorkingDay,
  type YearMonth,
} from './working-days';

// The rule's schema lives in a module of its own, so the municipality configuration (in every
// function) validates it without bundling the working-day calendar; re-exported for callers here.
export { timeReportDueRuleSchema, type TimeReportDueRule } from './time-report-rules';

/**
 * The due date of the time report for `month` (`YYYY-MM`), always in the month after it.
 *
 * - `working_day`: the `n`th working day of the next month (December 2026, n = 2 → 2027-01-05:
 *   1 January is a holiday, 2–3 a weekend, Monday the 4th the first working day). Throws a
 *   `RangeError` if that month has fewer than `n` working days.
 * - `day_of_month`: day `day` of the next month; when that day is a Saturday, Sunday, public
 *   holiday, midsommarafton, julafton or nyårsafton the deadline moves to the next working day, as
 *   every Swedish deadline does (lag (1930:173) om beräkning av lagstadgad tid).
 */
export function timeReportDueDate(month: YearMonth, rule: TimeReportDueRule): IsoDate {
  const next = nextMonth(month);
  if (rule.kind === 'working_day') return nthWorkingDayOfMonth(next, rule.n);
  if (!Number.isInteger(rule.day) || rule.day < 1 || rule.day > 28) {
    throw new RangeError(`The day of the month must be 1–28: ${JSON.stringify(rule.day)}`);
  }
  const date = `${next}-${String(rule.day).padStart(2, '0')}`;
  return isWorkingDay(date) ? date : nextWorkingDay(date);
}

/** 1 → "1:a", 2 → "2:a", 3 → "3:e", 11 → "11:e", 21 → "21:a": Swedish ordinals in digits. */
function ordinal(n: number): string {
  const lastDigit = n % 10;
  const lastTwo = n % 100;
  return `${n}:${(lastDigit === 1 || lastDigit === 2) && lastTwo !== 11 && lastTwo !== 12 ? 'a' : 'e'}`;
}

/** The rule as the municipality would say it: "2:a vardagen i månaden efter". */
export function dueRuleLabel(rule: TimeReportDueRule): string {
  return rule.kind === 'working_day'
    ? `${ordinal(rule.n)} vardagen i månaden efter`
    : `den ${ordinal(rule.day)} i månaden efter (nästa vardag om den dagen är helg)`;
}

/** One calendar month of a stay and the days of it the stay covers (both inclusive). */
export interface ReportMonth {
  month: YearMonth;
  from: IsoDate;
  to: IsoDate;
  days: number;
  daysInMonth: number;
}

/**
 * Every calendar month the period `from`–`to` (both dates included) touches, with the part of it
 * covered: 2026-12-15 – 2027-02-15 gives December 15–31 (17 of 31 days), all of January, and
 * February 1–15 (15 of 28). Throws a `RangeError` on a date that is not `YYYY-MM-DD` or when `to`
 * is before `from`.
 */
export function reportMonths(from: IsoDate, to: IsoDate): ReportMonth[] {
  for (const date of [from, to]) {
    if (!isIsoDate(date)) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  }
  if (to < from) throw new RangeError(`The period ends (${to}) before it starts (${from})`);
  const months: ReportMonth[] = [];
  const lastMonth = to.slice(0, 7);
  for (let month = from.slice(0, 7); month <= lastMonth; month = nextMonth(month)) {
    const length = daysInMonth(month);
    const start = month === from.slice(0, 7) ? from : `${month}-01`;
    const end = month === lastMonth ? to : `${month}-${String(length).padStart(2, '0')}`;
    months.push({ month, from: start, to: end, days: daysBetween(start, end) + 1, daysInMonth: length });
  }
  return months;
}

/** How many working days the later steps of the chase ladder wait. */
export interface TimeReportLadderRule {
  secondChaserAfterWorkingDays: number;
  escalationAfterWorkingDays: number;
}

export const TIME_REPORT_STEPS = ['reminder', 'chaser', 'second_chaser', 'escalation'] as const;
export type TimeReportStep = (typeof TIME_REPORT_STEPS)[number];

/**
 * The date each step of the ladder is due: reminder = the working day before the due date;
 * chaser = the first working day after the due date; second_chaser = chaser +
 * secondChaserAfterWorkingDays working days; escalation = second_chaser +
 * escalationAfterWorkingDays working days.
 */
export function timeReportLadder(dueDate: IsoDate, rule: TimeReportLadderRule): Record<TimeReportStep, IsoDate> {
  const chaser = nextWorkingDay(dueDate);
  const secondChaser = addWorkingDays(chaser, rule.secondChaserAfterWorkingDays);
  return {
    reminder: previousWorkingDay(dueDate),
    chaser,
    second_chaser: secondChaser,
    escalation: addWorkingDays(secondChaser, rule.escalationAfterWorkingDays),
  };
}
