/**
 * The single table's keys: the only module that spells them (`CASE#`, `OUTBOX#`, …). An access
 * pattern changes here or nowhere; lint refuses a key prefix anywhere else.
 */

/** Outbox items live in their case's partition, so a case's notifications and their status read together. */
export const OUTBOX_SK_PREFIX = 'OUTBOX#';
const CASE_PK_PREFIX = 'CASE#';

export const keys = {
  case: (caseId: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: 'META' }),
  /** The case's place in the stay-end index while its stay runs (the case item's own place holds the completion reminder). */
  stayEnd: (caseId: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: 'STAY_END' }),
  /** The case's place in the purge index once it is closed (sorted by when it closed), until it is purged. */
  purge: (caseId: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: 'PURGE' }),
  /** A pointer in the case's partition to each session its orderer opened, so that the purge finds them. */
  ordererSessionOfCase: (caseId: string, idHash: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `${ORDERER_SESSION_SK_PREFIX}${idHash}` }),
  /** The purge log of a unit (its unit head reads it): one entry per case purged, by when. */
  purgeLog: (unitId: string, at: string, caseId: string) => ({ pk: purgeLogPartition(unitId), sk: `${at}#${caseId}` }),
  /** A version of the case's order, once it has been changed (the first too, as it was). */
  orderVersion: (caseId: string, version: number) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `${ORDER_VERSION_SK_PREFIX}${String(version).padStart(4, '0')}` }),
  assignment: (caseId: string, insatsType: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `ASSIGNMENT#${insatsType}` }),
  outbox: (caseId: string, id: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `${OUTBOX_SK_PREFIX}${id}` }),
  caseEvent: (caseId: string, id: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `EVENT#${id}` }),
  /** A case's audit log has a partition of its own: reading the case does not read its log. */
  audit: (caseId: string, id: string) => ({ pk: `AUDIT#${caseId}`, sk: id }),
  caseReference: (reference: string) => ({ pk: `CASEREF#${reference}`, sk: 'CASEREF' }),
  /** Every counter (case-reference series, rotation turns), one attribute each. */
  counters: () => ({ pk: 'COUNTERS', sk: 'COUNTERS' }),
  idempotency: (keyHash: string) => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' }),
  session: (idHash: string) => ({ pk: `SESSION#${idHash}`, sk: 'SESSION' }),
  loginAttempt: (state: string) => ({ pk: `LOGIN#${state}`, sk: 'LOGIN' }),
  caseworkerLoad: (caseworkerId: string) => ({ pk: `CASEWORKER#${caseworkerId}`, sk: 'LOAD' }),
  providerLoad: (providerId: string) => ({ pk: `PROVIDER#${providerId}`, sk: 'LOAD' }),
  rotationTurn: (rotation: string, turn: number) => ({ pk: `ROTATION#${rotation}`, sk: `TURN#${String(turn).padStart(8, '0')}` }),
  /** A case's messages, files, receipts, seen counts and notices live in its partition, each kind under its own prefix. */
  message: (caseId: string, id: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `${MESSAGE_SK_PREFIX}${id}` }),
  attachment: (caseId: string, id: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `${ATTACHMENT_SK_PREFIX}${id}` }),
  receipt: (caseId: string, subjectId: string, emailHash: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `${RECEIPT_SK_PREFIX}${subjectId}#${emailHash}` }),
  seen: (caseId: string, emailHash: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `${SEEN_SK_PREFIX}${emailHash}` }),
  messageNotice: (caseId: string, addressHash: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `${NOTICE_SK_PREFIX}${addressHash}` }),
  /** The one live one-time code of a case's orderer. */
  ordererCode: (caseId: string) => ({ pk: `ORDERERCODE#${caseId}`, sk: 'CODE' }),
  ordererSession: (idHash: string) => ({ pk: `ORDERERSESSION#${idHash}`, sk: 'SESSION' }),
  /** A case's expected time report of an assignment's month, and its submitted versions. */
  timeReport: (caseId: string, insatsType: string, month: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `${TIMEREPORT_SK_PREFIX}#${insatsType}#${month}` }),
  timeReportVersion: (caseId: string, insatsType: string, month: string, version: number) => ({
    pk: `${CASE_PK_PREFIX}${caseId}`,
    sk: `${TIMEREPORT_SK_PREFIX}VERSION#${insatsType}#${month}#${String(version).padStart(4, '0')}`,
  }),
  /** A charge of the case besides its reports (the late cancellation's fee, an approved extra visit), by its id. */
  charge: (caseId: string, id: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `CHARGE#${id}` }),
  /** An extra visit a provider registered, in its case's partition. */
  extraVisit: (caseId: string, id: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `${EXTRA_VISIT_SK_PREFIX}${id}` }),
  /** An **Överenskommelse om extrainsats** on the case. */
  extraAgreement: (caseId: string, id: string) => ({ pk: `${CASE_PK_PREFIX}${caseId}`, sk: `${EXTRA_AGREEMENT_SK_PREFIX}${id}` }),
  /** An outgoing stay (we the home municipality): its own partition, the stay and its expected reports. */
  outgoingStay: (id: string) => ({ pk: `${OUTGOING_PK_PREFIX}${id}`, sk: 'STAY' }),
  outgoingReport: (id: string, insatsType: string, month: string) => ({ pk: `${OUTGOING_PK_PREFIX}${id}`, sk: `${OUTGOING_REPORT_SK_PREFIX}${insatsType}#${month}` }),
  outgoingReference: (reference: string) => ({ pk: `OUTGOINGREF#${reference}`, sk: 'OUTGOINGREF' }),
  /** A scheduled job's lease (one run at a time). */
  jobLock: (job: string) => ({ pk: `JOBLOCK#${job}`, sk: 'LOCK' }),
  /** A fixed window's count of something limited (codes sent to an address, wrong codes for a case). */
  rateWindow: (name: string, windowStart: string) => ({ pk: `RATE#${name}`, sk: windowStart }),
};

