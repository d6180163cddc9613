import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { ordererPrincipalOf } from '../../../functions/core/access/orderer-access';
import { principalFor } from '../../../functions/core/access/principals';
import { ordererChangesOrder, portalChanges } from '../../../functions/core/cases/change-order';
import type { Principal } from '../../../functions/core/access/principals';
import { portalCases } from '../../../functions/core/cases/portal-cases';
import { submitOrder } from '../../../functions/core/intake/submit-order';
import { DomainError } from '../../../functions/core/kernel/errors';
import { caseTimeReports } from '../../../functions/core/reports/time-reports';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import { matrixOrder } from '../../support/access-matrix';
import { inMemoryStores } from '../../support/in-memory-stores';
import { testVault } from '../../support/wiring';

/**
 * **Ändra beställningen** (issue 17, point 5): the stay extended or shortened, insatser added,
 * changed or removed — a new version of the order, **Ändringar** on the case page, added insatser
 * routed, touched providers told and **Bekräfta ändringen**, and the expected time reports
 * following the new months (never a month reported twice or lost).
 */
const config = parseMunicipalityConfig(demo);
const person = (email: string) => principalFor(config, email)!;
const SARA = person('sara.lind@duvbo-omsorg.example');
const OLA = person('ola.persson@sundbyberg.example');
const HOME_CARE = { type: 'hemtjanst', description: 'Hjälp med dusch två gånger i veckan och påklädning varje morgon.', scope: { amount: 22, unit: 'hours_per_month' }, rate: { amountSek: 495, per: 'hour' } };
const ALARM = { type: 'trygghetslarm', description: 'Trygghetslarm med larmknapp.', scope: { amount: 1, unit: 'alarm' }, rate: { amountSek: 310, per: 'month' } };

async function setup(confirm = true) {
  const stores = inMemoryStores();
  let n = 0;
  let now = new Date('2026-11-23T10:00:00+01:00');
  const deps = { ...stores, vault: testVault(), clock: { now: () => now }, ids: { next: () => `ID${String(++n).padStart(6, '0')}` }, config, publicBaseUrl: 'https://vistelse.example' };
  const order = matrixOrder('ordinary', '2026-11-23');
  order.stay.from = '2026-11-25';
  order.stay.to = '2027-01-31';
  const { receipt } = await submitOrder(deps)({ body: order });
  const reference = receipt.reference;
  const caseId = (await stores.cases.findIdByReference(reference))!;
  const view = (await stores.cases.find(caseId))!;
  const caseworker = person(config.caseworkers.find((c) => c.id === view.routing.caseworkerId)!.email);
  const portal = portalCases(deps);
  if (confirm) {
    await portal.confirm(SARA, reference, 'hemtjanst', { startDate: '2026-11-25', contactName: 'Sara Lind', contactPhone: '08-123 456 78' });
    await portal.confirm(OLA, reference, 'trygghetslarm', { startDate: '2026-11-25', contactName: 'Ola Persson', contactPhone: '08-706 80 00' });
  }
  const at = (iso: string) => {
    now = new Date(iso);
  };
  const mails = (kind: string) => [...stores.outbox.notifications.values()].map(({ message: m }) => ({ kind: m.kind, to: m.to, subject: m.mail.subject, text: m.mail.text })).filter((m) => m.kind === kind);
  const months = async () => (await stores.reports.ofCase(caseId)).reports.map((r) => `${r.insatsType} ${r.month} ${r.status} ${r.period.from}–${r.period.to}`).sort();
  const body = (change: Record<string, unknown> = {}) => ({ version: 1, stay: { from: '2026-11-25', to: '2027-01-31' }, decision: { insatser: [HOME_CARE, ALARM] }, ...change });
  const orderer = ordererPrincipalOf(view, order.orderer.email);
  const changes = portalChanges(deps);
  // The portal's change answers with its version; the page reads the case again.
  const portalWithChange = Object.assign(Object.create(portal) as typeof portal, {
    change: async (who: Principal, ref: string, changeBody: unknown) => {
      await changes.change(who, ref, changeBody);
      return portal.read(who, ref);
    },
  });
  return { stores, deps, portal: portalWithChange, reports: caseTimeReports(deps), reference, caseId, caseworker, at, mails, months, body, orderer, ordererChanges: ordererChangesOrder(deps) };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error) => (error instanceof DomainError ? { status: error.status, code: error.code, fields: error.issues?.map((i) => i.path) } : Promise.reject(error)),
  );

