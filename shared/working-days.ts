import { getHolidays, language } from 'swedish-holidays';
import { addDays, isIsoDate, type IsoDate } from './dates';

/**
 * The Swedish working-day calendar ("vardagar"). Dates are calendar dates in Stockholm written
 * `YYYY-MM-DD`, months `YYYY-MM`; all arithmetic is on plain dates (UTC), never on the clock.
 *
 * A working day is Monday–Friday that is neither a public holiday (lag (1989:253) om allmänna
 * helgdagar) nor midsommarafton, julafton or nyårsafton: the three eves that lag (1930:173) om
 * beräkning av lagstadgad tid treats like holidays. Trettondagsafton, skärtorsdagen,
 * valborgsmässoafton and allhelgonaafton are ordinary working days (påskafton and pingstafton are
 * Saturdays). The holidays come from `swedish-holidays`, which knows today's list only: years
 * before 2005 (annandag pingst, no nationaldag) are not modelled as they were.
 */

/** A calendar month written `YYYY-MM`. */
export type YearMonth = string;

const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The eves that are not public holidays but on which no deadline falls. */
const NON_WORKING_EVES: ReadonlySet<string> = new Set([language.midsummerEve, language.christmasEve, language.newYearsEve]);

/** The public holidays and the three eves of each year asked for, as ISO dates. */
const nonWorkingByYear = new Map<number, ReadonlySet<IsoDate>>();

function assertIsoDate(date: IsoDate): void {
  if (!isIsoDate(date)) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

function assertYearMonth(month: YearMonth): void {
  if (!YEAR_MONTH.test(month)) throw new RangeError(`Not a month (YYYY-MM): ${JSON.stringify(month)}`);
}

function assertCount(n: number, min: number, what: string): void {
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${what} must be a whole number ≥ ${min}: ${JSON.stringify(n)}`);
}

/**
 * The library builds its dates at local midnight and shifts them to UTC midnight; Easter-based
 * days are then moved with local `setDate`, which can leave them an hour off UTC midnight when the
 * process's time zone changes to or from summer time in between. Rounding to the nearest UTC
 * midnight gives the calendar date whatever the time zone of the server or the browser.
 */
function isoDateOf(instant: Date): IsoDate {
  return new Date(instant.getTime() + 12 * 3_600_000).toISOString().slice(0, 10);
}

function nonWorkingDays(year: number): ReadonlySet<IsoDate> {
  let days = nonWorkingByYear.get(year);
  if (!days) {
    // The library's Easter (Gregorian) is defined for these years only.
    if (year < 1583 || year > 8702) throw new RangeError(`No Swedish calendar for the year ${year}`);
    days = new Set(
      getHolidays(year, language)
        .filter((h) => h.isPublicHoliday || NON_WORKING_EVES.has(h.name))
        .map((h) => isoDateOf(h.date)),
    );
    nonWorkingByYear.set(year, days);
  }
  return days;
}

/** True on Monday–Friday that is not a public holiday, midsommarafton, julafton or nyårsafton. */
export function isWorkingDay(date: IsoDate): boolean {
  assertIsoDate(date);
  const [y, m, d] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !nonWorkingDays(y).has(date);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: IsoDate): IsoDate {
  assertIsoDate(date);
  let d = addDays(date, 1);
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** The last working day strictly before `date`. */
export function previousWorkingDay(date: IsoDate): IsoDate {
  assertIsoDate(date);
  let d = addDays(date, -1);
  while (!isWorkingDay(d)) d = addDays(d, -1);
  return d;
}

/**
 * The `n`th working day after `date` (n ≥ 1 counts working days strictly after `date`, whatever
 * `date` is: Friday + 1 is Monday, Saturday + 1 is Monday too). `n = 0` gives `date` itself when
 * it is a working day, else the next working day: "no later than `date`, moved to a working day".
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  assertIsoDate(date);
  assertCount(n, 0, 'The number of working days');
  let d = n === 0 && !isWorkingDay(date) ? nextWorkingDay(date) : date;
  for (let i = 0; i < n; i++) d = nextWorkingDay(d);
  return d;
}

/**
 * The `n`th working day (1 = the first) of `month`. Throws a `RangeError` when the month has
 * fewer than `n` working days (April 2028 has 18, December 2007 only 17).
 */
export function nthWorkingDayOfMonth(month: YearMonth, n: number): IsoDate {
  assertYearMonth(month);
  assertCount(n, 1, 'The working day of the month');
  const first = `${month}-01`;
  let d = isWorkingDay(first) ? first : nextWorkingDay(first);
  for (let i = 1; i < n; i++) d = nextWorkingDay(d);
  if (!d.startsWith(month)) throw new RangeError(`${month} has fewer than ${n} working days`);
  return d;
}

/** The month after `month`: '2026-12' → '2027-01'. */
export function nextMonth(month: YearMonth): YearMonth {
  assertYearMonth(month);
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`;
}

/** The number of days in `month` (February 2028: 29). */
export function daysInMonth(month: YearMonth): number {
  assertYearMonth(month);
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
