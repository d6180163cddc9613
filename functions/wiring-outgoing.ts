import { chaseOutgoingReports } from './core/outgoing/chase-outgoing-reports';
import { outgoingStays } from './core/outgoing/outgoing-stays';
import { env, municipalityConfig, stores, systemClock, ulidIds } from './wiring';
import { personalDataVault } from './wiring-vault';

/** Outgoing stays (we the home municipality): the person is sealed and opened here (the vault, in these functions only). */
let built: ReturnType<typeof outgoingStays> | undefined;
export function outgoingStayUseCases(): ReturnType<typeof outgoingStays> {
  built ??= outgoingStays({ ...stores(), vault: personalDataVault(), clock: systemClock, ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });
  return built;
}

/** The daily `chase-outgoing-reports` (no vault: it sends references only). */
let chaser: ReturnType<typeof chaseOutgoingReports> | undefined;
export function outgoingReportChaser(): ReturnType<typeof chaseOutgoingReports> {
  chaser ??= chaseOutgoingReports({ ...stores(), ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });
  return chaser;
}

/** The local stack starts again in one process with other stores. */
export function resetOutgoing(): void {
  built = undefined;
  chaser = undefined;
}
