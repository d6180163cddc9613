import type { MunicipalityConfig } from '../../../shared/municipality';

/** What a person does in Vistelse, in the field's words (`shared/api.ts`). */
export { ROLE_LABELS, type Role } from '../../../shared/api';

/** A person logged in to the portal, with what binds them to cases: their unit or their provider. */
export type Principal =
  | { role: 'caseworker'; email: string; name: string; caseworkerId: string; unitId: string }
  | { role: 'unit_head'; email: string; name: string; unitId: string }
  | { role: 'provider'; email: string; name: string; providerId: string }
  | { role: 'economy' | 'fees' | 'system_admin'; email: string; name: string };

/**
 * Who an e-mail address (as the identity provider vouches for it) is in this municipality, from
 * its configuration ("who logs in"): a caseworker (an inactive one may not log in), a unit head,
 * a provider's staff member or one of the officials behind the mailboxes. `undefined` for anyone
 * else — they have no portal.
 */
export function principalFor(config: MunicipalityConfig, email: string): Principal | undefined {
  const is = (other: string) => other.toLowerCase() === email.trim().toLowerCase();
  const caseworker = config.caseworkers.find((c) => is(c.email));
  if (caseworker) {
    return caseworker.active ? { role: 'caseworker', email: caseworker.email, name: caseworker.name, caseworkerId: caseworker.id, unitId: caseworker.unitId } : undefined;
  }
  const unit = config.units.find((u) => is(u.head.email));
  if (unit) return { role: 'unit_head', email: unit.head.email, name: unit.head.name, unitId: unit.id };
  for (const provider of config.providers) {
    const staff = provider.staff.find((s) => is(s.email));
    if (staff) return { role: 'provider', email: staff.email, name: staff.name, providerId: provider.id };
  }
  const officials = [
    ['economy', config.officials.economyAssistants],
    ['fees', config.officials.feeAdministrators],
    ['system_admin', config.officials.systemAdministrators],
  ] as const;
  for (const [role, people] of officials) {
    const official = people.find((p) => is(p.email));
    if (official) return { role, email: official.email, name: official.name };
  }
  return undefined;
}

/** Every person who may log in, as the local identity provider's accounts and the README list them. */
export function portalUsers(config: MunicipalityConfig): { principal: Principal; organisation: string }[] {
  const emails = [
    ...config.caseworkers.filter((c) => c.active).map((c) => c.email),
    ...config.units.map((u) => u.head.email),
    ...config.providers.flatMap((p) => p.staff.map((s) => s.email)),
    ...config.officials.economyAssistants.map((o) => o.email),
    ...config.officials.feeAdministrators.map((o) => o.email),
    ...config.officials.systemAdministrators.map((o) => o.email),
  ];
  return emails.map((email) => {
    const principal = principalFor(config, email)!;
    return { principal, organisation: organisationOf(config, principal) };
  });
}

/** Where a person works: their unit, their provider, or (the officials) the municipality. */
export function organisationOf(config: MunicipalityConfig, principal: Principal): string {
  if ('unitId' in principal) return config.units.find((u) => u.id === principal.unitId)!.name;
  if ('providerId' in principal) return config.providers.find((p) => p.id === principal.providerId)!.name;
  return config.municipality.name;
}
