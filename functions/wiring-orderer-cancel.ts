import { ordererCancels } from './core/cases/stay-end';
import { stayEndDeps } from './wiring-stay-end';
import { personalDataVault } from './wiring-vault';

/** The orderer's **Avbryt beställningen**: its reason is sealed (the vault, in this function only). */
let built: ReturnType<typeof ordererCancels> | undefined;
export function ordererCancel(): ReturnType<typeof ordererCancels> {
  built ??= ordererCancels({ ...stayEndDeps(), vault: personalDataVault() });
  return built;
}

/** The local stack starts again in one process with other stores. */
export function resetOrdererCancel(): void {
  built = undefined;
}
