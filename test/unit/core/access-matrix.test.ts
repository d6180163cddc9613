import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { principalFor } from '../../../functions/core/access/principals';
import { portalCases } from '../../../functions/core/cases/portal-cases';
import { portalChanges } from '../../../functions/core/cases/change-order';
import { extraVisits } from '../../../functions/core/extras/extra-visits';
import { outgoingStays } from '../../../functions/core/outgoing/outgoing-stays';
import { submitOrder } from '../../../functions/core/intake/submit-order';
import { DomainError } from '../../../functions/core/kernel/errors';
import { purgeLog } from '../../../functions/core/purge/purge-cases';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import {
  ACTIONS,
  actorEmailsFor,
  CASE_KINDS,
  INVALID_BODY,
  MATRIX,
  matrixOrder,
  matrixOutgoingStay,
  OUTGOING_ACTIONS,
  OUTGOING_KINDS,
  OUTGOING_MATRIX,
  OUTGOING_REGISTRAR,
  UNIT_ACTIONS,
  UNIT_MATRIX,
  type Action,
  type Actor,
  type CaseKind,
  type OutgoingAction,
  type OutgoingKind,
  type UnitAction,
} from '../../support/access-matrix';
import { inMemoryStores } from '../../support/in-memory-stores';
import { testVault } from '../../support/wiring';

/** The access matrix (test/support/access-matrix.ts) at the use cases, on the in-memory stores. */
const config = parseMunicipalityConfig(demo);
const NOW = new Date('2026-11-23T10:00:00+01:00');

async function setup() {
  const stores = inMemoryStores();
  let n = 0;
  const deps = { ...stores, vault: testVault(), clock: { now: () => NOW }, ids: { next: () => `ID${String(++n).padStart(6, '0')}` }, config, publicBaseUrl: 'https://vistelse.example' };
  const submit = submitOrder(deps);
  const portal = portalCases(deps);
  const cases = {} as Record<CaseKind, { reference: string; caseworkerId: string }>;
  for (const kind of CASE_KINDS) {
    const { receipt } = await submit({ body: matrixOrder(kind, '2026-11-23') });
    const view = (await stores.cases.find((await stores.cases.findIdByReference(receipt.reference))!))!;
    cases[kind] = { reference: receipt.reference, caseworkerId: view.routing.caseworkerId! };
  }
  const released = cases.protectedReleased;
  const assigned = principalFor(config, actorEmailsFor('protectedReleased', released.caseworkerId).assigned)!;
  await portal.release(assigned, released.reference, 'hemtjanst', { unitHeadName: 'Sara Enhetschef', toldAt: new Date(NOW.getTime() - 60_000).toISOString() });
  return { portal, changes: portalChanges(deps), extras: extraVisits(deps), outgoing: outgoingStays(deps), cases };
}

const status = (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (error) => (error instanceof DomainError ? error.status : Promise.reject(error)),
  );

