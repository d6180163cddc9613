import Personnummer from 'personnummer';

export interface PersonIdentity {
  /** 12 digits, `YYYYMMDDNNNN`; for a samordningsnummer the day is +60. */
  normalized: string;
  coordinationNumber: boolean;
  /** Date of birth, `YYYY-MM-DD` (the real day also for a samordningsnummer). */
  birthDate: string;
}

const OPTIONS = { allowCoordinationNumber: true, allowInterimNumber: false };
const ACCEPTED_SHAPE = /^(\d{8}|\d{6})[-+]?\d{4}$/;

/**
 * Parses a personnummer or samordningsnummer written `YYYYMMDD-NNNN`, `YYYYMMDDNNNN` or
 * `YYMMDD-NNNN` (`+` for 100 years or older). The date and the check digit are checked by the
 * `personnummer` library; `null` when the number is not valid.
 */
export function parsePersonIdentity(value: string): PersonIdentity | null {
  const trimmed = value.trim();
  if (!ACCEPTED_SHAPE.test(trimmed)) return null;
  if (!Personnummer.valid(trimmed, OPTIONS)) return null;
  const parsed = Personnummer.parse(trimmed, OPTIONS);
  const normalized = parsed.format(true);
  const coordinationNumber = parsed.isCoordinationNumber();
  const day = Number(normalized.slice(6, 8)) - (coordinationNumber ? 60 : 0);
  return {
    normalized,
    coordinationNumber,
    birthDate: `${normalized.slice(0, 4)}-${normalized.slice(4, 6)}-${String(day).padStart(2, '0')}`,
  };
}

/** Age in whole years on `onDate` (`YYYY-MM-DD`) for someone born on `birthDate`. */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = onDate.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Runs of digits shaped like a personnummer or samordningsnummer, checked or not: 6 or 8 digits, an
 * optional `-`, `+` or space, 4 digits (the logs' redaction masks every one; `holdsPersonIdentity`
 * checks each).
 */
export const PERSON_IDENTITY_LIKE = /(?<!\d)(?:\d{2})?\d{6}[-+ ]?\d{4}(?!\d)/g;

/**
 * Whether free text holds a valid personnummer or samordningsnummer (its date and check digit
 * checked, in any of the ways it is written): what must never reach a log line, a mail or a URL.
 * A run of digits only shaped like one (a UUID's `123456-7890`) is not one.
 */
export function holdsPersonIdentity(text: string): boolean {
  for (const [run] of text.matchAll(PERSON_IDENTITY_LIKE)) {
    const digits = run.replace(/[-+ ]/g, '');
    // As written (10 or 12 digits), the last ten alone, and those as `+` (100 years or older) writes them.
    const ten = digits.slice(-10);
    if ([digits, ten, `${ten.slice(0, 6)}+${ten.slice(6)}`].some((w) => parsePersonIdentity(w) !== null)) return true;
  }
  return false;
}
