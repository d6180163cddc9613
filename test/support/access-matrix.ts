import { addDays } from '../../shared/dates';
import { personnummerFor } from './personnummer';
import { exampleOrder } from './order-fixture';

/**
 * The access matrix: every role × case kind × action, with the answer each must get — one table,
 * run against the use cases (in memory) and through HTTP (the real stack, logged in through the
 * local identity provider). A state-changing action is sent with an invalid body: `400` means the
 * person may do it (it got as far as checking the input), `409` that they may but the case is not in
 * that state, `403` that they see the case but may not, `404` that for them the case does not exist.
 */

export type CaseKind = 'ordinary' | 'otherUnit' | 'protectedHeld' | 'protectedReleased';
export const CASE_KINDS: CaseKind[] = ['ordinary', 'otherUnit', 'protectedHeld', 'protectedReleased'];

/** The people, relative to the elderly-care cases (`otherUnit` is the disability unit's). */
export type Actor =
  | 'assigned'
  | 'colleague'
  | 'otherUnitCaseworker'
  | 'unitHead'
  | 'otherUnitHead'
  | 'homeCareProvider'
  | 'alarmProvider'
  | 'uninvolvedProvider'
  | 'economy'
  | 'fees'
  | 'systemAdmin';

export type Action =
  | 'list'
  | 'read'
  | 'personalData'
  | 'confirm'
  | 'decline'
  | 'start'
  | 'release'
  | 'reassign'
  | 'audit'
  | 'completion'
  | 'stayEnd'
  | 'cancel'
  | 'change'
  | 'confirmChange'
  | 'extraVisits'
  | 'registerExtra'
  | 'reviewExtra'
  | 'answerExtra'
  | 'agreeExtra';
export const ACTIONS: Action[] = ['list', 'read', 'personalData', 'confirm', 'decline', 'start', 'release', 'reassign', 'audit', 'completion', 'stayEnd', 'cancel', 'change', 'confirmChange', 'extraVisits', 'registerExtra', 'reviewExtra', 'answerExtra', 'agreeExtra'];

type Row = Record<Action, boolean | number>;
const hidden: Row = {
  list: false,
  read: 404,
  personalData: false,
  confirm: 404,
  decline: 404,
  start: 404,
  release: 404,
  reassign: 404,
  audit: 404,
  completion: 404,
  stayEnd: 404,
  cancel: 404,
  change: 404,
  confirmChange: 404,
  extraVisits: 404,
  registerExtra: 404,
  reviewExtra: 404,
  answerExtra: 404,
  agreeExtra: 404,
};
const sees = (personalData: boolean, actions: Partial<Row> = {}): Row => ({
  list: true,
  read: 200,
  personalData,
  confirm: 403,
  decline: 403,
  start: 403,
  release: 403,
  reassign: 403,
  audit: 403,
  completion: 403,
  stayEnd: 403,
  cancel: 403,
  change: 403,
  confirmChange: 403,
  extraVisits: 403,
  registerExtra: 403,
  reviewExtra: 403,
  answerExtra: 403,
  agreeExtra: 403,
  ...actions,
});
/** Who works with the case reads its extra visits; its caseworker and unit head review them and record agreements; its providers register and answer. */
const staff = { extraVisits: 200 };
const reviewer = { extraVisits: 200, reviewExtra: 400, agreeExtra: 400 };
const provider = { extraVisits: 200, registerExtra: 400, answerExtra: 400 };

/**
 * For the elderly-care cases `assigned` is the case's own caseworker and `colleague` another in
 * the unit, `unitHead` the unit's head; for the disability unit's case (`otherUnit`) the same
 * people are outsiders, and `otherUnitCaseworker` / `otherUnitHead` are that case's colleague and head.
 * Home care goes to the chosen provider (`homeCareProvider`), the alarm to `alarmProvider`.
 */
