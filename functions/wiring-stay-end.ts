import { closeStays, ordererReportsStayEnd, type StayEndDeps } from './core/cases/stay-end';
import { env, municipalityConfig, stores, systemClock, ulidIds } from './wiring';

/** Ending stays (no vault: nothing here seals or opens personal data): the orderer's report and the daily `close-stays`. */
export function stayEndDeps(): StayEndDeps & { clock: typeof systemClock } {
  return { ...stores(), clock: systemClock, ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL };
}

let built: { ordererReportsStayEnd: ReturnType<typeof ordererReportsStayEnd>; closeStays: ReturnType<typeof closeStays> } | undefined;
export function stayEnds(): NonNullable<typeof built> {
  if (!built) {
    const d = stayEndDeps();
    built = { ordererReportsStayEnd: ordererReportsStayEnd(d), closeStays: closeStays(d) };
  }
  return built;
}

/** The local stack starts again in one process with other stores. */
export function resetStayEnds(): void {
  built = undefined;
}
