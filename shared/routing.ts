import { INSATS_LABELS, type InsatsType } from './insatser';
import {
  districtForPostalCode,
  providerServesDistrict,
  providerServesInsats,
  type DistrictConfig,
  type MunicipalityConfig,
  type ProviderConfig,
  type TargetGroup,
} from './municipality';
import { ageOn, parsePersonIdentity } from './personnummer';

/** What routing needs to know about an order (no names, nothing else personal). */
export interface RoutableOrder {
  personnummer: string;
  postalCode: string;
  stayFrom: string;
  insatser: { type: InsatsType; scope: { amount: number; unit: string } }[];
  provider: { choice: 'none' } | { choice: 'chosen'; providerId: string };
}

export const TARGET_GROUP_LABELS: Record<TargetGroup, string> = {
  elderly: 'äldreomsorg',
  disability: 'funktionsnedsättning',
  social_psychiatry: 'beroende och socialpsykiatri',
};

/**
 * The target group of an order: an insats configured to decide it wins (e.g. boendestöd →
 * social psychiatry, whatever the age); otherwise the age from the personnummer on the stay's
 * first day (65 or older → elderly care).
 */
export function targetGroupFor(config: MunicipalityConfig, order: RoutableOrder): { group: TargetGroup; reason: string } {
  for (const insats of order.insatser) {
    const group = config.targetGroupRules.byInsats[insats.type];
    if (group) return { group, reason: `insatsen ${INSATS_LABELS[insats.type].toLowerCase()} → ${TARGET_GROUP_LABELS[group]}` };
  }
  const identity = parsePersonIdentity(order.personnummer);
  if (!identity) throw new Error('routing needs a valid personnummer');
  const age = ageOn(identity.birthDate, order.stayFrom);
  const group: TargetGroup = age >= config.targetGroupRules.elderlyFromAge ? 'elderly' : 'disability';
  return { group, reason: `${age} år vid vistelsens start → ${TARGET_GROUP_LABELS[group]}` };
}

/** The unit's active caseworkers who work in the district. */
function caseworkersOf(config: MunicipalityConfig, unitId: string, districtId: string) {
  return config.caseworkers.filter((c) => c.active && c.unitId === unitId && (c.districtIds === 'all' || c.districtIds.includes(districtId)));
}

/**
 * The caseworkers among whom `routeCaseworker` chooses by load for this order (none when the
 * order goes to the fallback queue, or to the district's only caseworker: no load decides then).
 */
export function caseworkerCandidates(config: MunicipalityConfig, order: RoutableOrder): string[] {
  const district = districtForPostalCode(config, order.postalCode);
  if (!district) return [];
  const unit = config.units.find((u) => u.targetGroup === targetGroupFor(config, order).group);
  const candidates = unit ? caseworkersOf(config, unit.id, district.id) : [];
  return candidates.length > 1 ? candidates.map((c) => c.id) : [];
}

/** A caseworker's current load, as the repository reports it. */
export interface CaseworkerLoad {
  openCases: number;
  /** When the caseworker last got a case (ISO); undefined if never. */
  lastAssignedAt?: string;
}

export type CaseworkerDecision =
  | { kind: 'caseworker'; caseworkerId: string; unitId: string; districtId: string; reason: string }
  | { kind: 'fallback'; unitId: string; districtId?: string; reason: string };

/**
 * Routes the order to a caseworker (routine step 3): unit by target group, caseworker by the stay
 * address's district among the unit's active caseworkers; ties go to the one with the fewest open
 * cases, then to the one who waited longest for a case (round robin). An order no rule matches
 * goes to the fallback queue, never dropped. The reason is kept with the case.
 */
