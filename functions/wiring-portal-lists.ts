import { portalCases } from './core/cases/portal-cases';
import { purgeLog } from './core/purge/purge-cases';
import { caseTimeReports } from './core/reports/time-reports';
import type { PersonalDataVault } from './core/kernel/personal-data';
import { env, municipalityConfig, stores, systemClock, ulidIds } from './wiring';

/** The same use cases for the routes that never open personal data (lists, the audit log, declining): no vault, no key. */
const noVault: PersonalDataVault = {
  seal: () => Promise.reject(new Error('This function does not seal personal data')),
  open: () => Promise.reject(new Error('This function does not open personal data')),
  sealText: () => Promise.reject(new Error('This function does not seal personal data')),
  openText: () => Promise.reject(new Error('This function does not open personal data')),
};
let withoutPersonalData: ReturnType<typeof portalCases> | undefined;
export function portalWithoutPersonalData(): ReturnType<typeof portalCases> {
  withoutPersonalData ??= portalCases({ ...stores(), vault: noVault, clock: systemClock, ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });
  return withoutPersonalData;
}

let reportsWithoutPersonalData: ReturnType<typeof caseTimeReports> | undefined;
/** The time reports' lists (a provider's open reports): no vault either. */
export function timeReportListsWithoutPersonalData(): ReturnType<typeof caseTimeReports> {
  reportsWithoutPersonalData ??= caseTimeReports({ ...stores(), vault: noVault, clock: systemClock, ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });
  return reportsWithoutPersonalData;
}

let log: ReturnType<typeof purgeLog> | undefined;
/** **Gallringslogg**: the table only (no vault, no bucket). */
export function purgeLogOf(): ReturnType<typeof purgeLog> {
  return (log ??= purgeLog({ purges: stores().purges, config: municipalityConfig }));
}
