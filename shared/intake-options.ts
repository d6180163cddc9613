import { INSATS_LABELS, INSATS_TYPES, RATE_PERIODS, RATE_PERIOD_LABELS, SCOPE_UNITS, SCOPE_UNIT_LABELS, type InsatsType } from './insatser';
import type { IntakeOptions } from './api';
import type { MunicipalityConfig } from './municipality';
import { normalizePostalCode } from './postal-code';

export { normalizePostalCode };

export type { IntakeOptions };

/** Builds the intake options from the municipality configuration (no e-mail addresses, no caps). */
export function intakeOptions(config: MunicipalityConfig): IntakeOptions {
  return {
    municipality: { code: config.municipality.code, name: config.municipality.name },
    rules: { leadTimeDays: config.rules.leadTimeDays, pastGraceDays: config.rules.pastGraceDays, orderChecks: config.rules.orderChecks },
    insatsTypes: INSATS_TYPES.map((type) => ({ type, label: INSATS_LABELS[type] })),
    scopeUnits: SCOPE_UNITS.map((unit) => ({ unit, label: SCOPE_UNIT_LABELS[unit] })),
    ratePeriods: RATE_PERIODS.map((per) => ({ per, label: RATE_PERIOD_LABELS[per] })),
    districts: config.districts.map((d) => ({ id: d.id, name: d.name, postalCodes: d.postalCodes })),
    providers: [...config.providers]
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'))
      .map((p) => ({
        id: p.id,
        name: p.name,
        kind: p.kind,
        insatser: p.insatser,
        districts: p.districtIds,
        postalCodes:
          p.districtIds === 'all'
            ? config.districts.flatMap((d) => d.postalCodes)
            : config.districts.filter((d) => p.districtIds.includes(d.id)).flatMap((d) => d.postalCodes),
        acceptsNewClients: p.acceptsNewClients,
      })),
  };
}

/** The district (as the options describe it) whose postal-code ranges hold `postalCode`. */
export function districtOfPostalCode(options: IntakeOptions, postalCode: unknown) {
  const normalized = normalizePostalCode(postalCode);
  if (!normalized) return undefined;
  return options.districts.find((d) => d.postalCodes.some((r) => r.from <= normalized && normalized <= r.to));
}

/**
 * The providers the orderer may choose between for a stay address and the insatser ordered:
 * those serving the address's district and at least one of the insatser. Works on the options
 * (the form's view), so the browser needs no configuration of its own.
 */
export function choosableProviders(options: IntakeOptions, postalCode: string, insatser: InsatsType[]) {
  const district = districtOfPostalCode(options, postalCode);
  if (!district) return [];
  return options.providers
    .filter((p) => p.districts === 'all' || p.districts.includes(district.id))
    .map((p) => ({ ...p, servesOrdered: insatser.filter((t) => p.insatser.includes(t)) }))
    .filter((p) => p.servesOrdered.length > 0);
}
