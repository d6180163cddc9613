/**
 * Gallring: what is deleted from a case closed longer than the profile's retention, and the log
 * its unit head reads. Kept: the reference, the dates, the routing decision without the person,
 * the billing figures (the expected time reports and their approved quantities), the audit log.
 */

import { ConflictError } from '../kernel/errors';

/** Nothing more can be said or attached in a purged case (its conversations are gone). */
export class CasePurgedError extends ConflictError {
  constructor() {
    super('Ärendet är gallrat: det går inte längre att skriva, bifoga filer eller logga in i det.');
  }
}

/** What a purge deleted of one case, by kind: how many of each (0 when the case had none). */
export interface PurgedData {
  /** The person's sealed fields (the person, the decision's texts). */
  personalData: number;
  /** Messages and notes of its conversations, with their receipts, seen counts and notices. */
  messages: number;
  /** Files: their records, and their objects in storage (every version). */
  attachments: number;
  /** The orderer's sessions and one-time code. */
  ordererAccess: number;
  /** Time report versions whose free texts (extras' reasons, comments, the review's comment) went. */
  reportTexts: number;
  /** Other free texts: decline reasons, a cancellation's reason. */
  freeTexts: number;
  /** The mails sent about the case (their addresses). */
  notifications: number;
}

export const PURGED_KINDS = ['personalData', 'messages', 'attachments', 'ordererAccess', 'reportTexts', 'freeTexts', 'notifications'] as const satisfies readonly (keyof PurgedData)[];

/** One case purged, as its unit head reads it in the purge log. */
export interface PurgeLogEntry {
  caseId: string;
  reference: string;
  unitId: string;
  closedAt: string;
  purgedAt: string;
  /** The run that purged it (one id per run of the job). */
  run: string;
  purged: PurgedData;
}

/**
 * What a purge of one case will delete, read from the case as it is now: the objects to remove
 * from storage, what the log will say, and the writes (opaque to the use case) that do the rest.
 */
export interface PurgePlan {
  caseId: string;
  reference: string;
  unitId: string;
  closedAt: string;
  objectKeys: string[];
  purged: PurgedData;
}

/** The case changed while it was being purged (a message came in): plan it again. */
export class PurgeChangedError extends Error {
  constructor() {
    super('The case changed while it was being purged');
    this.name = 'PurgeChangedError';
  }
}

export interface PurgeStore {
  /** Closed cases not yet purged that closed before `closedBefore` (an instant), earliest first: a query on the purge index, never a scan. */
  due(closedBefore: string, limit: number): Promise<string[]>;
  /** What purging the case deletes; `undefined` when it is not closed or already purged. */
  plan(caseId: string): Promise<PurgePlan | undefined>;
  /**
   * Deletes what the plan found and writes the log entry, the case leaving the purge index in the
   * same transaction: `false` when someone else purged it first; `PurgeChangedError` when the
   * case changed since the plan (nothing of the last step written: plan again). Parts of a large
   * case may be deleted before that last step; doing them again does no harm.
   */
  commit(plan: PurgePlan, entry: PurgeLogEntry): Promise<boolean>;
  /** The unit's purge log, newest first. */
  log(unitId: string, limit: number): Promise<PurgeLogEntry[]>;
}

/** Object storage as the purge needs it. */
export interface PurgeObjectStorage {
  /** The object and every earlier version of it (a versioned bucket keeps them): none is left. */
  removeEveryVersion(key: string): Promise<void>;
}