describe('Ändra beställningen', () => {
  it('extends the stay: version 2 with its lines, the new month planned for each confirmed insats, both providers to confirm, the orderer told', async () => {
    const { portal, reference, caseworker, mails, months, body, stores, caseId } = await setup();
    const page = await portal.change(caseworker, reference, body({ stay: { from: '2026-11-25', to: '2027-02-28' } }));
    expect(page.orderVersion).toBe(2);
    expect(page.stay.to).toBe('2027-02-28');
    expect(page.changes!.map((c) => ({ version: c.version, lines: c.lines }))).toEqual([
      { version: 1, lines: [] },
      { version: 2, lines: ['Sista dag 2027-01-31 → 2027-02-28 (förlängd)'] },
    ]);
    expect(page.changes![1].by).toBe(caseworker.name);
    // The earlier version stays readable, with its descriptions.
    expect(page.changes![0]).toMatchObject({ stay: { from: '2026-11-25', to: '2027-01-31' }, insatser: [{ type: 'hemtjanst', description: HOME_CARE.description }, { type: 'trygghetslarm' }] });
    expect(await months()).toEqual([
      'hemtjanst 2026-11 expected 2026-11-25–2026-11-30',
      'hemtjanst 2026-12 expected 2026-12-01–2026-12-31',
      'hemtjanst 2027-01 expected 2027-01-01–2027-01-31',
      'hemtjanst 2027-02 expected 2027-02-01–2027-02-28',
      'trygghetslarm 2026-11 expected 2026-11-25–2026-11-30',
      'trygghetslarm 2026-12 expected 2026-12-01–2026-12-31',
      'trygghetslarm 2027-01 expected 2027-01-01–2027-01-31',
      'trygghetslarm 2027-02 expected 2027-02-01–2027-02-28',
    ]);
    expect(mails('order_changed').map((m) => m.to).sort()).toEqual(['anna.berglund@katrineholm.example', 'larm@sundbyberg.example', 'order@duvbo-omsorg.example']);
    for (const m of mails('order_changed')) {
      expect(m.subject).toBe(`Beställningen är ändrad – ärende ${reference}`);
      expect(m.text).not.toMatch(/dusch|Lindqvist|19\d{6}|2027-02-28/);
    }

    const sara = await portal.read(SARA, reference);
    expect(sara.assignments[0]).toMatchObject({ insatsType: 'hemtjanst', pendingChange: { version: 2, lines: ['Sista dag 2027-01-31 → 2027-02-28 (förlängd)'] }, actions: { confirmChange: true } });
    expect(await failure(portal.confirmChange(SARA, reference, 'hemtjanst', { version: 1 }))).toMatchObject({ status: 409 });
    expect(await failure(portal.confirmChange(OLA, reference, 'hemtjanst', { version: 2 }))).toMatchObject({ status: 403 });
    const confirmed = await portal.confirmChange(SARA, reference, 'hemtjanst', { version: 2 });
    expect(confirmed.assignments[0]).toMatchObject({ changeConfirmed: { version: 2 }, actions: { confirmChange: false } });
    expect(confirmed.assignments[0].pendingChange).toBeUndefined();
    expect(await failure(portal.confirmChange(SARA, reference, 'hemtjanst', { version: 2 }))).toMatchObject({ status: 409 });
    // The stay-end job now waits for the new last day.
    expect((await stores.cases.find(caseId))!.order.stay.to).toBe('2027-02-28');
    expect((await portal.read(caseworker, reference)).timeline!.map((e) => e.text)).toEqual(
      expect.arrayContaining(['Beställningen ändrades (version 2) – tidrapporter: 2 nya månader, 0 borttagna', 'Duvbo Omsorg AB bekräftade ändringen av hemtjänst (version 2)']),
    );
  });

  it('shortens the stay: months after the new end dropped, the last month revised to end there, a month reported stays as it was', async () => {
    const { portal, reports, reference, caseworker, at, months, body } = await setup();
    at('2026-12-03T09:00:00+01:00');
    await reports.submit(SARA, reference, 'hemtjanst', '2026-11', { quantity: 300 });
    const page = await portal.change(caseworker, reference, body({ stay: { from: '2026-11-25', to: '2026-12-20' } }));
    expect(page.changes!.at(-1)!.lines).toEqual(['Sista dag 2027-01-31 → 2026-12-20 (förkortad)']);
    expect(await months()).toEqual([
      'hemtjanst 2026-11 submitted 2026-11-25–2026-11-30',
      'hemtjanst 2026-12 expected 2026-12-01–2026-12-20',
      'trygghetslarm 2026-11 expected 2026-11-25–2026-11-30',
      'trygghetslarm 2026-12 expected 2026-12-01–2026-12-20',
    ]);
  });

  it('changes the scope and rate of one insats: only its provider confirms; months from this one on take the new terms, granted in the new scope', async () => {
    const { portal, reference, caseworker, at, stores, caseId, body, mails } = await setup();
    at('2026-12-03T09:00:00+01:00');
    const page = await portal.change(caseworker, reference, body({ decision: { insatser: [{ ...HOME_CARE, scope: { amount: 30, unit: 'hours_per_month' }, rate: { amountSek: 520, per: 'hour' } }, ALARM] } }));
    expect(page.changes!.at(-1)!.lines).toEqual(['Hemtjänst: omfattning 22 timmar per månad → 30 timmar per månad; ersättning 495 kr per timme → 520 kr per timme']);
    expect(page.assignments.map((a) => [a.insatsType, a.pendingChange?.version])).toEqual([
      ['hemtjanst', 2],
      ['trygghetslarm', undefined],
    ]);
    expect(mails('order_changed').map((m) => m.to).sort()).toEqual(['anna.berglund@katrineholm.example', 'order@duvbo-omsorg.example']);
    const homeCare = (await stores.reports.ofCase(caseId)).reports.filter((r) => r.insatsType === 'hemtjanst').map((r) => [r.month, r.rate.amountOre, r.granted]);
    // November is past: its terms stay; December and January take the new ones (30 hours a month, 1,800 minutes).
    expect(homeCare).toEqual([
      ['2026-11', 49_500, expect.any(Number)],
      ['2026-12', 52_000, 1800],
      ['2027-01', 52_000, 1800],
    ]);
  });

  it('adds an insats (routed like a new one: its provider gets the assignment) and removes one (ended, its months not begun dropped, its load freed)', async () => {
    const { portal, reference, caseworker, at, months, body, mails, stores } = await setup();
    const before = await stores.routing.loads({ caseworkerIds: [], providerIds: ['larmpatrullen', 'stadens-matdistribution'] });
    at('2026-12-03T09:00:00+01:00');
    const meals = { type: 'matdistribution', description: 'Lunch varje dag.', scope: { amount: 7, unit: 'visits_per_week' }, rate: { amountSek: 85, per: 'visit' } };
    const page = await portal.change(caseworker, reference, body({ decision: { insatser: [HOME_CARE, meals] } }));
    expect(page.changes!.at(-1)!.lines).toEqual(['Trygghetslarm borttagen', 'Matdistribution tillagd: 7 besök per vecka, 85 kr per besök']);
    expect(page.assignments.map((a) => [a.insatsType, a.status, a.providerId])).toEqual([
      ['hemtjanst', 'confirmed', 'duvbo-omsorg'],
      ['matdistribution', 'sent', 'stadens-matdistribution'],
      ['trygghetslarm', 'removed', 'larmpatrullen'],
    ]);
    expect(page.assignments.find((a) => a.insatsType === 'trygghetslarm')).toMatchObject({ statusLabel: 'Borttagen ur beställningen', removedAt: expect.any(String) });
    expect(mails('new_assignment').filter((m) => m.to === 'mat@sundbyberg.example')).toHaveLength(1);
    expect(mails('order_changed').find((m) => m.to === 'larm@sundbyberg.example')!.text).toContain('borttagen ur beställningen');
    // The alarm's December has begun: it is reported as usual; January goes.
    expect((await months()).filter((m) => m.startsWith('trygghetslarm'))).toEqual(['trygghetslarm 2026-11 expected 2026-11-25–2026-11-30', 'trygghetslarm 2026-12 expected 2026-12-01–2026-12-31']);
    const after = await stores.routing.loads({ caseworkerIds: [], providerIds: ['larmpatrullen', 'stadens-matdistribution'] });
    expect(after.providers.larmpatrullen.clients).toBe((before.providers.larmpatrullen?.clients ?? 0) - 1);
    expect(after.providers['stadens-matdistribution'].clients).toBe((before.providers['stadens-matdistribution']?.clients ?? 0) + 1);
    // The meal provider confirms the order as it now is: its months planned from its start.
    await portal.confirm(person('lena.moberg@sundbyberg.example'), reference, 'matdistribution', { startDate: '2026-12-07', contactName: 'Lena Moberg', contactPhone: '08-706 80 00', orderVersion: 2 });
    expect((await months()).filter((m) => m.startsWith('matdistribution'))).toEqual(['matdistribution 2026-12 expected 2026-12-07–2026-12-31', 'matdistribution 2027-01 expected 2027-01-01–2027-01-31']);
    // Added back later, the alarm's assignment returns (routed again).
    const again = await portal.change(caseworker, reference, body({ version: 2, decision: { insatser: [HOME_CARE, meals, ALARM] } }));
    expect(again.assignments.find((a) => a.insatsType === 'trygghetslarm')).toMatchObject({ status: 'sent', providerId: 'larmpatrullen' });
  });

  it('is refused with the field named: the first day once confirmed, a last day gone by, an insats the intake refuses; nothing changed; a stale version; an ended case', async () => {
    const { portal, reference, caseworker, body, at } = await setup();
    at('2026-12-03T09:00:00+01:00');
    expect(await failure(portal.change(caseworker, reference, body({ stay: { from: '2026-12-01', to: '2027-01-31' } })))).toMatchObject({ status: 400, fields: ['stay.from'] });
    expect(await failure(portal.change(caseworker, reference, body({ stay: { from: '2026-11-25', to: '2026-12-01' } })))).toMatchObject({ status: 400, fields: ['stay.to'] });
    expect(await failure(portal.change(caseworker, reference, body({ decision: { insatser: [{ ...HOME_CARE, scope: { amount: 0, unit: 'hours_per_month' } }] } })))).toMatchObject({
      status: 400,
      fields: ['decision.insatser.0.scope.amount'],
    });
    expect(await failure(portal.change(caseworker, reference, body({ decision: { insatser: [] } })))).toMatchObject({ status: 400, fields: ['decision.insatser'] });
    expect(await failure(portal.change(caseworker, reference, body()))).toMatchObject({ status: 400, code: 'no_change' });
    expect(await failure(portal.change(SARA, reference, body({ stay: { from: '2026-11-25', to: '2027-02-28' } })))).toMatchObject({ status: 403 });
    await portal.change(caseworker, reference, body({ stay: { from: '2026-11-25', to: '2027-02-28' } }));
    expect(await failure(portal.change(caseworker, reference, body({ stay: { from: '2026-11-25', to: '2027-03-31' } })))).toMatchObject({ status: 409 });
    await portal.cancel(caseworker, reference, { reason: 'Planerna ändrades' });
    expect(await failure(portal.change(caseworker, reference, body({ version: 2, stay: { from: '2026-11-25', to: '2027-03-31' } })))).toMatchObject({ status: 409 });
  });

  it('by the orderer: descriptions kept by row (never sent back), or written anew; the first day moves before anything is confirmed; the caseworker told', async () => {
    const { portal, reference, caseworker, ordererChanges, orderer, mails } = await setup(false);
    const changed = await ordererChanges(
      orderer,
      {
        version: 1,
        stay: { from: '2026-11-30', to: '2027-01-31' },
        decision: { insatser: [{ ...HOME_CARE, description: undefined, keepDescriptionOf: 0 }, { ...ALARM, description: 'Larm med armband.' }] },
      },
      'csrf',
    );
    expect(changed.orderVersion).toBe(2);
    expect(changed.changes.at(-1)).toMatchObject({ by: 'Beställaren, Katrineholm', lines: ['Första dag 2026-11-25 → 2026-11-30', 'Trygghetslarm: beskrivningen ändrad'] });
    expect(JSON.stringify(changed)).not.toContain('dusch');
    const page = await portal.read(caseworker, reference);
    expect(page.decision!.insatser.map((i) => i.description)).toEqual([HOME_CARE.description, 'Larm med armband.']);
    expect(mails('order_changed').map((m) => m.to)).toEqual(expect.arrayContaining([caseworker.email, 'order@duvbo-omsorg.example', 'larm@sundbyberg.example']));
    expect(
      await failure(ordererChanges(orderer, { version: 2, stay: { from: '2026-11-30', to: '2027-01-31' }, decision: { insatser: [{ ...HOME_CARE, description: undefined, keepDescriptionOf: 5 }] } }, 'csrf')),
    ).toMatchObject({ status: 400, fields: ['decision.insatser.0.keepDescriptionOf'] });
  });
});