export const MESSAGE_SK_PREFIX = 'MESSAGE#';
export const OUTGOING_PK_PREFIX = 'OUTGOING#';
export const OUTGOING_REPORT_SK_PREFIX = 'REPORT#';
export const EXTRA_VISIT_SK_PREFIX = 'EXTRAVISIT#';
export const EXTRA_AGREEMENT_SK_PREFIX = 'EXTRAAGREEMENT#';
export const ORDER_VERSION_SK_PREFIX = 'ORDERVERSION#';
export const ORDERER_SESSION_SK_PREFIX = 'ORDERERSESSION#';
/** The purge log's partitions, one per unit. */
export const purgeLogPartition = (unitId: string) => `PURGELOG#${unitId}`;
/** The orderer session an item of the case's partition points to. */
export const ordererSessionOfPointer = (sk: string) => keys.ordererSession(sk.slice(ORDERER_SESSION_SK_PREFIX.length));
/** Both a case's time reports and their versions begin with it (one query reads them together). */
export const TIMEREPORT_SK_PREFIX = 'TIMEREPORT';
export const ATTACHMENT_SK_PREFIX = 'ATTACHMENT#';
export const RECEIPT_SK_PREFIX = 'RECEIPT#';
export const SEEN_SK_PREFIX = 'SEEN#';
export const NOTICE_SK_PREFIX = 'NOTICE#';

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

/** The case an item's partition key names (the due index projects keys only). */
export function caseIdOfKeys(item: { pk: unknown }): string {
  return String(item.pk).slice(CASE_PK_PREFIX.length);
}

/** The assignment an item's keys name (the due index projects keys only). */
export function assignmentRefOfKeys(item: { pk: unknown; sk: unknown }): { caseId: string; insatsType: string } {
  return { caseId: String(item.pk).slice(CASE_PK_PREFIX.length), insatsType: String(item.sk).slice('ASSIGNMENT#'.length) };
}

