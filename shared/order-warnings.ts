import type { OrderWarning } from './api';
import { addDays, addMonths, daysBetween, type IsoDate } from './dates';
import { normalizePostalCode } from './postal-code';

export type { OrderWarning };

export interface OrderWarningRules {
  today: IsoDate;
  /** The stay municipality's lead time for planned orders, in calendar days. */
  leadTimeDays: number;
  /** The longest stay the profile expects, in months (default six). */
  maxStayMonths?: number;
}

/** Our municipality's postal codes (its districts' ranges), for the stay address's warning. */
export interface OurArea {
  municipalityName: string;
  postalCodes: readonly { from: string; to: string }[];
}

/**
 * Issue 19: a stay address whose postal code is none of ours. Not a refusal — the fallback queue
 * takes the case, and its caseworker sees the routing's reason — but the orderer is asked to check.
 */
export function addressWarning(postalCode: unknown, area: OurArea): OrderWarning | undefined {
  const code = normalizePostalCode(postalCode);
  if (!code || area.postalCodes.length === 0 || area.postalCodes.some((r) => r.from <= code && code <= r.to)) return undefined;
  return {
    code: 'address_outside',
    path: 'person.stayAddress.postalCode',
    message: `Adressen ligger inte i ${area.municipalityName}: postnummer ${code} hör inte till kommunen. Kontrollera adressen — beställningen tas ändå emot och fördelas av oss.`,
  };
}

/**
 * The same check on the caseworker's case page (**Att kontrollera i beställningen**): the orderer
 * was warned but could send anyway, so the caseworker is asked to check the address.
 */
export function addressCheckForCaseworker(postalCode: unknown, area: OurArea): string | undefined {
  if (!addressWarning(postalCode, area)) return undefined;
  return `Vistelseadressen ligger inte i ${area.municipalityName}: postnummer ${normalizePostalCode(postalCode)} hör inte till något av kommunens distrikt. Kontrollera adressen med beställaren.`;
}

/** Our municipality's area as the checks of an order need it: its name and its districts' postal codes. */
export function ourAreaOf(config: { municipality: { name: string }; districts: readonly { postalCodes: readonly { from: string; to: string }[] }[] }): OurArea {
  return { municipalityName: config.municipality.name, postalCodes: config.districts.flatMap((d) => d.postalCodes) };
}

/**
 * What the orderer should know but that does not stop the order: a start sooner than the lead
 * time (acute orders exist), a stay longer than the six months a temporary stay usually lasts,
 * and (given our area) a stay address outside the municipality.
 */
export function orderWarnings(
  stay: { from: IsoDate; to: IsoDate; acute?: boolean },
  rules: OrderWarningRules,
  address?: { postalCode: unknown; area: OurArea },
): OrderWarning[] {
  const warnings: OrderWarning[] = [];
  const outside = address ? addressWarning(address.postalCode, address.area) : undefined;
  if (outside) warnings.push(outside);
  const daysAhead = daysBetween(rules.today, stay.from);
  if (stay.from < addDays(rules.today, rules.leadTimeDays)) {
    warnings.push({
      code: 'short_lead_time',
      path: 'stay.from',
      message:
        daysAhead < 0
          ? `Vistelsen har redan börjat. Vi behöver normalt ${rules.leadTimeDays} dagar för att planera insatserna; ring gärna oss också om behovet är akut.`
          : `Vistelsen börjar om ${daysAhead} ${daysAhead === 1 ? 'dag' : 'dagar'}. Vi behöver normalt ${rules.leadTimeDays} dagar för att planera insatserna${stay.acute ? '' : '; markera beställningen som akut om den är det'}.`,
    });
  }
  const months = rules.maxStayMonths ?? 6;
  if (stay.to > addMonths(stay.from, months)) {
    warnings.push({
      code: 'long_stay',
      path: 'stay.to',
      message: `Vistelsen är längre än ${months === 6 ? 'sex' : months} månader. En tillfällig vistelse är normalt högst ${months === 6 ? 'sex' : months} månader; kontrollera datumen.`,
    });
  }
  return warnings;
}

const PER_WORDS: Record<string, string> = { hour: 'timme', visit: 'besök', day: 'dag', month: 'månad' };
const kronor = (n: number) => `${n.toLocaleString('sv-SE').replace(/\u00a0/g, ' ')} kr`;

/**
 * The insatser's warnings: a rate outside the profile's plausible range for its period, and two
 * insatser of one type in one order. Like a long stay, the orderer confirms them before sending.
 */
export function insatsWarnings(
  insatser: readonly { type?: unknown; rate?: { amountSek?: unknown; per?: unknown } }[],
  plausibleRates: Readonly<Record<string, { minSek: number; maxSek: number }>>,
): OrderWarning[] {
  const warnings: OrderWarning[] = [];
  insatser.forEach((insats, i) => {
    const amount = insats.rate?.amountSek;
    const per = typeof insats.rate?.per === 'string' ? insats.rate.per : undefined;
    const range = per ? plausibleRates[per] : undefined;
    if (typeof amount === 'number' && Number.isFinite(amount) && range && (amount < range.minSek || amount > range.maxSek)) {
      warnings.push({
        code: 'rate_implausible',
        path: `decision.insatser.${i}.rate.amountSek`,
        message: `Priset ${kronor(amount)} per ${PER_WORDS[per!] ?? per} för insats ${i + 1} är ovanligt (vanligen ${kronor(range.minSek)}–${kronor(range.maxSek)}). Kontrollera beloppet och perioden.`,
      });
    }
  });
  const seen = new Map<unknown, number>();
  insatser.forEach((insats, i) => {
    if (typeof insats.type !== 'string' || insats.type === '') return;
    const first = seen.get(insats.type);
    if (first === undefined) seen.set(insats.type, i);
    else
      warnings.push({
        code: 'duplicate_insats',
        path: `decision.insatser.${i}.type`,
        message: `Insats ${i + 1} är av samma slag som insats ${first + 1}. Lägg ihop dem om det är samma insats; annars kontrollera.`,
      });
  });
  return warnings;
}
