import { describe, expect, it } from 'vitest';
import {
  dueRuleLabel,
  reportMonths,
  TIME_REPORT_STEPS,
  timeReportDueDate,
  timeReportDueRuleSchema,
  timeReportLadder,
} from '../../../shared/time-report-dates';
import {
  addWorkingDays,
  daysInMonth,
  isWorkingDay,
  nextMonth,
  nextWorkingDay,
  nthWorkingDayOfMonth,
  previousWorkingDay,
} from '../../../shared/working-days';

/**
 * When each month's time report is due, 2026–2030, under the three rules the municipalities use:
 * [month, 2nd working day (Sundbyberg), 1st working day (Leksand), day 5 or the next working day
 * (Gotland)].
 *
 * Not computed by the code under test: a throwaway script counted working days with a different
 * library, `date-holidays@3` (Sweden's days of type `public` plus `bank`, i.e. midsommarafton,
 * julafton and nyårsafton, as the non-working weekdays), and its output was pasted here. Checked
 * by hand against a calendar: December 2026 → 2027-01-05 (1 January a Friday holiday, 2–3 a
 * weekend, Monday the 4th the 1st working day); March 2026 → 2026-04-02 is skärtorsdagen, a
 * working day, and Gotland's 5 April is Easter Sunday, 6 April Easter Monday → 2026-04-07; March
 * 2029 → Easter Monday is 2 April, so 2029-04-03 and 2029-04-04; May 2027 → 5 June a Saturday,
 * 6 June (national day) a Sunday → Gotland 2027-06-07; December 2029 → 1 January a Tuesday
 * holiday → 2030-01-02 and 2030-01-03, and the 5th a Saturday, the 6th trettondedag jul on a
 * Sunday → 2030-01-07.
 */
const DUE_DATES: ReadonlyArray<[month: string, sundbyberg: string, leksand: string, gotland: string]> = [
  ['2026-01', '2026-02-03', '2026-02-02', '2026-02-05'],
  ['2026-02', '2026-03-03', '2026-03-02', '2026-03-05'],
  ['2026-03', '2026-04-02', '2026-04-01', '2026-04-07'],
  ['2026-04', '2026-05-05', '2026-05-04', '2026-05-05'],
  ['2026-05', '2026-06-02', '2026-06-01', '2026-06-05'],
  ['2026-06', '2026-07-02', '2026-07-01', '2026-07-06'],
  ['2026-07', '2026-08-04', '2026-08-03', '2026-08-05'],
  ['2026-08', '2026-09-02', '2026-09-01', '2026-09-07'],
  ['2026-09', '2026-10-02', '2026-10-01', '2026-10-05'],
  ['2026-10', '2026-11-03', '2026-11-02', '2026-11-05'],
  ['2026-11', '2026-12-02', '2026-12-01', '2026-12-07'],
  ['2026-12', '2027-01-05', '2027-01-04', '2027-01-05'],
  ['2027-01', '2027-02-02', '2027-02-01', '2027-02-05'],
  ['2027-02', '2027-03-02', '2027-03-01', '2027-03-05'],
  ['2027-03', '2027-04-02', '2027-04-01', '2027-04-05'],
  ['2027-04', '2027-05-04', '2027-05-03', '2027-05-05'],
  ['2027-05', '2027-06-02', '2027-06-01', '2027-06-07'],
  ['2027-06', '2027-07-02', '2027-07-01', '2027-07-05'],
  ['2027-07', '2027-08-03', '2027-08-02', '2027-08-05'],
  ['2027-08', '2027-09-02', '2027-09-01', '2027-09-06'],
  ['2027-09', '2027-10-04', '2027-10-01', '2027-10-05'],
  ['2027-10', '2027-11-02', '2027-11-01', '2027-11-05'],
  ['2027-11', '2027-12-02', '2027-12-01', '2027-12-06'],
  ['2027-12', '2028-01-04', '2028-01-03', '2028-01-05'],
  ['2028-01', '2028-02-02', '2028-02-01', '2028-02-07'],
  ['2028-02', '2028-03-02', '2028-03-01', '2028-03-06'],
  ['2028-03', '2028-04-04', '2028-04-03', '2028-04-05'],
  ['2028-04', '2028-05-03', '2028-05-02', '2028-05-05'],
  ['2028-05', '2028-06-02', '2028-06-01', '2028-06-05'],
  ['2028-06', '2028-07-04', '2028-07-03', '2028-07-05'],
  ['2028-07', '2028-08-02', '2028-08-01', '2028-08-07'],
  ['2028-08', '2028-09-04', '2028-09-01', '2028-09-05'],
  ['2028-09', '2028-10-03', '2028-10-02', '2028-10-05'],
  ['2028-10', '2028-11-02', '2028-11-01', '2028-11-06'],
  ['2028-11', '2028-12-04', '2028-12-01', '2028-12-05'],
  ['2028-12', '2029-01-03', '2029-01-02', '2029-01-05'],
  ['2029-01', '2029-02-02', '2029-02-01', '2029-02-05'],
  ['2029-02', '2029-03-02', '2029-03-01', '2029-03-05'],
  ['2029-03', '2029-04-04', '2029-04-03', '2029-04-05'],
  ['2029-04', '2029-05-03', '2029-05-02', '2029-05-07'],
  ['2029-05', '2029-06-04', '2029-06-01', '2029-06-05'],
  ['2029-06', '2029-07-03', '2029-07-02', '2029-07-05'],
  ['2029-07', '2029-08-02', '2029-08-01', '2029-08-06'],
  ['2029-08', '2029-09-04', '2029-09-03', '2029-09-05'],
  ['2029-09', '2029-10-02', '2029-10-01', '2029-10-05'],
  ['2029-10', '2029-11-02', '2029-11-01', '2029-11-05'],
  ['2029-11', '2029-12-04', '2029-12-03', '2029-12-05'],
  ['2029-12', '2030-01-03', '2030-01-02', '2030-01-07'],
  ['2030-01', '2030-02-04', '2030-02-01', '2030-02-05'],
  ['2030-02', '2030-03-04', '2030-03-01', '2030-03-05'],
  ['2030-03', '2030-04-02', '2030-04-01', '2030-04-05'],
  ['2030-04', '2030-05-03', '2030-05-02', '2030-05-06'],
  ['2030-05', '2030-06-04', '2030-06-03', '2030-06-05'],
  ['2030-06', '2030-07-02', '2030-07-01', '2030-07-05'],
  ['2030-07', '2030-08-02', '2030-08-01', '2030-08-05'],
  ['2030-08', '2030-09-03', '2030-09-02', '2030-09-05'],
  ['2030-09', '2030-10-02', '2030-10-01', '2030-10-07'],
  ['2030-10', '2030-11-04', '2030-11-01', '2030-11-05'],
  ['2030-11', '2030-12-03', '2030-12-02', '2030-12-05'],
  ['2030-12', '2031-01-03', '2031-01-02', '2031-01-07'],
];

