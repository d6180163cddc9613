/**
 * Finds things that look like a valid Swedish personnummer or samordningsnummer (date + Luhn
 * check digit) in free text: what must never appear in an e-mail, a log line or a URL.
 */
export function findPersonnummer(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?<!\d)(?:(?:19|20)?(\d{2}))(\d{2})(\d{2})[-+ ]?(\d{4})(?!\d)/g;
  for (const m of withoutRandomIds(text).matchAll(pattern)) {
    const [, yy, mm, dd, last4] = m;
    const month = Number(mm);
    const day = Number(dd) > 60 ? Number(dd) - 60 : Number(dd);
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    if (luhnValid(`${yy}${mm}${dd}${last4}`)) found.push(m[0]);
  }
  return found;
}

/**
 * The text with the ids machines make at random blanked: UUIDs (request ids, message ids) and long
 * hex strings (hashes). One random UUID in about 15,000 holds digits that pass as a personnummer
 * (`…a480930-1130…`), and a log holds hundreds of them: scanning them made the scan fail now and
 * then for nothing. No code of ours writes a person's number into such an id, and a caller's id that
 * holds one is refused before it reaches a line (`acceptedCorrelationId`).
 */
function withoutRandomIds(text: string): string {
  return text
    .replace(/(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])/gi, 'uuid')
    .replace(/(?<![0-9a-f])(?=[0-9a-f]*[a-f])[0-9a-f]{16,}(?![0-9a-f])/gi, 'hex');
}

function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}
