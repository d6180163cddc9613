import type { InsatsType } from '../../../shared/insatser';
import { choosableProviders, districtOfPostalCode, normalizePostalCode, type IntakeOptions } from '../../../shared/intake-options';
import type { OrderInput } from '../../../shared/order';

export function orderedTypes(options: IntakeOptions, insatser: unknown): InsatsType[] {
  if (!Array.isArray(insatser)) return [];
  const known = new Set<string>(options.insatsTypes.map((t) => t.type));
  const types = insatser.map((i) => (i as { type?: unknown } | undefined)?.type).filter((t): t is InsatsType => typeof t === 'string' && known.has(t));
  return [...new Set(types)];
}

export interface ProviderChoices {
  postalCode?: string;
  district?: IntakeOptions['districts'][number];
  types: InsatsType[];
  providers: ReturnType<typeof choosableProviders>;
}

/** What step 4 offers for the answers so far. */
export function providerChoices(options: IntakeOptions, postalCodeValue: unknown, insatser: unknown): ProviderChoices {
  const postalCode = normalizePostalCode(postalCodeValue);
  const types = orderedTypes(options, insatser);
  const district = districtOfPostalCode(options, postalCode);
  const providers = postalCode && district ? choosableProviders(options, postalCode, types) : [];
  return { postalCode, district, types, providers };
}

/**
 * A chosen provider that the answers no longer allow (the address or the insatser changed after
 * it was chosen, or it stopped taking new clients): the orderer must choose again.
 */
export function providerProblem(options: IntakeOptions, values: OrderInput): string | undefined {
  const provider = values.provider as OrderInput['provider'] | undefined;
  if (!provider || provider.choice !== 'chosen') return undefined;
  const { providers } = providerChoices(options, values.person?.stayAddress?.postalCode, values.decision?.insatser);
  const match = providers.find((p) => p.id === provider.providerId);
  if (match?.acceptsNewClients) return undefined;
  return 'Utföraren du valde kan inte väljas för den här adressen eller de här insatserna. Välj utförare igen.';
}
