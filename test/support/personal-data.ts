/**
 * Finds things that look like a valid Swedish personnummer or samordningsnummer (date + Luhn
 * check digit) in free text: what must never appear in an e-mail, a log line or a URL.
 */
export function findPersonnummer(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?<!\d)(?:(?:19|20)?(\d{2}))(\d{2})(\d{2})[-+ ]?(\d{4})(?!\d)/g;
  for (const m of text.matchAll(pattern)) {
    const [, yy, mm, dd, last4] = m;
    const month = Number(mm);
    const day = Number(dd) > 60 ? Number(dd) - 60 : Number(dd);
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    if (luhnValid(`${yy}${mm}${dd}${last4}`)) found.push(m[0]);
  }
  return found;
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
