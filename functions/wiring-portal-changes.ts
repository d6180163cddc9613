import { portalChanges } from './core/cases/change-order';
import { env, municipalityConfig, stores, systemClock, ulidIds } from './wiring';
import { personalDataVault } from './wiring-vault';

/** **Ändra beställningen** in the portal: it opens the current decision text and seals the new one (the vault, in this function only). */
let built: ReturnType<typeof portalChanges> | undefined;
export function portalChange(): ReturnType<typeof portalChanges> {
  built ??= portalChanges({ ...stores(), vault: personalDataVault(), clock: systemClock, ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });
  return built;
}

/** The local stack starts again in one process with other stores. */
export function resetPortalChange(): void {
  built = undefined;
}
