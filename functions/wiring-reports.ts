import { caseTimeReports } from './core/reports/time-reports';
import { env, municipalityConfig, stores, systemClock, ulidIds } from './wiring';
import { personalDataVault } from './wiring-vault';

/** The time reports' use cases: the vault (the extras' reasons and the comments are sealed). */
let built: ReturnType<typeof caseTimeReports> | undefined;
export function timeReports(): ReturnType<typeof caseTimeReports> {
  built ??= caseTimeReports({ ...stores(), vault: personalDataVault(), clock: systemClock, ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });
  return built;
}

/** The local stack starts again in one process with other stores. */
export function resetTimeReports(): void {
  built = undefined;
}
