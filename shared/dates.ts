/** Calendar dates as ISO strings (`YYYY-MM-DD`), always in Europe/Stockholm. */
export type IsoDate = string;

const stockholmDate = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Stockholm at the instant `now`. */
export function stockholmToday(now: Date): IsoDate {
  return stockholmDate.format(now);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function toUtc(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

/** `date` moved by `days` calendar days (negative moves back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(toUtc(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** `date` moved by whole calendar months, clamped to the month's last day (Aug 31 + 6 → Feb 28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtc(to) - toUtc(from)) / 86_400_000);
}

/** "15 december 2026" — how Swedish letters write a date. */
export function formatSwedishDate(date: IsoDate): string {
  return swedishDate.format(new Date(toUtc(date)));
}

const swedishDate = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const stockholmDateTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "24 november 2026 kl. 10:00" — an instant as a Swedish reader in Stockholm sees it. */
export function formatStockholmDateTime(instant: Date): string {
  return stockholmDateTime.format(instant);
}

const stockholmParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Stockholm',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Minutes Stockholm is ahead of UTC at the instant `at` (60 in winter, 120 in summer). */
function stockholmOffsetMinutes(at: Date): number {
  const p = Object.fromEntries(stockholmParts.formatToParts(at).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant of a date and time as written in Stockholm: `2027-01-07T07:00` is 06:00 UTC in
 * winter, `2026-06-19T07:00` 05:00 UTC in summer. A value with its own offset (`Z`, `+01:00`) is
 * taken as it says. `undefined` when the value is no date and time.
 */
export function stockholmInstant(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value.trim());
  if (!m) {
    const withOffset = /(?:Z|[+-]\d{2}:\d{2})$/.test(value.trim()) ? new Date(value.trim()) : undefined;
    return withOffset && !Number.isNaN(withOffset.getTime()) ? withOffset : undefined;
  }
  if (!isIsoDate(`${m[1]}-${m[2]}-${m[3]}`)) return undefined;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  // The offset at the instant itself: guess with the wall time's, then correct once (DST changes).
  let instant = wall - stockholmOffsetMinutes(new Date(wall)) * 60_000;
  instant = wall - stockholmOffsetMinutes(new Date(instant)) * 60_000;
  return new Date(instant);
}