export const MATRIX: Record<CaseKind, Record<Actor, Row>> = {
  ordinary: {
    assigned: sees(true, { release: 409, completion: 400, cancel: 400, change: 400, ...reviewer }),
    colleague: sees(true, staff),
    otherUnitCaseworker: hidden,
    unitHead: sees(true, { release: 409, reassign: 400, audit: 200, completion: 400, cancel: 400, change: 400, ...reviewer }),
    otherUnitHead: hidden,
    // Its home care is sent, not yet confirmed: the start cannot be recorded yet.
    homeCareProvider: sees(true, { confirm: 400, decline: 400, start: 409, stayEnd: 400, confirmChange: 409, ...provider }),
    alarmProvider: sees(true, { stayEnd: 400, ...provider }),
    uninvolvedProvider: hidden,
    economy: sees(false),
    fees: sees(false),
    systemAdmin: sees(true),
  },
  otherUnit: {
    assigned: hidden,
    colleague: hidden,
    otherUnitCaseworker: sees(true, staff),
    unitHead: hidden,
    otherUnitHead: sees(true, { release: 409, reassign: 400, audit: 200, completion: 400, cancel: 400, change: 400, ...reviewer }),
    // Its home care is sent, not yet confirmed: the start cannot be recorded yet.
    homeCareProvider: sees(true, { confirm: 400, decline: 400, start: 409, stayEnd: 400, confirmChange: 409, ...provider }),
    alarmProvider: sees(true, { stayEnd: 400, ...provider }),
    uninvolvedProvider: hidden,
    economy: sees(false),
    fees: sees(false),
    systemAdmin: sees(true),
  },
  protectedHeld: {
    assigned: sees(true, { release: 400, completion: 400, cancel: 400, change: 400, ...reviewer }),
    colleague: hidden,
    otherUnitCaseworker: hidden,
    unitHead: sees(true, { release: 400, reassign: 400, audit: 200, completion: 400, cancel: 400, change: 400, ...reviewer }),
    otherUnitHead: hidden,
    homeCareProvider: hidden,
    alarmProvider: hidden,
    uninvolvedProvider: hidden,
    economy: sees(false),
    fees: sees(false),
    systemAdmin: hidden,
  },
  protectedReleased: {
    assigned: sees(true, { release: 409, completion: 400, cancel: 400, change: 400, ...reviewer }),
    colleague: hidden,
    otherUnitCaseworker: hidden,
    unitHead: sees(true, { release: 409, reassign: 400, audit: 200, completion: 400, cancel: 400, change: 400, ...reviewer }),
    otherUnitHead: hidden,
    // Its home care is sent, not yet confirmed: the start cannot be recorded yet.
    homeCareProvider: sees(true, { confirm: 400, decline: 400, start: 409, stayEnd: 400, confirmChange: 409, ...provider }),
    // The alarm's assignment is still held: its provider does not see the case yet.
    alarmProvider: hidden,
    uninvolvedProvider: hidden,
    economy: sees(false),
    fees: sees(false),
    systemAdmin: hidden,
  },
};

/** The actions beyond one case, each actor's answer: `200` may, `403` may not. */
export type UnitAction = 'purgeLog' | 'extraReview' | 'registerOutgoing';
export const UNIT_ACTIONS: UnitAction[] = ['purgeLog', 'extraReview', 'registerOutgoing'];
const none: Record<UnitAction, number> = { purgeLog: 403, extraReview: 403, registerOutgoing: 403 };
// Extrabesök att granska and Ny utgående vistelse: each caseworker and unit head their own.
const caseworker: Record<UnitAction, number> = { purgeLog: 403, extraReview: 200, registerOutgoing: 400 };
// Gallringslogg: each unit head reads the log of their own unit.
const unitHead: Record<UnitAction, number> = { purgeLog: 200, extraReview: 200, registerOutgoing: 400 };
export const UNIT_MATRIX: Record<Actor, Record<UnitAction, number>> = {
  assigned: caseworker,
  colleague: caseworker,
  otherUnitCaseworker: caseworker,
  unitHead,
  otherUnitHead: unitHead,
  homeCareProvider: none,
  alarmProvider: none,
  uninvolvedProvider: none,
  economy: none,
  fees: none,
  systemAdmin: none,
};

/** The orders behind the case kinds (dates relative to `today`). */
export function matrixOrder(kind: CaseKind, today?: string): any {
  const order: any = exampleOrder(today);
  order.billing.reference = `MATRIX-${kind}-${crypto.randomUUID().slice(0, 8)}`;
  if (kind === 'otherUnit') {
    order.person.personnummer = personnummerFor('1990-03-04');
    order.person.stayAddress.postalCode = '174 45';
    order.provider = { choice: 'chosen', providerId: 'omsorgsteamet-rissne' };
  } else {
    order.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
  }
  order.person.protectedIdentity = kind === 'protectedHeld' || kind === 'protectedReleased';
  return order;
}

/** Who each actor is, `assignedCaseworkerId` being the elderly-care case's own caseworker (for every kind). */
export function actorEmails(assignedCaseworkerId: string): Record<Actor, string> {
  const elderly = ['anders-holm', 'britt-sandberg'];
  const colleague = elderly.find((id) => id !== assignedCaseworkerId)!;
  const email = (id: string) => `${id.replace('-', '.')}@sundbyberg.example`;
  return {
    assigned: email(assignedCaseworkerId),
    colleague: email(colleague),
    otherUnitCaseworker: 'david.oberg@sundbyberg.example',
    unitHead: 'maria.ek@sundbyberg.example',
    otherUnitHead: 'johan.berg@sundbyberg.example',
    homeCareProvider: 'sara.lind@duvbo-omsorg.example',
    alarmProvider: 'ola.persson@sundbyberg.example',
    uninvolvedProvider: 'karin.wik@sundbyberg.example',
    economy: 'eva.lundgren@sundbyberg.example',
    fees: 'hanna.sjo@sundbyberg.example',
    systemAdmin: 'ivar.dahl@sundbyberg.example',
  };
}