describe('the access matrix at the use cases', async () => {
  const { portal, changes, extras, cases } = await setup();
  for (const kind of CASE_KINDS) {
    describe(kind, () => {
      it.each(Object.keys(MATRIX[kind]) as Actor[])('%s', async (actor) => {
        const { reference } = cases[kind];
        // The disability unit's case has its own caseworker; the actors are still the elderly-care unit's people.
        const assigned = cases[kind === 'otherUnit' ? 'ordinary' : kind].caseworkerId;
        const who = principalFor(config, actorEmailsFor(kind, assigned)[actor])!;
        const got = {} as Record<Action, boolean | number>;
        got.list = (await portal.inbox(who, 'all')).rows.some((r) => r.reference === reference);
        const read = await portal.read(who, reference).catch((e) => e);
        got.read = read instanceof DomainError ? read.status : 200;
        got.personalData = !(read instanceof DomainError) && read.person !== undefined;
        got.confirm = await status(portal.confirm(who, reference, 'hemtjanst', INVALID_BODY));
        got.decline = await status(portal.decline(who, reference, 'hemtjanst', INVALID_BODY));
        got.start = await status(portal.recordStart(who, reference, 'hemtjanst', INVALID_BODY));
        got.release = await status(portal.release(who, reference, 'hemtjanst', INVALID_BODY));
        got.reassign = await status(portal.reassign(who, reference, INVALID_BODY));
        got.audit = await status(portal.auditLog(who, reference));
        got.completion = await status(portal.requestCompletion(who, reference, INVALID_BODY));
        got.stayEnd = await status(portal.reportStayEnd(who, reference, INVALID_BODY));
        got.cancel = await status(portal.cancel(who, reference, INVALID_BODY));
        got.change = await status(changes.change(who, reference, INVALID_BODY));
        got.confirmChange = await status(portal.confirmChange(who, reference, 'hemtjanst', INVALID_BODY));
        got.extraVisits = await status(extras.caseList(who, reference));
        got.registerExtra = await status(extras.register(who, reference, INVALID_BODY));
        got.reviewExtra = await status(extras.review(who, reference, 'NONE', INVALID_BODY));
        got.answerExtra = await status(extras.answer(who, reference, 'NONE', INVALID_BODY));
        got.agreeExtra = await status(extras.agree(who, reference, INVALID_BODY));
        expect(Object.fromEntries(ACTIONS.map((a) => [a, got[a]]))).toEqual(MATRIX[kind][actor]);
      });
    });
  }
});

describe('the access matrix beyond one case, at the use cases', async () => {
  const { extras, outgoing } = await setup();
  const log = purgeLog({ purges: { due: async () => [], plan: async () => undefined, commit: async () => false, log: async () => [] }, config });
  it.each(Object.keys(UNIT_MATRIX) as Actor[])('%s', async (actor) => {
    const who = principalFor(config, actorEmailsFor('ordinary', 'anders-holm')[actor])!;
    const got = { purgeLog: await status(log(who)), extraReview: await status(extras.reviewList(who)), registerOutgoing: await status(outgoing.register(who, INVALID_BODY)) } as Record<UnitAction, number>;
    expect(Object.fromEntries(UNIT_ACTIONS.map((a) => [a, got[a]]))).toEqual(UNIT_MATRIX[actor]);
  });
});

describe('the access matrix of outgoing stays, at the use cases', async () => {
  const { outgoing } = await setup();
  const emails = actorEmailsFor('ordinary', OUTGOING_REGISTRAR);
  const registrar = principalFor(config, emails.assigned)!;
  const stays = {} as Record<OutgoingKind, string>;
  for (const kind of OUTGOING_KINDS) stays[kind] = (await outgoing.register(registrar, matrixOutgoingStay(kind, '2026-11-23'))).reference;
  for (const kind of OUTGOING_KINDS) {
    describe(kind, () => {
      it.each(Object.keys(OUTGOING_MATRIX[kind]) as Actor[])('%s', async (actor) => {
        const reference = stays[kind];
        const who = principalFor(config, emails[actor])!;
        const got = {} as Record<OutgoingAction, boolean | number>;
        got.list = (await outgoing.list(who)).rows.some((r) => r.reference === reference);
        const read = await outgoing.read(who, reference).catch((e) => e);
        got.read = read instanceof DomainError ? read.status : 200;
        got.personalData = !(read instanceof DomainError) && read.person !== undefined;
        got.orderPdf = await status(outgoing.orderForPdf(who, reference));
        got.sent = await status(outgoing.markSent(who, reference, INVALID_BODY));
        got.confirmation = await status(outgoing.confirm(who, reference, INVALID_BODY));
        got.reportReceived = await status(outgoing.receiveReport(who, reference, 'hemtjanst', '2026-12', INVALID_BODY));
        got.invoice = await status(outgoing.recordInvoice(who, reference, 'hemtjanst', '2026-12', INVALID_BODY));
        got.end = await status(outgoing.end(who, reference, INVALID_BODY));
        expect(Object.fromEntries(OUTGOING_ACTIONS.map((a) => [a, got[a]]))).toEqual(OUTGOING_MATRIX[kind][actor]);
      });
    });
  }
});
