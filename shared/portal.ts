import * as z from 'zod/mini';
import './zod-sv';
import { ROLES } from './api';
import { isIsoDate } from './dates';
import { INSATS_TYPES } from './insatser';

/**
 * The staff portal's requests and answers, as zod schemas: the portal's forms and its API parse
 * the same requests, and the local stack checks every answer against the answer schemas.
 */

const text = (max: number, required: string) => z.string({ error: required }).check(z.trim(), z.minLength(1, required), z.maxLength(max, `Högst ${max} tecken`));
const isoDate = (message: string) => z.string({ error: message }).check(z.trim(), z.refine(isIsoDate, message));
const phone = z
  .string({ error: 'Ange ett telefonnummer' })
  .check(z.trim(), z.minLength(1, 'Ange ett telefonnummer'), z.maxLength(20, 'Högst 20 tecken'), z.regex(/^\+?[0-9][0-9 ()-]{4,}$/, 'Ange ett telefonnummer med siffror, t.ex. 08-123 456 78'));

/** **Bekräfta uppdraget**: when the help starts, and who to reach at the provider. */
export const confirmAssignmentSchema = z.strictObject({
  startDate: isoDate('Ange startdatum (ÅÅÅÅ-MM-DD)'),
  contactName: text(100, 'Ange kontaktperson'),
  contactPhone: phone,
  /** The version of the order the provider read (`orderVersion` of the case page): a change made since is refused (409), to be read first. */
  orderVersion: z.optional(z.number().check(z.int(), z.gte(1))),
});
export type ConfirmAssignment = z.infer<typeof confirmAssignmentSchema>;

/**
 * **Insatsen har startat** (for the safety alarm **Larmet är installerat**): the day the help began
 * (the alarm was installed). Within the stay and not in the future: the use case checks both.
 */
export const recordStartSchema = z.strictObject({ startedOn: isoDate('Ange datum (ÅÅÅÅ-MM-DD)') });
export type RecordStart = z.infer<typeof recordStartSchema>;

/** **Begär komplettering**: what the order lacks (**Vad saknas**), written to the orderer in the case's conversation. */
export const requestCompletionSchema = z.strictObject({ missing: text(4000, 'Skriv vad som saknas') });
export type RequestCompletion = z.infer<typeof requestCompletionSchema>;

/** **Bekräfta ändringen**: the version of the order the provider read and confirms. */
export const confirmChangeSchema = z.strictObject({ version: z.number({ error: 'Ange vilken version som bekräftas' }).check(z.int(), z.gte(1)) });
export type ConfirmChange = z.infer<typeof confirmChangeSchema>;

/** **Vistelsen har avslutats**: the stay's last day (within the stay, not in the future: the use case checks both). */
export const reportStayEndSchema = z.strictObject({ endedOn: isoDate('Ange datum (ÅÅÅÅ-MM-DD)') });
export type ReportStayEnd = z.infer<typeof reportStayEndSchema>;

/** **Avbryt beställningen** with **Skäl** (the orderer or the caseworker). */
export const cancelOrderSchema = z.strictObject({ reason: text(2000, 'Ange skäl') });
export type CancelOrder = z.infer<typeof cancelOrderSchema>;

/** **Avböj uppdraget**: with the reason (**Skäl**). */
export const declineAssignmentSchema = z.strictObject({ reason: text(1000, 'Ange skäl') });

/** **Enhetschefen är informerad**: which unit head was told, and when. */
export const releaseAssignmentSchema = z.strictObject({
  unitHeadName: text(100, 'Ange vilken enhetschef som informerades'),
  toldAt: z.iso.datetime({ offset: true, error: 'Ange när enhetschefen informerades' }),
});

/** The unit head gives a case to one of the unit's caseworkers. */
export const reassignCaseSchema = z.strictObject({ caseworkerId: text(60, 'Välj handläggare') });

