import { closeStays, ordererCancels, ordererReportsStayEnd, type StayEndDeps } from './core/cases/stay-end';
import type { PersonalDataVault } from './core/kernel/personal-data';
import { env, municipalityConfig, stores, systemClock, ulidIds } from './wiring';
import { personalDataVault } from './wiring-vault';

/** Ending stays: the orderer's report and cancellation (its reason sealed), and the daily `close-stays`. */
function deps(): StayEndDeps & { clock: typeof systemClock; vault: PersonalDataVault } {
  return { ...stores(), vault: personalDataVault(), clock: systemClock, ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL };
}

let built: { ordererReportsStayEnd: ReturnType<typeof ordererReportsStayEnd>; ordererCancels: ReturnType<typeof ordererCancels>; closeStays: ReturnType<typeof closeStays> } | undefined;
export function stayEnds(): NonNullable<typeof built> {
  if (!built) {
    const d = deps();
    built = { ordererReportsStayEnd: ordererReportsStayEnd(d), ordererCancels: ordererCancels(d), closeStays: closeStays(d) };
  }
  return built;
}

/** The local stack starts again in one process with other stores. */
export function resetStayEnds(): void {
  built = undefined;
}
