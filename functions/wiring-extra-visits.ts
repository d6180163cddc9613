import { extraVisits } from './core/extras/extra-visits';
import { env, municipalityConfig, stores, systemClock, ulidIds } from './wiring';
import { personalDataVault } from './wiring-vault';

/** Extra visits: their reasons, questions and answers are sealed and opened (the vault, in these functions only). */
let built: ReturnType<typeof extraVisits> | undefined;
export function extraVisitUseCases(): ReturnType<typeof extraVisits> {
  built ??= extraVisits({ ...stores(), vault: personalDataVault(), clock: systemClock, ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });
  return built;
}

/** The local stack starts again in one process with other stores. */
export function resetExtraVisits(): void {
  built = undefined;
}