describe('a change racing a confirmation', () => {
  it('a confirmation on the page read before the change is refused: the provider reads the new version first', async () => {
    const { portal, reference, caseworker, body, stores, caseId } = await setup(false);
    await portal.change(caseworker, reference, body({ stay: { from: '2026-11-25', to: '2026-12-31' } }));
    expect(await failure(portal.confirm(SARA, reference, 'hemtjanst', { startDate: '2026-11-25', contactName: 'Sara Lind', contactPhone: '08-123 456 78', orderVersion: 1 }))).toMatchObject({ status: 409 });
    await portal.confirm(SARA, reference, 'hemtjanst', { startDate: '2026-11-25', contactName: 'Sara Lind', contactPhone: '08-123 456 78', orderVersion: 2 });
    expect((await stores.reports.ofCase(caseId)).reports.map((r) => r.month)).toEqual(['2026-11', '2026-12']);
  });

  it('run together, whichever commits first: the reports always follow the order as it ends up, each month once', async () => {
    for (const first of ['change', 'confirm'] as const) {
      const { portal, reference, caseworker, body, stores, caseId } = await setup(false);
      const change = () => portal.change(caseworker, reference, body({ stay: { from: '2026-11-25', to: '2027-02-28' } }));
      const confirm = () => portal.confirm(SARA, reference, 'hemtjanst', { startDate: '2026-11-25', contactName: 'Sara Lind', contactPhone: '08-123 456 78' });
      const [changed, confirmed] = first === 'change' ? await Promise.allSettled([change(), confirm()]) : (await Promise.allSettled([confirm(), change()])).reverse();
      // The change always lands (read again if the confirmation came first); a confirmation of the version it no longer is, is refused.
      expect(changed.status, first).toBe('fulfilled');
      if (confirmed.status === 'rejected') expect((confirmed.reason as DomainError).status, first).toBe(409);
      const view = (await stores.cases.find(caseId))!;
      expect(view.order.stay.to).toBe('2027-02-28');
      const homeCare = view.assignments.find((a) => a.insatsType === 'hemtjanst')!;
      const months = (await stores.reports.ofCase(caseId)).reports.filter((r) => r.insatsType === 'hemtjanst').map((r) => r.month);
      expect(homeCare.status, first).toBe(confirmed.status === 'fulfilled' ? 'confirmed' : 'sent');
      expect(months, first).toEqual(confirmed.status === 'fulfilled' ? ['2026-11', '2026-12', '2027-01', '2027-02'] : []);
    }
  });
});
