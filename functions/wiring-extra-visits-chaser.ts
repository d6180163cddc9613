import { chaseExtraVisits } from './core/extras/chase-extra-visits';
import { env, municipalityConfig, stores, ulidIds } from './wiring';

/** The daily `chase-extra-visits`: no vault (it sends references only), so its function carries no encryption SDK. */
let chaser: ReturnType<typeof chaseExtraVisits> | undefined;
export function extraVisitChaser(): ReturnType<typeof chaseExtraVisits> {
  chaser ??= chaseExtraVisits({ ...stores(), ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });
  return chaser;
}

/** The local stack starts again in one process with other stores. */
export function resetExtraVisitChaser(): void {
  chaser = undefined;
}