export const INBOX_FILTERS = ['all', 'new', 'awaiting_completion', 'awaiting_confirmation', 'active', 'closed'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

export const CASE_PHASES = ['new', 'awaiting_completion', 'awaiting_confirmation', 'active', 'closed'] as const;
export type CasePhase = (typeof CASE_PHASES)[number];

const assignmentStatus = z.enum(['held', 'sent', 'confirmed', 'needs_provider', 'removed']);
const insatsType = z.enum(INSATS_TYPES);

/** A row of an inbox: no personal data, the reference names the case. */
export const inboxRowSchema = z.object({
  reference: z.string(),
  receivedAt: z.string(),
  phase: z.enum(CASE_PHASES),
  /** An assignment sent and not confirmed within the provider's day. */
  overdue: z.boolean(),
  protectedIdentity: z.boolean(),
  homeMunicipality: z.string(),
  stay: z.object({ from: z.string(), to: z.string() }),
  /** Whose the case is: the caseworker's name, or the unit's queue. */
  handler: z.string(),
  assignments: z.array(z.object({ insatsType, label: z.string(), providerName: z.optional(z.string()), status: assignmentStatus, statusLabel: z.string() })),
  registered: z.boolean(),
  /** An acute order (`stay.acute`): first in the inbox, and said so in words (**Akut**). */
  acute: z.boolean(),
  /** An insats of the case (of this reader's) started, or has still not started, past its deadline: **Start försenad**. */
  startLate: z.boolean(),
  /** Messages in the case this person has not read. */
  unread: z.number(),
  /** Time reports submitted and waiting for reconciliation (for the case's caseworker and unit head). */
  reportsToReview: z.number(),
});
export type InboxRow = z.infer<typeof inboxRowSchema>;

export const inboxSchema = z.object({
  role: z.enum(ROLES),
  filter: z.enum(INBOX_FILTERS),
  counts: z.record(z.enum(INBOX_FILTERS), z.number()),
  rows: z.array(inboxRowSchema),
  /** The list in pages of `size` (its `total` rows under the filter): this is page `number` of `pages`. */
  page: z.object({ number: z.number(), pages: z.number(), size: z.number(), total: z.number() }),
});
export type Inbox = z.infer<typeof inboxSchema>;

/** Rows on one page of the inbox. */
export const INBOX_PAGE_SIZE = 500;

const personSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  personnummer: z.string(),
  stayAddress: z.optional(z.object({ street: z.string(), postalCode: z.string(), city: z.string() })),
  phone: z.optional(z.string()),
  relatives: z.optional(z.array(z.object({ name: z.string(), relation: z.string(), phone: z.string() }))),
  housing: z.optional(z.string()),
  socialSituation: z.optional(z.string()),
  disability: z.optional(z.string()),
  abilities: z.optional(z.string()),
});

export const caseAssignmentSchema = z.object({
  insatsType,
  label: z.string(),
  providerId: z.optional(z.string()),
  providerName: z.optional(z.string()),
  status: assignmentStatus,
  statusLabel: z.string(),
  /** Why this provider (or none): the routing decision's reason. */
  reason: z.optional(z.string()),
  sentAt: z.optional(z.string()),
  confirmBy: z.optional(z.string()),
  overdue: z.boolean(),
  /** The provider's confirmation; its contact details for those who work with the case, not for billing. */
  confirmation: z.optional(z.object({ startDate: z.string(), contactName: z.optional(z.string()), contactPhone: z.optional(z.string()), confirmedAt: z.string() })),
  declines: z.optional(z.array(z.object({ providerName: z.string(), reason: z.string(), at: z.string() }))),
  /**
   * The start of a confirmed insats: its deadline (from the rule for its type, `rule` in words),
   * the day it started once recorded, and whether it is late (**Start försenad**).
   * `alarm`: the safety alarm, whose start is its installation (**Larmet är installerat**).
   */
  start: z.optional(z.object({ deadline: z.string(), rule: z.string(), startedOn: z.optional(z.string()), late: z.boolean(), alarm: z.boolean() })),
  /** A change of the order its provider is to confirm (**Bekräfta ändringen**): the version, when, and what changed for this insats. */
  pendingChange: z.optional(z.object({ version: z.number(), at: z.string(), lines: z.array(z.string()) })),
  /** The last change its provider confirmed. */
  changeConfirmed: z.optional(z.object({ version: z.number(), at: z.string() })),
  /** A change took the insats out of the order (the assignment ended then). */
  removedAt: z.optional(z.string()),
  /** What this person may do with the assignment now. */
  actions: z.object({ release: z.boolean(), confirm: z.boolean(), decline: z.boolean(), recordStart: z.boolean(), confirmChange: z.boolean() }),
});

/** An insats of a version of the order as the case page shows it. */
const shownInsatsSchema = z.object({
  type: insatsType,
  label: z.string(),
  description: z.optional(z.string()),
  scope: z.object({ amount: z.number(), unit: z.string(), label: z.string() }),
  rate: z.optional(z.object({ amountSek: z.number(), per: z.string(), label: z.string() })),
});

/**
 * **Ändringar**: each version of a changed order — who changed it, when, the lines of what
 * changed — with the stay and the insatser as that version had them (earlier versions readable).
 */
export const orderChangeSchema = z.object({
  version: z.number(),
  at: z.string(),
  by: z.string(),
  lines: z.array(z.string()),
  stay: z.object({ from: z.string(), to: z.string() }),
  insatser: z.array(shownInsatsSchema),
});
export type OrderChangeShown = z.infer<typeof orderChangeSchema>;

/**
 * A case as one person may see it (`view`): the whole case with personal data (caseworker, unit
 * head), the provider's own assignments with what carrying them out needs, the billing view (no
 * personal data), or the registration task (identity and reference).
 */