describe('working days', () => {
  it.each([
    ['2026-06-15', true, 'an ordinary Monday'],
    ['2026-06-13', false, 'a Saturday'],
    ['2026-06-14', false, 'a Sunday'],
    ['2026-01-01', false, 'nyårsdagen'],
    ['2026-01-05', true, 'trettondagsafton is a working day'],
    ['2026-01-06', false, 'trettondedag jul'],
    ['2026-04-02', true, 'skärtorsdagen is a working day'],
    ['2026-04-03', false, 'långfredagen'],
    ['2026-04-06', false, 'annandag påsk'],
    ['2026-04-30', true, 'valborgsmässoafton is a working day'],
    ['2026-05-01', false, 'första maj'],
    ['2026-05-14', false, 'Kristi himmelsfärdsdag'],
    ['2026-05-25', true, 'annandag pingst is no holiday since 2005'],
    ['2029-06-06', false, 'nationaldagen on a Wednesday'],
    ['2026-06-19', false, 'midsommarafton'],
    ['2027-06-25', false, 'midsommarafton 2027'],
    ['2026-10-30', true, 'allhelgonaafton is a working day'],
    ['2026-12-24', false, 'julafton'],
    ['2026-12-28', true, 'the Monday after Christmas'],
    ['2026-12-31', false, 'nyårsafton'],
    ['2028-02-29', true, 'a leap day on a Tuesday'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(isWorkingDay(date)).toBe(working);
  });

  it('goes over Easter: from skärtorsdagen the next working day is the Tuesday after Easter, and back', () => {
    expect(nextWorkingDay('2026-04-02')).toBe('2026-04-07');
    expect(previousWorkingDay('2026-04-07')).toBe('2026-04-02');
  });

  it('goes over Christmas and New Year', () => {
    expect(nextWorkingDay('2026-12-23')).toBe('2026-12-28');
    expect(nextWorkingDay('2026-12-30')).toBe('2027-01-04');
    expect(previousWorkingDay('2027-01-04')).toBe('2026-12-30');
    expect(previousWorkingDay('2026-12-28')).toBe('2026-12-23');
  });

  it('moves strictly: the next working day after a working day is another day', () => {
    expect(nextWorkingDay('2026-06-15')).toBe('2026-06-16');
    expect(previousWorkingDay('2026-06-15')).toBe('2026-06-12');
  });

  it.each([
    ['2026-12-22', 5, '2027-01-04', 'five working days over Christmas and New Year'],
    ['2026-12-23', 1, '2026-12-28', 'one working day over Christmas'],
    ['2026-12-26', 1, '2026-12-28', 'from a Saturday, the first working day after it'],
    ['2026-12-23', 0, '2026-12-23', 'zero days from a working day is that day'],
    ['2026-12-24', 0, '2026-12-28', 'zero days from julafton is the next working day'],
  ])('%s + %i working days → %s (%s)', (date, n, expected) => {
    expect(addWorkingDays(date, n)).toBe(expected);
  });

  it('finds the Nth working day of a month, and says when the month has too few', () => {
    expect(nthWorkingDayOfMonth('2027-01', 1)).toBe('2027-01-04');
    expect(nthWorkingDayOfMonth('2026-04', 2)).toBe('2026-04-02');
    // April 2028: Easter on the 16th leaves 18 working days, the last on Friday the 28th.
    expect(nthWorkingDayOfMonth('2028-04', 18)).toBe('2028-04-28');
    expect(() => nthWorkingDayOfMonth('2028-04', 19)).toThrow(RangeError);
  });

  it('knows the months: the month after December, and February in leap years', () => {
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(nextMonth('2026-09')).toBe('2026-10');
    expect(daysInMonth('2027-02')).toBe(28);
    expect(daysInMonth('2028-02')).toBe(29);
    expect(daysInMonth('2100-02')).toBe(28);
    expect(daysInMonth('2026-12')).toBe(31);
    expect(daysInMonth('2026-11')).toBe(30);
  });

  it('refuses what is no date or month, naming it', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(/2026-02-30/);
    expect(() => nextWorkingDay('26-01-01')).toThrow(RangeError);
    expect(() => previousWorkingDay('')).toThrow(RangeError);
    expect(() => nextMonth('2026-13')).toThrow(/2026-13/);
    expect(() => daysInMonth('2026-1')).toThrow(RangeError);
    expect(() => nthWorkingDayOfMonth('2026-01', 0)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-01-02', -1)).toThrow(/-1/);
    expect(() => addWorkingDays('2026-01-02', 1.5)).toThrow(RangeError);
  });

  it('gets the Easter holidays right in a browser in Stockholm, also the year summer time starts on Easter Sunday', () => {
    // The library moves Easter's days with local time: in Stockholm in 2032 (Easter on 28 March,
    // the day the clocks go forward) annandag påsk and Kristi himmelsfärdsdag come out an hour
    // before UTC midnight, which read naively would be the day before. No other test uses 2032.
    const tz = process.env.TZ;
    process.env.TZ = 'Europe/Stockholm';
    try {
      expect(isWorkingDay('2032-03-29')).toBe(false);
      expect(isWorkingDay('2032-05-06')).toBe(false);
      expect(isWorkingDay('2032-05-05')).toBe(true);
      expect(isWorkingDay('2032-05-17')).toBe(true);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});

describe('time report due dates', () => {
  it.each(DUE_DATES)('report for %s: Sundbyberg %s, Leksand %s, Gotland %s', (month, sundbyberg, leksand, gotland) => {
    expect(timeReportDueDate(month, { kind: 'working_day', n: 2 })).toBe(sundbyberg);
    expect(timeReportDueDate(month, { kind: 'working_day', n: 1 })).toBe(leksand);
    expect(timeReportDueDate(month, { kind: 'day_of_month', day: 5 })).toBe(gotland);
  });

  it('covers every month of 2026–2030', () => {
    expect(DUE_DATES).toHaveLength(60);
    expect(new Set(DUE_DATES.map(([month]) => month)).size).toBe(60);
  });

  it('December 2026 under the 2nd working day is due Tuesday 5 January 2027', () => {
    expect(timeReportDueDate('2026-12', { kind: 'working_day', n: 2 })).toBe('2027-01-05');
  });

  it('keeps a day-of-month deadline that falls on a working day', () => {
    expect(timeReportDueDate('2026-12', { kind: 'day_of_month', day: 4 })).toBe('2027-01-04');
  });

  it('moves a day-of-month deadline off trettondedag jul to the next working day', () => {
    expect(timeReportDueDate('2026-12', { kind: 'day_of_month', day: 6 })).toBe('2027-01-07');
  });

  it('says so when the rule asks for more working days than the month has', () => {
    expect(() => timeReportDueDate('2028-03', { kind: 'working_day', n: 20 })).toThrow(RangeError);
  });

  it('accepts the municipalities’ rules and refuses others', () => {
    expect(timeReportDueRuleSchema.parse({ kind: 'working_day', n: 2 })).toEqual({ kind: 'working_day', n: 2 });
    expect(timeReportDueRuleSchema.parse({ kind: 'day_of_month', day: 5 })).toEqual({ kind: 'day_of_month', day: 5 });
    expect(timeReportDueRuleSchema.safeParse({ kind: 'working_day', n: 0 }).success).toBe(false);
    expect(timeReportDueRuleSchema.safeParse({ kind: 'day_of_month', day: 29 }).success).toBe(false);
    expect(timeReportDueRuleSchema.safeParse({ kind: 'day_of_month', day: 5, n: 2 }).success).toBe(false);
    expect(timeReportDueRuleSchema.safeParse({ kind: 'last_day' }).success).toBe(false);
  });

  it.each([
    [{ kind: 'working_day', n: 2 }, '2:a vardagen i månaden efter'],
    [{ kind: 'working_day', n: 1 }, '1:a vardagen i månaden efter'],
    [{ kind: 'working_day', n: 3 }, '3:e vardagen i månaden efter'],
    [{ kind: 'working_day', n: 11 }, '11:e vardagen i månaden efter'],
    [{ kind: 'day_of_month', day: 5 }, 'den 5:e i månaden efter (nästa vardag om den dagen är helg)'],
    [{ kind: 'day_of_month', day: 12 }, 'den 12:e i månaden efter (nästa vardag om den dagen är helg)'],
    [{ kind: 'day_of_month', day: 21 }, 'den 21:a i månaden efter (nästa vardag om den dagen är helg)'],
    [{ kind: 'day_of_month', day: 22 }, 'den 22:a i månaden efter (nästa vardag om den dagen är helg)'],
  ] as const)('%o reads "%s"', (rule, label) => {
    expect(dueRuleLabel(rule)).toBe(label);
  });
});

describe('report months', () => {
  it('splits a stay over New Year into its three months, partial at both ends', () => {
    expect(reportMonths('2026-12-15', '2027-02-15')).toEqual([
      { month: '2026-12', from: '2026-12-15', to: '2026-12-31', days: 17, daysInMonth: 31 },
      { month: '2027-01', from: '2027-01-01', to: '2027-01-31', days: 31, daysInMonth: 31 },
      { month: '2027-02', from: '2027-02-01', to: '2027-02-15', days: 15, daysInMonth: 28 },
    ]);
  });

  it('counts February 2028 as 29 days', () => {
    expect(reportMonths('2028-01-20', '2028-03-10')).toEqual([
      { month: '2028-01', from: '2028-01-20', to: '2028-01-31', days: 12, daysInMonth: 31 },
      { month: '2028-02', from: '2028-02-01', to: '2028-02-29', days: 29, daysInMonth: 29 },
      { month: '2028-03', from: '2028-03-01', to: '2028-03-10', days: 10, daysInMonth: 31 },
    ]);
  });

  it('gives a one-day stay one month of one day', () => {
    expect(reportMonths('2026-06-19', '2026-06-19')).toEqual([{ month: '2026-06', from: '2026-06-19', to: '2026-06-19', days: 1, daysInMonth: 30 }]);
  });

  it('gives a stay of exactly one month that whole month', () => {
    expect(reportMonths('2027-02-01', '2027-02-28')).toEqual([{ month: '2027-02', from: '2027-02-01', to: '2027-02-28', days: 28, daysInMonth: 28 }]);
  });

  it('refuses a stay that ends before it starts, and dates that are none', () => {
    expect(() => reportMonths('2027-02-15', '2026-12-15')).toThrow(RangeError);
    expect(() => reportMonths('2026-12-15', '2027-02-30')).toThrow(/2027-02-30/);
    expect(() => reportMonths('15/12/2026', '2027-02-15')).toThrow(RangeError);
  });
});

describe('chase ladder', () => {
  it('December 2026 under the 2nd working day, 5 + 5 working days', () => {
    const due = timeReportDueDate('2026-12', { kind: 'working_day', n: 2 });
    expect(timeReportLadder(due, { secondChaserAfterWorkingDays: 5, escalationAfterWorkingDays: 5 })).toEqual({
      reminder: '2027-01-04', // Monday, the working day before Tuesday the 5th
      chaser: '2027-01-07', // Wednesday the 6th is trettondedag jul
      second_chaser: '2027-01-14', // 8, 11, 12, 13, 14
      escalation: '2027-01-21', // 15, 18, 19, 20, 21
    });
  });

  it('skips midsummer: a report due the day before midsommarafton is chased on the Monday', () => {
    expect(timeReportLadder('2027-06-24', { secondChaserAfterWorkingDays: 2, escalationAfterWorkingDays: 0 })).toEqual({
      reminder: '2027-06-23',
      chaser: '2027-06-28',
      second_chaser: '2027-06-30',
      escalation: '2027-06-30',
    });
  });

  it('has every step, in order', () => {
    expect(Object.keys(timeReportLadder('2027-01-05', { secondChaserAfterWorkingDays: 5, escalationAfterWorkingDays: 5 }))).toEqual([...TIME_REPORT_STEPS]);
  });
});
