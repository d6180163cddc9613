import { outgoingStays } from './core/outgoing/outgoing-stays';
import { outgoingStore } from './wiring-outgoing-store';
import { env, municipalityConfig, stores, systemClock, ulidIds } from './wiring';
import { personalDataVault } from './wiring-vault';

/** Outgoing stays (we the home municipality): the person is sealed and opened here (the vault, in these functions only). */
let built: ReturnType<typeof outgoingStays> | undefined;
export function outgoingStayUseCases(): ReturnType<typeof outgoingStays> {
  built ??= outgoingStays({ ...stores(), outgoing: outgoingStore(), vault: personalDataVault(), clock: systemClock, ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });
  return built;
}

/** The local stack starts again in one process with other stores. */
export function resetOutgoing(): void {
  built = undefined;
}