/**
 * For the disability unit's case, its home care goes to Omsorgsteamet Rissne: the matrix's
 * `homeCareProvider` there is Omar Aziz, and Sara Lind (Duvbo) is an outsider to it.
 */
export function actorEmailsFor(kind: CaseKind, assignedCaseworkerId: string): Record<Actor, string> {
  const emails = actorEmails(assignedCaseworkerId);
  return kind === 'otherUnit' ? { ...emails, homeCareProvider: 'omar.aziz@omsorgsteamet.example' } : emails;
}

/** The invalid bodies the matrix sends (an empty object: every field missing). */
export const INVALID_BODY = {};

/**
 * The access matrix of outgoing stays (we the home municipality): registered by the elderly-care
 * unit's Anders Holm, one ordinary and one with a protected identity. The unit's caseworkers and
 * head work with it (a protected identity: its own caseworker and the head); the fee administrators
 * and the economy assistant read its reports and invoices, not the person, and only the fee
 * administrators record an invoice; everyone else is told it does not exist. The inbox's
 * **Utgående vistelser** lists it for those who work with it. Answers as for the cases' matrix.
 */
export type OutgoingKind = 'outgoing' | 'outgoingProtected';
export const OUTGOING_KINDS: OutgoingKind[] = ['outgoing', 'outgoingProtected'];
export type OutgoingAction = 'list' | 'read' | 'personalData' | 'orderPdf' | 'sent' | 'confirmation' | 'reportReceived' | 'invoice' | 'end';
export const OUTGOING_ACTIONS: OutgoingAction[] = ['list', 'read', 'personalData', 'orderPdf', 'sent', 'confirmation', 'reportReceived', 'invoice', 'end'];
type OutgoingRow = Record<OutgoingAction, boolean | number>;
const outgoingHidden: OutgoingRow = { list: false, read: 404, personalData: false, orderPdf: 404, sent: 404, confirmation: 404, reportReceived: 404, invoice: 404, end: 404 };
const outgoingWorks: OutgoingRow = { list: true, read: 200, personalData: true, orderPdf: 200, sent: 400, confirmation: 400, reportReceived: 400, invoice: 400, end: 400 };
const outgoingBilling = (invoice: number): OutgoingRow => ({ list: false, read: 200, personalData: false, orderPdf: 403, sent: 403, confirmation: 403, reportReceived: 403, invoice, end: 403 });
const outsiders = { otherUnitCaseworker: outgoingHidden, otherUnitHead: outgoingHidden, homeCareProvider: outgoingHidden, alarmProvider: outgoingHidden, uninvolvedProvider: outgoingHidden, economy: outgoingBilling(403), fees: outgoingBilling(400), systemAdmin: outgoingHidden };
export const OUTGOING_MATRIX: Record<OutgoingKind, Record<Actor, OutgoingRow>> = {
  outgoing: { assigned: outgoingWorks, colleague: outgoingWorks, unitHead: outgoingWorks, ...outsiders },
  outgoingProtected: { assigned: outgoingWorks, colleague: outgoingHidden, unitHead: outgoingWorks, ...outsiders },
};
/** The outgoing matrix's actors: `assigned` is Anders Holm, who registers both stays. */
export const OUTGOING_REGISTRAR = 'anders-holm';

/** **Ny utgående vistelse** of each kind, to Leksand (dates relative to `today`). */
export function matrixOutgoingStay(kind: OutgoingKind, today: string): any {
  return {
    orderer: { phone: '08-706 80 00', unit: 'Äldreomsorgens myndighetsenhet' },
    billing: { address: 'Sundbybergs stad, Box 1, 172 92 Sundbyberg', reference: `MATRIX-${kind}` },
    person: { personnummer: personnummerFor('1938-04-12'), firstName: 'Greta', lastName: 'Sommarlund', protectedIdentity: kind === 'outgoingProtected', stayAddress: { street: 'Sjövägen 3', postalCode: '793 31', city: 'Leksand' } },
    stayMunicipalityCode: '2029',
    stay: { from: addDays(today, 7), to: addDays(today, 60) },
    decision: { decidedOn: addDays(today, -5), goal: 'Kunna bo kvar i sommarhuset med stöd', insatser: [{ type: 'hemtjanst', description: 'Hjälp med dusch två gånger i veckan', scope: { amount: 20, unit: 'hours_per_month' }, rate: { amountSek: 480, per: 'hour' } }] },
    contact: { name: 'Lena Dahl', email: 'bistand@leksand.example' },
  };
}
