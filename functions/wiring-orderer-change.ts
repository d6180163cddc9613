import { ordererChangesOrder } from './core/cases/change-order';
import { env, municipalityConfig, stores, systemClock, ulidIds } from './wiring';
import { personalDataVault } from './wiring-vault';

/** The orderer's **Ändra beställningen**: it opens the current decision text and seals the new one (the vault, in this function only). */
let built: ReturnType<typeof ordererChangesOrder> | undefined;
export function ordererChange(): ReturnType<typeof ordererChangesOrder> {
  built ??= ordererChangesOrder({ ...stores(), vault: personalDataVault(), clock: systemClock, ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });
  return built;
}

/** The local stack starts again in one process with other stores. */
export function resetOrdererChange(): void {
  built = undefined;
}