export const caseResponseSchema = z.object({
  reference: z.string(),
  /**
   * What the order was warned of, for the caseworker to check: a stay address outside our districts
   * (the orderer was warned; nothing to confirm, so no `confirmed`), and what the orderer had to
   * confirm before sending (a long stay, an unusual rate, an insats twice) with whether they did.
   */
  checks: z.optional(z.array(z.object({ code: z.string(), message: z.string(), confirmed: z.optional(z.boolean()) }))),
  view: z.enum(['case', 'assignments', 'billing', 'registration']),
  receivedAt: z.string(),
  phase: z.enum(CASE_PHASES),
  protectedIdentity: z.boolean(),
  homeMunicipality: z.object({ code: z.string(), name: z.string() }),
  stay: z.object({ from: z.string(), to: z.string(), acute: z.boolean() }),
  orderer: z.optional(z.object({ name: z.string(), email: z.string(), phone: z.string(), unit: z.string() })),
  billing: z.optional(z.object({ address: z.string(), reference: z.string() })),
  person: z.optional(personSchema),
  decision: z.optional(
    z.object({
      decidedOn: z.string(),
      goal: z.optional(z.string()),
      insatser: z.array(shownInsatsSchema),
    }),
  ),
  /** The order's version (1 until it is first changed); a change or a confirmation names the version it was made on. */
  orderVersion: z.number(),
  /** **Ändringar** (for those who work with the whole case): every version, the first first; none before the first change. */
  changes: z.optional(z.array(orderChangeSchema)),
  /** How **Ändra beställningen** may change the stay: `fromLocked` once the stay has begun or a provider has confirmed a start. */
  changeRules: z.optional(z.object({ fromLocked: z.boolean() })),
  routing: z.optional(z.object({ handler: z.string(), unitName: z.string(), reason: z.string() })),
  assignments: z.array(caseAssignmentSchema),
  timeline: z.optional(z.array(z.object({ at: z.string(), text: z.string() }))),
  registered: z.optional(z.object({ at: z.string(), by: z.string() })),
  /**
   * The latest completion request (for those who work with the case): asked when, by whom, the
   * reminder's day, answered when. `waiting`: not yet answered (**Väntar på komplettering**).
   */
  completion: z.optional(z.object({ requestedAt: z.string(), requestedBy: z.string(), remindAt: z.string(), remindedAt: z.optional(z.string()), answeredAt: z.optional(z.string()), waiting: z.boolean() })),
  /** The stay ended: its last day, and who said so (or the end date). Shown to everyone who sees the case. */
  ended: z.optional(z.object({ endedOn: z.string(), reportedAt: z.string(), by: z.string(), cancelled: z.optional(z.object({ late: z.boolean(), reason: z.optional(z.string()) })) })),
  closedAt: z.optional(z.string()),
  /** **Gallrat**: when the person's data, the messages and the files were purged (the retention after closure had run). */
  purgedAt: z.optional(z.string()),
  /** Handling time so far in days, the time waiting for completions left out; `paused` while waiting. */
  handlingTime: z.optional(z.object({ days: z.number(), paused: z.boolean() })),
  actions: z.object({ reassign: z.boolean(), viewAudit: z.boolean(), markRegistered: z.boolean(), requestCompletion: z.boolean(), reportStayEnd: z.boolean(), cancel: z.boolean(), change: z.boolean() }),
  /** The unit's active caseworkers, for the unit head's reassignment. */
  caseworkers: z.optional(z.array(z.object({ id: z.string(), name: z.string() }))),
});
export type CaseResponse = z.infer<typeof caseResponseSchema>;

export const auditLogSchema = z.object({
  reference: z.string(),
  entries: z.array(z.object({ at: z.string(), name: z.string(), email: z.string(), role: z.string(), what: z.array(z.string()), view: z.string() })),
});
export type AuditLogResponse = z.infer<typeof auditLogSchema>;

/**
 * **Gallringslogg** (the unit head's): each case of the unit purged, newest first — its reference,
 * when it closed and was purged, and what kinds of data went, in words with how many of each.
 */
export const purgeLogSchema = z.object({
  unitName: z.string(),
  retentionMonths: z.number(),
  entries: z.array(
    z.object({
      reference: z.string(),
      closedAt: z.string(),
      purgedAt: z.string(),
      kinds: z.array(z.object({ kind: z.string(), label: z.string(), count: z.number() })),
    }),
  ),
});
export type PurgeLogResponse = z.infer<typeof purgeLogSchema>;

/** What **Ändra beställningen** answers: done, and the order's new version (the page reads the case again). */
export const changeResultSchema = z.object({ done: z.string(), orderVersion: z.number() });

/** What a portal action answers: done, and the case as it is now. */
export const actionResultSchema = z.object({ done: z.string(), case: caseResponseSchema });

/** After declining, the provider no longer sees the case: only what was done. */
export const declinedSchema = z.object({ done: z.string() });
