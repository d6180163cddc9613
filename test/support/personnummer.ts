/** A valid personnummer (`YYYYMMDD-NNNN`) for a birth date, with its Luhn check digit computed. */
export function personnummerFor(birthDate: string, serial = '238'): string {
  const digits = birthDate.replace(/-/g, '').slice(2) + serial;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  const check = (10 - (sum % 10)) % 10;
  return `${birthDate.replace(/-/g, '')}-${serial}${check}`;
}
