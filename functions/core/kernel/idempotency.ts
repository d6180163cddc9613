import { createHash } from 'node:crypto';
import type { IdGenerator } from './clock';
import { DomainError } from './errors';
import type { PreparedWrite } from './transaction';

/**
 * Idempotent writes: a client sends an `Idempotency-Key` with a request that changes something,
 * and may send the same request again (a lost answer, a double click) without changing it twice.
 * The mechanics are the same for every write (an order today, the portal's confirmations next):
 *
 * 1. the key is claimed with one conditional write **before** anything is drawn or written, so a
 *    parallel duplicate is told to come back (409, `Retry-After`) instead of drawing a case number
 *    of its own;
 * 2. the work's own transaction turns the claim into the stored answer (`complete`), only if the
 *    claim is still this request's;
 * 3. a retry gets the stored answer; the same key with another body is refused (422);
 * 4. a request that dies leaves its claim to expire (`IDEMPOTENCY_CLAIM_MS`), then a retry takes it
 *    over; a request that fails before writing frees the key at once.
 */

/** The completed answer to a keyed request, as a retry gets it back. */
export interface IdempotencyRecord<Answer = unknown> {
  keyHash: string;
  /** What the request said (its body, canonical), so that a reused key with another body is caught. */
  requestHash: string;
  statusCode: number;
  response: Answer;
  createdAt: string;
}

/** A request holding a key while it works. */
export interface IdempotencyClaim {
  keyHash: string;
  requestHash: string;
  /** Who holds the claim: only this request may complete or release it. */
  token: string;
  claimedUntil: string;
}

export type IdempotencyClaimResult =
  | { kind: 'claimed' }
  | { kind: 'completed'; record: IdempotencyRecord }
  | { kind: 'in_progress'; requestHash: string; claimedUntil: string };

/** This request no longer holds the key's claim (it expired and another request took it over). */
export class IdempotencyConflict extends Error {
  constructor() {
    super('The idempotency claim is no longer held by this request');
    this.name = 'IdempotencyConflict';
  }
}

/** Where keys, their claims and their answers are kept. */
export interface IdempotencyStore {
  /**
   * Claims the key (one conditional write): `claimed` when it was free or its earlier holder's
   * claim has expired; otherwise what is there, completed or still in progress.
   */
  claim(claim: IdempotencyClaim, now: Date): Promise<IdempotencyClaimResult>;
  /** Gives up a claim this request holds (its work failed before anything was stored). */
  release(keyHash: string, token: string): Promise<void>;
  /** The completed answer stored for the key, if any (claims in progress are not answers). */
  find(keyHash: string): Promise<IdempotencyRecord | undefined>;
  /**
   * Turns this request's claim into the stored answer, as part of the work's transaction; the
   * transaction fails with `IdempotencyConflict` when the claim is no longer this request's.
   */
  complete(record: IdempotencyRecord & { token: string }): PreparedWrite;
}

/**
 * How long a request holds its key while it works: well beyond the functions' 10 s timeout, so a
 * live request is never taken over; a dead one's key frees after it.
 */
export const IDEMPOTENCY_CLAIM_MS = 30_000;

/** What a parallel duplicate is told: the first request normally finishes well within a second. */
const RETRY_IN_PROGRESS_AFTER_SECONDS = 1;

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

