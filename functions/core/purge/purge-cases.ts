import { addMonths, stockholmInstant, stockholmToday } from '../../../shared/dates';
import type { MunicipalityConfig } from '../../../shared/municipality';
import type { Principal } from '../access/principals';
import type { IdGenerator } from '../kernel/clock';
import { DomainError } from '../kernel/errors';
import { inParallel } from '../kernel/in-parallel';
import type { JobLocks } from '../kernel/job-lock';
import type { PurgeLogResponse } from '../../../shared/portal';
import { PURGED_KINDS, PurgeChangedError, type PurgeLogEntry, type PurgeObjectStorage, type PurgeStore } from './ports';

export interface PurgeDeps {
  purges: PurgeStore;
  storage: PurgeObjectStorage;
  jobLocks: JobLocks;
  ids: IdGenerator;
  config: MunicipalityConfig;
  /** How many due cases are read at a time (the run goes on until none is left). */
  pageSize?: number;
  /** How many cases are purged at once. */
  concurrency?: number;
}

export interface PurgeResult {
  /** Cases closed before this instant were due: the retention before the run's day. */
  closedBefore: string;
  purged: number;
  /** Purged by another run first, or no longer due. */
  skipped: number;
  /** Another run held the lease: this one did nothing. */
  anotherRunActive?: boolean;
}

/** A run may take Lambda's 15 minutes; the lease outlasts it. */
const LEASE_MS = 16 * 60_000;
/** A case that keeps changing while it is purged is left for the next run after this many tries. */
const ATTEMPTS = 3;

/**
 * The instant before which a case must have closed to be purged now: the start of the Stockholm
 * day `retentionMonthsAfterClosure` months before today. A case closed on 15 January 2025 is
 * purged by the first run on or after 16 January 2027, with 24 months' retention.
 */
export function purgeCutoff(config: MunicipalityConfig, now: Date): string {
  return stockholmInstant(addMonths(stockholmToday(now), -config.rules.retentionMonthsAfterClosure))!.toISOString();
}

/**
 * `purge`, daily (gallring, seed 000): from every case closed longer than the profile's retention,
 * the person's sealed fields, the messages and notes, the files (the objects too, every version),
 * the orderer's sessions and code, the time reports' free texts and the other free texts go; the
 * reference, the dates, the routing decision without the person and the billing figures stay, so
 * an invoice basis of a purged month is the same as before. Each case purged leaves an entry in
 * its unit's purge log. Found by a query on the purge index, never a scan; one run at a time (a
 * lease), and each case purged once however often or concurrently it runs.
 */
export const purgeCases =
  (deps: PurgeDeps) =>
  async (now: Date): Promise<PurgeResult> => {
    const result: PurgeResult = { closedBefore: purgeCutoff(deps.config, now), purged: 0, skipped: 0 };
    const run = deps.ids.next();
    if (!(await deps.jobLocks.acquire('purge', run, now, new Date(now.getTime() + LEASE_MS)))) return { ...result, anotherRunActive: true };
    try {
      const tried = new Set<string>();
      for (;;) {
        const due = (await deps.purges.due(result.closedBefore, deps.pageSize ?? 500)).filter((id) => !tried.has(id));
        if (due.length === 0) return result;
        await inParallel(due, deps.concurrency ?? 8, async (caseId) => {
          tried.add(caseId);
          if (await purgeCase(deps, caseId, now, run)) result.purged++;
          else result.skipped++;
        });
      }
    } finally {
      await deps.jobLocks.release('purge', run);
    }
  };

/**
 * Purges one case: its files' objects first, then the rest with its log entry. `false` when it was
 * purged by someone else first (or is not closed). Safe to run twice or concurrently.
 */
export async function purgeCase(deps: Pick<PurgeDeps, 'purges' | 'storage'>, caseId: string, now: Date, run: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const plan = await deps.purges.plan(caseId);
    if (!plan) return false;
    for (const key of plan.objectKeys) await deps.storage.removeEveryVersion(key);
    const entry: PurgeLogEntry = { caseId, reference: plan.reference, unitId: plan.unitId, closedAt: plan.closedAt, purgedAt: now.toISOString(), run, purged: plan.purged };
    try {
      return await deps.purges.commit(plan, entry);
    } catch (error) {
      if (!(error instanceof PurgeChangedError) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/** The kinds of data a purge deletes, as the purge log names them. */
export const PURGED_KIND_LABELS: Record<(typeof PURGED_KINDS)[number], string> = {
  personalData: 'Personuppgifter (personen och beslutets texter)',
  messages: 'Meddelanden och anteckningar',
  attachments: 'Bifogade filer (alla versioner)',
  ordererAccess: 'Beställarens inloggningar och engångskod',
  reportTexts: 'Tidrapporternas fritexter',
  freeTexts: 'Skäl och andra fritexter',
  notifications: 'Utskick (mottagarnas adresser)',
};

/** How many entries the log shows (newest first). */
const LOG_ENTRIES = 1000;

/** **Gallringslogg**: the purge log of the unit head's own unit, newest first; for unit heads only. */
export const purgeLog =
  (deps: Pick<PurgeDeps, 'purges' | 'config'>) =>
  async (who: Principal): Promise<PurgeLogResponse> => {
    if (who.role !== 'unit_head') throw new DomainError(403, 'forbidden', 'Gallringsloggen kan bara läsas av enhetschefer.');
    const entries = await deps.purges.log(who.unitId, LOG_ENTRIES);
    return {
      unitName: deps.config.units.find((u) => u.id === who.unitId)?.name ?? who.unitId,
      retentionMonths: deps.config.rules.retentionMonthsAfterClosure,
      entries: entries.map((e) => ({
        reference: e.reference,
        closedAt: e.closedAt,
        purgedAt: e.purgedAt,
        kinds: PURGED_KINDS.filter((k) => e.purged[k] > 0).map((kind) => ({ kind, label: PURGED_KIND_LABELS[kind], count: e.purged[kind] })),
      })),
    };
  };
