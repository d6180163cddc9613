import { purgeCases, type PurgeDeps } from './core/purge/purge-cases';
import { municipalityConfig, stores, ulidIds } from './wiring';
import { attachmentStorage } from './wiring-s3';

/** Gallring: the table's purge store, the attachments' bucket (every version), no vault (nothing is opened, only deleted). */
export function purgeDeps(): PurgeDeps {
  const s = stores();
  return { purges: s.purges, jobLocks: s.jobLocks, storage: attachmentStorage(), ids: ulidIds, config: municipalityConfig };
}

let built: ReturnType<typeof purgeCases> | undefined;
/** The daily `purge`. */
export function purge(): ReturnType<typeof purgeCases> {
  return (built ??= purgeCases(purgeDeps()));
}

/** The local stack starts again in one process with other stores. */
export function resetPurge(): void {
  built = undefined;
}