export function routeCaseworker(
  config: MunicipalityConfig,
  order: RoutableOrder,
  loads: Record<string, CaseworkerLoad>,
): CaseworkerDecision {
  const fallbackUnit = config.units.find((u) => u.id === config.fallbackQueue.unitId)!;
  const district = districtForPostalCode(config, order.postalCode);
  if (!district) {
    return {
      kind: 'fallback',
      unitId: fallbackUnit.id,
      reason: `Postnummer ${order.postalCode} ligger inte i något distrikt → ${fallbackUnit.name} (fördelas manuellt)`,
    };
  }
  const target = targetGroupFor(config, order);
  const unit = config.units.find((u) => u.targetGroup === target.group);
  if (!unit) {
    return {
      kind: 'fallback',
      unitId: fallbackUnit.id,
      districtId: district.id,
      reason: `Postnummer ${order.postalCode} → ${district.name}; ${target.reason}, men ingen enhet har den målgruppen → ${fallbackUnit.name}`,
    };
  }
  const candidates = caseworkersOf(config, unit.id, district.id);
  const prefix = `Postnummer ${order.postalCode} → ${district.name}; ${target.reason} → ${unit.name}`;
  if (candidates.length === 0) {
    return {
      kind: 'fallback',
      unitId: fallbackUnit.id,
      districtId: district.id,
      reason: `${prefix}, men ingen aktiv handläggare där → ${fallbackUnit.name}`,
    };
  }
  const load = (id: string) => loads[id] ?? { openCases: 0 };
  const ranked = [...candidates].sort((a, b) => {
    const la = load(a.id);
    const lb = load(b.id);
    if (la.openCases !== lb.openCases) return la.openCases - lb.openCases;
    return (la.lastAssignedAt ?? '').localeCompare(lb.lastAssignedAt ?? '');
  });
  const chosen = ranked[0];
  const fewest = load(chosen.id).openCases;
  const tied = ranked.filter((c) => load(c.id).openCases === fewest).length;
  const why =
    candidates.length === 1
      ? 'enda handläggaren för distriktet'
      : tied > 1
        ? `färst öppna ärenden (${fewest}), delat med ${tied - 1} – längst sedan senaste ärendet`
        : `färst öppna ärenden (${fewest})`;
  return {
    kind: 'caseworker',
    caseworkerId: chosen.id,
    unitId: unit.id,
    districtId: district.id,
    reason: `${prefix} → ${chosen.name}, ${why}`,
  };
}

/** A provider's current load against its capacity cap. */
export interface ProviderLoad {
  clients: number;
  hoursPerMonth: number;
}

/** Hours per month an insats adds to a provider's load (for caps in hours). */
export function monthlyHours(scope: { amount: number; unit: string }): number {
  switch (scope.unit) {
    case 'hours_per_month':
      return scope.amount;
    case 'hours_per_week':
      return Math.round(((scope.amount * 52) / 12) * 100) / 100;
    default:
      return 0;
  }
}

/** Whether one more assignment of `hours` fits under the provider's cap. */
export function underCap(provider: ProviderConfig, load: ProviderLoad, hours: number): boolean {
  if (!provider.capacity) return true;
  if ('clients' in provider.capacity) return load.clients + 1 <= provider.capacity.clients;
  return load.hoursPerMonth + hours <= provider.capacity.hoursPerMonth;
}

/** Why a provider can't take this insats here, or undefined when it can. */
export function ineligibility(
  provider: ProviderConfig,
  district: DistrictConfig,
  type: InsatsType,
  load: ProviderLoad,
  hours: number,
): string | undefined {
  if (!providerServesInsats(provider, type)) return `${provider.name} utför inte ${INSATS_LABELS[type].toLowerCase()}`;
  if (!providerServesDistrict(provider, district.id)) return `${provider.name} arbetar inte i ${district.name}`;
  if (!provider.acceptsNewClients) return `${provider.name} tar inte emot nya kunder`;
  if (!underCap(provider, load, hours)) return `${provider.name} har nått sitt kapacitetstak`;
  return undefined;
}

/** The non-choice rotation's order of providers: the configured list, or alphabetical by name. */
export function rotationOrder(config: MunicipalityConfig): ProviderConfig[] {
  if (config.nonChoiceOrder === 'alphabetical') {
    return [...config.providers].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }
  return config.nonChoiceOrder.map((id) => config.providers.find((p) => p.id === id)!);
}

/** The rotation a turn is taken in: one per insats type and district. */
export function rotationKey(type: InsatsType, districtId: string): string {
  return `${type}#${districtId}`;
}

/**
 * The non-choice rotation (ickevalsalternativet): the `turn`-th assignment (1, 2, 3, …) in a
 * rotation goes to the next eligible provider in the configured order, wrapping around.
 */
export function nonChoiceRotation(eligibleInOrder: ProviderConfig[], turn: number): ProviderConfig | undefined {
  if (eligibleInOrder.length === 0) return undefined;
  return eligibleInOrder[(turn - 1) % eligibleInOrder.length];
}

export type ProviderDecision =
  | { kind: 'chosen'; providerId: string; reason: string }
  | { kind: 'rotation'; providerId: string; rotation: string; turn: number; reason: string }
  | { kind: 'needs_provider'; reason: string };

