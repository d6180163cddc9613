/**
 * The single table's keys: the only module that spells them (`CASE#`, `OUTBOX#`, …). An access
 * pattern changes here or nowhere; lint refuses a key prefix anywhere else.
 */

/** Outbox items live in their case's partition, so a case's notifications and their status read together. */
export const OUTBOX_SK_PREFIX = 'OUTBOX#';
const CASE_PK_PREFIX = 'CASE#';

export const keys = {
  case: (caseId: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: 'META' }),
  assignment: (caseId: string, insatsType: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `ASSIGNMENT#${insatsType}` }),
  outbox: (caseId: string, id: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `${OUTBOX_SK_PREFIX}${id}` }),
  caseEvent: (caseId: string, id: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `EVENT#${id}` }),
  caseReference: (reference: string) => ({ pk: `CASEREF#${reference}`, sk: 'CASEREF' }),
  /** Every counter (case-reference series, rotation turns), one attribute each. */
  counters: () => ({ pk: 'COUNTERS', sk: 'COUNTERS' }),
  idempotency: (keyHash: string) => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' }),
  session: (idHash: string) => ({ pk: `SESSION#${idHash}`, sk: 'SESSION' }),
  loginAttempt: (state: string) => ({ pk: `LOGIN#${state}`, sk: 'LOGIN' }),
  caseworkerLoad: (caseworkerId: string) => ({ pk: `CASEWORKER#${caseworkerId}`, sk: 'LOAD' }),
  providerLoad: (providerId: string) => ({ pk: `PROVIDER#${providerId}`, sk: 'LOAD' }),
  rotationTurn: (rotation: string, turn: number) => ({ pk: `ROTATION#${rotation}`, sk: `TURN#${String(turn).padStart(8, '0')}` }),
};

/**
 * Where counters were kept before they became attributes of one item (until 2026-12): one item
 * per year's reference series, one per rotation. Read once by `migrateLegacyCounters`.
 */
export const legacyCounterKeys = {
  caseReferencePartition: 'COUNTER#case-reference',
  yearSk: (year: number) => `YEAR#${year}`,
  yearOf: (sk: string) => Number(sk.slice('YEAR#'.length)),
  rotationPartitionPrefix: 'ROTATION#',
  rotationCounterSk: 'COUNTER',
  rotationOf: (pk: string) => pk.slice('ROTATION#'.length),
};

export type ItemKey = { pk: string; sk: string };

/** The outbox message an item's keys name (the due index projects keys only). */
export function outboxRefOfKeys(item: { pk: unknown; sk: unknown }): { caseId: string; id: string } {
  return { caseId: String(item.pk).slice(CASE_PK_PREFIX.length), id: String(item.sk).slice(OUTBOX_SK_PREFIX.length) };
}

/** The sparse index of notifications that need a look at a given time (retry, expired claim, safety net). */
export const DUE_INDEX = { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', duePartition: 'OUTBOX_DUE' } as const;

/** The attribute DynamoDB's time to live reads (epoch seconds). */
export const TTL_ATTRIBUTE = 'expiresAt';