export class InvalidIdempotencyKeyError extends DomainError {
  constructor() {
    super(400, 'invalid_idempotency_key', 'Idempotency-Key måste vara 8–128 tecken: bokstäver, siffror, "-", "_", ":" eller ".".', [
      { path: 'headers.idempotency-key', message: 'Ogiltig nyckel' },
    ]);
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor(what: string) {
    super(422, 'idempotency_key_reused', `Idempotency-Key har redan använts för en annan ${what}. Använd en ny nyckel för en ny ${what}.`);
  }
}

export class RequestInProgressError extends DomainError {
  constructor(what: string, retryAfterSeconds = RETRY_IN_PROGRESS_AFTER_SECONDS) {
    super(
      409,
      'request_in_progress',
      `En ${what} med samma Idempotency-Key behandlas just nu. Vänta en stund och skicka samma ${what} igen, så får du svaret.`,
      undefined,
      { 'retry-after': String(retryAfterSeconds) },
    );
  }
}

/** An answer, and whether it is the stored first answer to a retried request. */
export interface IdempotentOutcome<Answer> {
  statusCode: number;
  answer: Answer;
  replayed: boolean;
}

/** Makes the completion of a keyed request part of the work's transaction (nothing without a key). */
export type CompleteWith<Answer> = (statusCode: number, answer: Answer) => PreparedWrite[];

export interface IdempotentRequest<Answer> {
  /** Whether the client sent a key (without one, every request is new). */
  readonly keyed: boolean;
  /**
   * The stored answer to an earlier request with this key and body, if there is one: a retry of
   * an accepted request is answered even if the request would no longer pass (its stay has since
   * started), and bad input is never stored. Throws `IdempotencyKeyReusedError` for another body.
   */
  earlierAnswer(): Promise<IdempotentOutcome<Answer> | undefined>;
  /**
   * Runs `work` once for this key. `alongside` is work that does not depend on the claim (reads):
   * it runs together with the claim, and its result is handed to `work`, which must commit
   * `complete(...)` in its own transaction. A duplicate of a request in progress is refused with
   * `RequestInProgressError` (409), a completed one gets its answer, another body under the key
   * `IdempotencyKeyReusedError` (422).
   */
  run<Ready>(options: {
    now: Date;
    alongside: () => Promise<Ready>;
    work: (ready: Ready, complete: CompleteWith<Answer>) => Promise<{ statusCode: number; answer: Answer }>;
  }): Promise<IdempotentOutcome<Answer>>;
}

/**
 * Idempotent requests of one kind (`scope`, e.g. `order`): a key is unique within its scope, and
 * `what` names the request in the messages a client gets ("beställning").
 */
export function idempotentRequests<Answer>(deps: {
  store: IdempotencyStore;
  ids: IdGenerator;
  scope: string;
  what: string;
  claimMs?: number;
}) {
  const claimMs = deps.claimMs ?? IDEMPOTENCY_CLAIM_MS;

  /** Starts handling one request: a malformed key is refused here (400), before anything is read. */
  return (key: string | undefined, body: unknown): IdempotentRequest<Answer> => {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw new InvalidIdempotencyKeyError();
    const keyHash = key === undefined ? undefined : sha256(`${deps.scope}:${key}`);
    let bodyHash: string | undefined;
    const requestHash = () => (bodyHash ??= sha256(canonicalJson(body, 0)));

    const replay = (record: IdempotencyRecord): IdempotentOutcome<Answer> => {
      if (record.requestHash !== requestHash()) throw new IdempotencyKeyReusedError(deps.what);
      return { statusCode: record.statusCode, answer: record.response as Answer, replayed: true };
    };

    return {
      keyed: keyHash !== undefined,

      async earlierAnswer() {
        const earlier = keyHash ? await deps.store.find(keyHash) : undefined;
        return earlier ? replay(earlier) : undefined;
      },

      async run({ now, alongside, work }) {
        if (!keyHash) {
          const { statusCode, answer } = await work(await alongside(), () => []);
          return { statusCode, answer, replayed: false };
        }
        const claim: IdempotencyClaim = {
          keyHash,
          requestHash: requestHash(),
          token: deps.ids.next(),
          claimedUntil: new Date(now.getTime() + claimMs).toISOString(),
        };
        const [claimed, ready] = await Promise.allSettled([deps.store.claim(claim, now), alongside()]);
        if (claimed.status === 'rejected') throw claimed.reason;
        if (claimed.value.kind === 'completed') return replay(claimed.value.record);
        if (claimed.value.kind === 'in_progress') {
          if (claimed.value.requestHash !== claim.requestHash) throw new IdempotencyKeyReusedError(deps.what);
          throw new RequestInProgressError(deps.what);
        }
        try {
          if (ready.status === 'rejected') throw ready.reason;
          const complete: CompleteWith<Answer> = (statusCode, answer) => [
            deps.store.complete({ keyHash, token: claim.token, requestHash: claim.requestHash, statusCode, response: answer, createdAt: now.toISOString() }),
          ];
          const { statusCode, answer } = await work(ready.value, complete);
          return { statusCode, answer, replayed: false };
        } catch (error) {
          // Lost the claim to a takeover: the other request's answer (or its progress) is the answer.
          if (error instanceof IdempotencyConflict) {
            const winner = await deps.store.find(keyHash);
            if (winner) return replay(winner);
            throw new RequestInProgressError(deps.what);
          }
          // Free the key at once rather than make the client wait out the claim. Safe even when the
          // write did commit before the error (a lost answer): it completed the claim, which the
          // release then leaves alone.
          await deps.store.release(keyHash, claim.token).catch(() => undefined);
          throw error;
        }
      },
    };
  };
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

const MAX_DEPTH = 16;

/**
 * What makes two requests "the same": the body as JSON with object keys sorted, so that a retry
 * with reordered keys matches. A body nested deeper than any request is never equal to one.
 */
function canonicalJson(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) return '"(too deep)"';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], depth + 1)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
