import { chaseOutgoingReports } from './core/outgoing/chase-outgoing-reports';
import { outgoingStayList } from './core/outgoing/outgoing-list';
import { outgoingStore } from './wiring-outgoing-store';
import { env, municipalityConfig, stores, systemClock, ulidIds } from './wiring';

/**
 * What of the outgoing stays needs no personal data — the daily `chase-outgoing-reports` (it sends
 * references only) and the inbox's list — wired without the vault, so their functions carry no
 * encryption SDK.
 */
let chaser: ReturnType<typeof chaseOutgoingReports> | undefined;
export function outgoingReportChaser(): ReturnType<typeof chaseOutgoingReports> {
  chaser ??= chaseOutgoingReports({ ...stores(), outgoing: outgoingStore(), ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });
  return chaser;
}

let list: ReturnType<typeof outgoingStayList> | undefined;
export function outgoingList(): ReturnType<typeof outgoingStayList> {
  list ??= outgoingStayList({ ...stores(), outgoing: outgoingStore(), clock: systemClock });
  return list;
}

/** The local stack starts again in one process with other stores. */
export function resetOutgoingLight(): void {
  chaser = undefined;
  list = undefined;
}