/** An insats that goes to the non-choice rotation: its next turn picks among `eligible`. */
export interface RotationNeed {
  kind: 'rotation';
  rotation: string;
  /** The providers that can take it, in the rotation's order. */
  eligible: ProviderConfig[];
  /** The decision's reason up to the turn, e.g. `Hemtjänst i Centrala Sundbyberg: `. */
  reasonStart: string;
}

/** Where an insats goes before any turn is drawn: decided (chosen provider, or none can), or the rotation. */
export type ProviderChoice = { kind: 'decided'; decision: ProviderDecision } | RotationNeed;

/**
 * Routes one insats to a provider (routine step 4), up to the rotation's turn: the chosen
 * provider when it serves the district and the insats, accepts new clients and is under its cap;
 * otherwise — and for "no choice" — the non-choice rotation among the eligible providers.
 */
export function providerChoice(
  config: MunicipalityConfig,
  input: {
    district: DistrictConfig | undefined;
    insats: { type: InsatsType; scope: { amount: number; unit: string } };
    choice: RoutableOrder['provider'];
    loads: Record<string, ProviderLoad>;
  },
): ProviderChoice {
  const { district, insats, choice, loads } = input;
  const label = INSATS_LABELS[insats.type];
  if (!district) {
    return {
      kind: 'decided',
      decision: { kind: 'needs_provider', reason: `${label}: adressen ligger inte i något distrikt, så ingen utförare kan väljas automatiskt` },
    };
  }
  const hours = monthlyHours(insats.scope);
  const load = (id: string) => loads[id] ?? { clients: 0, hoursPerMonth: 0 };
  let prefix = '';
  if (choice.choice === 'chosen') {
    const chosen = config.providers.find((p) => p.id === choice.providerId);
    if (chosen && providerServesInsats(chosen, insats.type)) {
      const why = ineligibility(chosen, district, insats.type, load(chosen.id), hours);
      if (!why) return { kind: 'decided', decision: { kind: 'chosen', providerId: chosen.id, reason: `${label}: vald utförare ${chosen.name}` } };
      prefix = `vald utförare kan inte ta uppdraget (${why}) → `;
    } else {
      prefix = chosen ? `vald utförare ${chosen.name} utför inte ${label.toLowerCase()} → ` : 'okänd vald utförare → ';
    }
  }
  const eligible = rotationOrder(config).filter((p) => !ineligibility(p, district, insats.type, load(p.id), hours));
  if (eligible.length === 0) {
    const reasons = rotationOrder(config)
      .filter((p) => providerServesInsats(p, insats.type))
      .map((p) => ineligibility(p, district, insats.type, load(p.id), hours))
      .filter(Boolean);
    return {
      kind: 'decided',
      decision: {
        kind: 'needs_provider',
        reason: `${label} i ${district.name}: ${prefix}ingen utförare kan ta uppdraget${reasons.length ? ` (${reasons.join('; ')})` : ''}`,
      },
    };
  }
  return { kind: 'rotation', rotation: rotationKey(insats.type, district.id), eligible, reasonStart: `${label} i ${district.name}: ${prefix}` };
}

/** The rotation's decision once its turn is drawn: turn `n` goes to the `n`-th eligible provider, wrapping around. */
export function rotationDecision(need: RotationNeed, turn: number): ProviderDecision {
  const provider = nonChoiceRotation(need.eligible, turn)!;
  return {
    kind: 'rotation',
    providerId: provider.id,
    rotation: need.rotation,
    turn,
    reason: `${need.reasonStart}ickevalsalternativet, tur ${turn} → ${provider.name}`,
  };
}

/**
 * Routes one insats to a provider: `providerChoice`, and when it goes to the rotation, its turn.
 * `takeTurn` draws the rotation's next turn number (an atomic counter in the store, or one drawn
 * ahead); it is only called when the rotation is used.
 */
export async function routeInsatsToProvider(
  config: MunicipalityConfig,
  input: Parameters<typeof providerChoice>[1] & { takeTurn: (rotation: string) => Promise<number> },
): Promise<ProviderDecision> {
  const choice = providerChoice(config, input);
  if (choice.kind === 'decided') return choice.decision;
  return rotationDecision(choice, await input.takeTurn(choice.rotation));
}

/**
 * A caseworker routing's reason without what it says of the person — the stay's postal code and
 * the age — as the purge keeps it: "Postnumret → Centrala; åldern vid vistelsens start → …".
 * The districts, units and caseworkers it names stay.
 */
export function reasonWithoutPerson(reason: string): string {
  return reason.replace(/Postnummer \d{3} ?\d{2}/g, 'Postnumret').replace(/\d+ år vid vistelsens start/g, 'åldern vid vistelsens start');
}
