/** Facts about the service that the pages quote. */
export const SITE = {
  serviceName: 'Beställ insatser vid tillfällig vistelse',
  municipality: 'Sundbyberg (demo)',
  accessibilityEmail: 'tillganglighet@sundbyberg.example',
  /** When the accessibility statement was written and last reviewed. */
  statementDate: '2026-11-23',
} as const;

/** `Steg 2 av 5: Personen – Beställ insatser vid tillfällig vistelse` */
export function pageTitle(title: string) {
  return `${title} – ${SITE.serviceName}`;
}
