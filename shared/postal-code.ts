/** A Swedish postal code written `NNN NN`: `17235` or `172 35` → `172 35`; anything else → undefined. */
export function normalizePostalCode(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const code = value.replace(/\s/g, '');
  return /^[1-9]\d{4}$/.test(code) ? `${code.slice(0, 3)} ${code.slice(3)}` : undefined;
}
