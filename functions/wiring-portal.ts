import { portalCases } from './core/cases/portal-cases';
import { env, municipalityConfig, stores, systemClock, ulidIds } from './wiring';
import { personalDataVault } from './wiring-vault';

/** The portal's use cases on the real stores and vault, built once per cold start. */
let built: ReturnType<typeof portalCases> | undefined;
export function portal(): ReturnType<typeof portalCases> {
  built ??= portalCases({ ...stores(), vault: personalDataVault(), clock: systemClock, ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });
  return built;
}
