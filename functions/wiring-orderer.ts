import { ordererAccess } from './core/access/orderer-access';
import { municipalityConfig, stores, systemClock, ulidIds } from './wiring';

/** The orderer's one-time codes and short sessions (no vault: nothing here opens personal data). */
let built: ReturnType<typeof ordererAccess> | undefined;
export function orderer(): ReturnType<typeof ordererAccess> {
  if (!built) {
    const s = stores();
    built = ordererAccess({ cases: s.cases, codes: s.ordererCodes, ordererSessions: s.ordererSessions, rates: s.rates, outbox: s.outbox, transactor: s.transactor, clock: systemClock, ids: ulidIds, config: municipalityConfig });
  }
  return built;
}

/** The local stack starts again in one process with other stores. */
export function resetOrderer(): void {
  built = undefined;
}