/** The outbox message an item's keys name (the due index projects keys only). */
export function outboxRefOfKeys(item: { pk: unknown; sk: unknown }): { caseId: string; id: string } {
  return { caseId: String(item.pk).slice(CASE_PK_PREFIX.length), id: String(item.sk).slice(OUTBOX_SK_PREFIX.length) };
}

/**
 * The sparse index of what needs a look at a given time: notifications (retry, expired claim,
 * safety net) and unconfirmed assignments (the one-day chaser's next step), each in its partition.
 */
export const DUE_INDEX = {
  name: 'gsi1',
  partitionKey: 'gsi1pk',
  sortKey: 'gsi1sk',
  duePartition: 'OUTBOX_DUE',
  /** Mails failed for good (dead-lettered), by when: what an operator re-drives. */
  deadLetterPartition: 'OUTBOX_FAILED',
  confirmationPartition: 'CONFIRMATION_DUE',
  /** Confirmed assignments by the instant the start chaser looks whether they have started. */
  startPartition: 'START_DUE',
  /** Open cases by their stay's last day (`YYYY-MM-DD`), on the case's `STAY_END` item, until the stay is ended. */
  stayEndPartition: 'STAY_END_DUE',
  /** Cases waiting for a completion by the instant the orderer is reminded (on the case item). */
  completionPartition: 'COMPLETION_DUE',
  /** Closed cases by when they closed (an instant), on the case's `PURGE` item, until purged. */
  purgePartition: 'PURGE_DUE',
  /** Questions about extra visits by the date (`YYYY-MM-DD`) their answer is due, until answered or reminded. */
  extraQuestionPartition: 'EXTRA_QUESTION_DUE',
  /** Outgoing stays' expected reports by the date (`YYYY-MM-DD`) their next chase step is due. */
  outgoingReportPartition: 'OUTGOING_REPORT_DUE',
  /** Expected time reports by the date (`YYYY-MM-DD`) their next chase step is due. */
  timeReportPartition: 'TIMEREPORT_DUE',
} as const;

/**
 * The sparse index of staff's lists: a case by its unit (`UNIT#<id>`, on the case item), an
 * assignment by its provider once sent (`PROVIDER#<id>`, on the assignment item); newest first by
 * the sort key (when received or sent).
 */
export const INBOX_INDEX = {
  name: 'gsi2',
  partitionKey: 'gsi2pk',
  sortKey: 'gsi2sk',
  unit: (unitId: string) => `UNIT#${unitId}`,
  provider: (providerId: string) => `PROVIDER#${providerId}`,
  /** A unit's outgoing stays, by when registered. */
  outgoingOfUnit: (unitId: string) => `OUTGOING_UNIT#${unitId}`,
  /** Time reports whose chase mail is owed (a step taken, its mail not yet queued). */
  timeReportNotices: 'TIMEREPORT_NOTICE',
} as const;

/** The sparse index of every case by when it was received (the officials' lists). */
export const ALL_CASES_INDEX = {
  name: 'gsi3',
  partitionKey: 'gsi3pk',
  sortKey: 'gsi3sk',
  partition: 'CASES',
  /** The approved time reports of a month (the invoice basis), by home municipality and case. */
  approvedReports: (month: string) => `APPROVED_REPORTS#${month}`,
  /** A unit's extra visits still to be decided, by when they were registered. */
  undecidedExtras: (unitId: string) => `EXTRAS_UNDECIDED#${unitId}`,
  /** The charges of a month besides the reports (a late cancellation's fee), by case. */
  charges: (month: string) => `CHARGES#${month}`,
  /** A provider's reports not yet approved (to send, sent, returned), by due date. */
  openReports: (providerId: string) => `OPEN_REPORTS#${providerId}`,
} as const;

/** The attribute DynamoDB's time to live reads (epoch seconds). */
export const TTL_ATTRIBUTE = 'expiresAt';
