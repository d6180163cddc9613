import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { ordererPrincipalOf } from '../../../functions/core/access/orderer-access';
import { principalFor } from '../../../functions/core/access/principals';
import { portalCases } from '../../../functions/core/cases/portal-cases';
import { cancellationIsLate, closeStays, ordererCancels, ordererReportsStayEnd } from '../../../functions/core/cases/stay-end';
import { chaseConfirmations } from '../../../functions/core/cases/chase-confirmations';
import { submitOrder } from '../../../functions/core/intake/submit-order';
import { DomainError } from '../../../functions/core/kernel/errors';
import { caseTimeReports } from '../../../functions/core/reports/time-reports';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import { matrixOrder } from '../../support/access-matrix';
import { inMemoryStores } from '../../support/in-memory-stores';
import { testVault } from '../../support/wiring';

/**
 * **Vistelsen har avslutats** and **Avslutat** (issue 17, point 7): reported by a provider or the
 * orderer, or the end date passing (`close-stays`); months after the end dropped; the closing task
 * to the system administrator; the case closed with its last approved report, its loads freed.
 */
const config = parseMunicipalityConfig(demo);
const person = (email: string) => principalFor(config, email)!;
const SARA = person('sara.lind@duvbo-omsorg.example');
const OLA = person('ola.persson@sundbyberg.example');

async function setup(stay: { from: string; to: string } = { from: '2026-11-23', to: '2027-01-31' }, confirm = true) {
  const stores = inMemoryStores();
  let n = 0;
  let now = new Date('2026-11-23T10:00:00+01:00');
  const deps = { ...stores, vault: testVault(), clock: { now: () => now }, ids: { next: () => `ID${String(++n).padStart(6, '0')}` }, config, publicBaseUrl: 'https://vistelse.example' };
  const order = matrixOrder('ordinary', '2026-11-23');
  order.stay.from = stay.from;
  order.stay.to = stay.to;
  const { receipt } = await submitOrder(deps)({ body: order });
  const reference = receipt.reference;
  const caseId = (await stores.cases.findIdByReference(reference))!;
  const view = (await stores.cases.find(caseId))!;
  const caseworker = person(config.caseworkers.find((c) => c.id === view.routing.caseworkerId)!.email);
  const portal = portalCases(deps);
  const reports = caseTimeReports(deps);
  if (confirm) {
    await portal.confirm(SARA, reference, 'hemtjanst', { startDate: stay.from, contactName: 'Sara Lind', contactPhone: '08-123 456 78' });
    await portal.confirm(OLA, reference, 'trygghetslarm', { startDate: stay.from, contactName: 'Ola Persson', contactPhone: '08-706 80 00' });
  }
  const at = (iso: string) => {
    now = new Date(iso);
    return now;
  };
  const mails = (kind: string) => [...stores.outbox.notifications.values()].map(({ message: m }) => ({ kind: m.kind, to: m.to, subject: m.mail.subject, text: m.mail.text })).filter((m) => m.kind === kind);
  const months = async () => (await stores.reports.ofCase(caseId)).reports.map((r) => `${r.insatsType} ${r.month} ${r.status}`).sort();
  const loads = () => stores.routing.loads({ caseworkerIds: [view.routing.caseworkerId!], providerIds: ['duvbo-omsorg', 'larmpatrullen'] });
  const stayEndDeps = { ...stores, clock: deps.clock, ids: deps.ids, config, publicBaseUrl: deps.publicBaseUrl };
  const chase = chaseConfirmations({ ...stores, ids: deps.ids, config, publicBaseUrl: deps.publicBaseUrl });
  return { stores, portal, reports, reference, caseId, view, caseworker, at, mails, months, loads, chase, close: closeStays(stayEndDeps), ordererEnds: ordererReportsStayEnd(stayEndDeps), ordererCancels: ordererCancels({ ...stayEndDeps, vault: deps.vault }) };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error) => (error instanceof DomainError ? { status: error.status, fields: error.issues?.map((i) => i.path) } : Promise.reject(error)),
  );

describe('Vistelsen har avslutats', () => {
  it('by the provider: months after the end dropped, the others told, the closing task with the reference only; closed with the last approval, loads freed', async () => {
    const { portal, reports, reference, caseworker, at, mails, months, loads, stores, caseId } = await setup();
    expect(await months()).toEqual(['hemtjanst 2026-11 expected', 'hemtjanst 2026-12 expected', 'hemtjanst 2027-01 expected', 'trygghetslarm 2026-11 expected', 'trygghetslarm 2026-12 expected', 'trygghetslarm 2027-01 expected']);
    const before = await loads();

    at('2026-12-10T12:00:00+01:00');
    const page = await portal.reportStayEnd(SARA, reference, { endedOn: '2026-12-10' });
    expect(page.ended).toEqual({ endedOn: '2026-12-10', reportedAt: '2026-12-10T11:00:00.000Z', by: 'Duvbo Omsorg AB' });
    expect(page.actions.reportStayEnd).toBe(false);
    expect(page.phase).not.toBe('closed');
    expect(await months()).toEqual(['hemtjanst 2026-11 expected', 'hemtjanst 2026-12 expected', 'trygghetslarm 2026-11 expected', 'trygghetslarm 2026-12 expected']);
    expect(mails('stay_ended').map((m) => m.to).sort()).toEqual([caseworker.email, 'anna.berglund@katrineholm.example', 'larm@sundbyberg.example'].sort());
    const [task] = mails('closing_task');
    expect(task.to).toBe(config.mailboxes.systemAdmin);
    expect(task.subject).toBe(`Avsluta ärende ${reference} i ${config.municipality.caseSystem}`);
    for (const m of [...mails('stay_ended'), task]) expect(m.text).not.toMatch(/Elsa|Andersson|19\d{6}-?\d{4}|Storgatan/);
    const timeline = (await portal.read(caseworker, reference)).timeline!.map((e) => e.text);
    expect(timeline).toContainEqual('Vistelsen avslutades 2026-12-10 – 2 förväntade tidrapporter efter avslutet togs bort');
    expect(await failure(portal.reportStayEnd(SARA, reference, { endedOn: '2026-12-09' }))).toMatchObject({ status: 409 });

    // The remaining months reported and approved: the last approval closes the case.
    at('2027-01-05T09:00:00+01:00');
    const steps: [typeof SARA, 'hemtjanst' | 'trygghetslarm', string][] = [
      [SARA, 'hemtjanst', '2026-11'],
      [OLA, 'trygghetslarm', '2026-11'],
      [SARA, 'hemtjanst', '2026-12'],
      [OLA, 'trygghetslarm', '2026-12'],
    ];
    for (const [i, [who, insats, month]] of steps.entries()) {
      await reports.submit(who, reference, insats, month, { quantity: insats === 'hemtjanst' ? 600 : 1 });
      await reports.review(caseworker, reference, insats, month, { decision: 'approve' });
      const closed = (await stores.cases.find(caseId))!.status === 'closed';
      expect(closed, `after ${insats} ${month}`).toBe(i === steps.length - 1);
    }
    const closed = await portal.read(caseworker, reference);
    expect(closed.phase).toBe('closed');
    expect(closed.closedAt).toBe('2027-01-05T08:00:00.000Z');
    expect(closed.timeline!.map((e) => e.text)).toContain('Ärendet avslutades');
    expect((await portal.inbox(caseworker, 'closed')).rows.map((r) => r.reference)).toEqual([reference]);
    const after = await loads();
    expect(after.caseworkers[Object.keys(before.caseworkers)[0]]?.openCases ?? 0).toBe((Object.values(before.caseworkers)[0]?.openCases ?? 0) - 1);
    expect(after.providers['duvbo-omsorg'].clients).toBe(before.providers['duvbo-omsorg'].clients - 1);
    expect(after.providers['duvbo-omsorg'].hoursPerMonth).toBeLessThan(before.providers['duvbo-omsorg'].hoursPerMonth);
  });

  it('shortens the end month to the stay: its period ends on the last day, its granted scope for those days only', async () => {
    const { portal, reference, at, stores, caseId } = await setup();
    const before = (await stores.reports.ofCase(caseId)).reports.find((r) => r.insatsType === 'hemtjanst' && r.month === '2026-12')!;
    at('2026-12-10T12:00:00+01:00');
    await portal.reportStayEnd(SARA, reference, { endedOn: '2026-12-10' });
    const after = (await stores.reports.ofCase(caseId)).reports.find((r) => r.insatsType === 'hemtjanst' && r.month === '2026-12')!;
    expect(after.period).toMatchObject({ from: '2026-12-01', to: '2026-12-10', days: 10, daysInMonth: 31 });
    expect(after.granted).toBeLessThan(before.granted!);
    expect(after.rate).toEqual(before.rate);
  });

  it('refuses a day outside the stay or in the future (naming endedOn), someone not a provider of it, and a stay not begun', async () => {
    const { portal, reference, at, caseworker, stores, caseId } = await setup();
    at('2026-12-10T12:00:00+01:00');
    expect(await failure(portal.reportStayEnd(SARA, reference, { endedOn: '2026-12-11' }))).toEqual({ status: 400, fields: ['endedOn'] });
    expect(await failure(portal.reportStayEnd(SARA, reference, { endedOn: '2026-11-22' }))).toEqual({ status: 400, fields: ['endedOn'] });
    expect(await failure(portal.reportStayEnd(SARA, reference, {}))).toEqual({ status: 400, fields: ['endedOn'] });
    expect(await failure(portal.reportStayEnd(caseworker, reference, { endedOn: '2026-12-10' }))).toMatchObject({ status: 403 });
    expect(await failure(portal.reportStayEnd(person('karin.wik@sundbyberg.example'), reference, { endedOn: '2026-12-10' }))).toMatchObject({ status: 404 });
    expect((await stores.cases.find(caseId))!.ended).toBeUndefined();
    const later = await setup({ from: '2026-12-15', to: '2027-01-31' });
    expect((await later.portal.read(SARA, later.reference)).actions.reportStayEnd).toBe(false);
  });

  it('by the orderer on their page: the orderer is not told of their own report, and may not report twice', async () => {
    const { ordererEnds, view, at, mails, stores, caseId } = await setup();
    at('2026-12-10T12:00:00+01:00');
    const orderer = ordererPrincipalOf(view, view.order.orderer.email);
    await expect(ordererEnds(orderer, { endedOn: 'igår' }, 'csrf')).rejects.toMatchObject({ status: 400, issues: [expect.objectContaining({ path: 'endedOn' })] });
    const page = await ordererEnds(orderer, { endedOn: '2026-12-09' }, 'csrf');
    expect(page).toMatchObject({ ended: { endedOn: '2026-12-09' }, canReportStayEnd: false });
    expect(page.status).toMatch(/^Vistelsen har avslutats/);
    expect(mails('stay_ended').map((m) => m.to)).not.toContain('anna.berglund@katrineholm.example');
    expect(mails('stay_ended').map((m) => m.to)).toEqual(expect.arrayContaining(['order@duvbo-omsorg.example', 'larm@sundbyberg.example']));
    expect((await stores.cases.find(caseId))!.ended).toMatchObject({ source: 'orderer', endedOn: '2026-12-09' });
    await expect(ordererEnds(orderer, { endedOn: '2026-12-09' }, 'csrf')).rejects.toMatchObject({ status: 409 });
  });
});

describe('close-stays', () => {
  it('ends each stay whose last day has passed, once, however often and concurrently it runs', async () => {
    const { close, at, stores, caseId, mails } = await setup({ from: '2026-11-23', to: '2026-12-31' });
    expect(await close(at('2026-12-31T23:59:00+01:00'))).toEqual({ ended: 0, closed: 0, skipped: 0 });
    const runs = await Promise.all([close(at('2027-01-01T00:30:00+01:00')), close(at('2027-01-01T00:30:00+01:00'))]);
    expect(runs.reduce((sum, r) => sum + r.ended, 0)).toBe(1);
    expect(await close(at('2027-01-02T00:30:00+01:00'))).toEqual({ ended: 0, closed: 0, skipped: 0 });
    expect((await stores.cases.find(caseId))!.ended).toMatchObject({ endedOn: '2026-12-31', source: 'end_date', reportedBy: 'system' });
    // Nothing dropped (December is the last month), not closed until December's reports are approved.
    expect((await stores.cases.find(caseId))!.status).toBe('open');
    expect(mails('closing_task')).toHaveLength(1);
  });

  it('closes at once a case with nothing to report, freeing its caseworker', async () => {
    const { close, at, stores, caseId, loads } = await setup({ from: '2026-11-23', to: '2026-11-30' }, false);
    const before = await loads();
    expect(await close(at('2026-12-01T00:30:00+01:00'))).toEqual({ ended: 1, closed: 1, skipped: 0 });
    const view = (await stores.cases.find(caseId))!;
    expect(view.status).toBe('closed');
    expect(view.closedAt).toBe('2026-11-30T23:30:00.000Z');
    const after = await loads();
    const id = view.routing.caseworkerId!;
    expect(after.caseworkers[id].openCases).toBe(before.caseworkers[id].openCases - 1);
  });
});

describe('Avbryt beställningen', () => {
  it('before anything is reported: every month dropped, the case closed then and there, its loads freed, the others told without the reason', async () => {
    const { portal, reference, caseworker, at, mails, months, loads, stores, caseId } = await setup({ from: '2026-12-01', to: '2027-01-31' });
    const before = await loads();
    at('2026-11-25T09:00:00+01:00');
    expect(await failure(portal.cancel(caseworker, reference, {}))).toEqual({ status: 400, fields: ['reason'] });
    expect(await failure(portal.cancel(SARA, reference, { reason: 'x' }))).toMatchObject({ status: 403 });
    const page = await portal.cancel(caseworker, reference, { reason: 'Personen har flyttat till särskilt boende.' });
    expect(page.phase).toBe('closed');
    expect(page.ended).toMatchObject({ endedOn: '2026-11-25', cancelled: { late: false, reason: 'Personen har flyttat till särskilt boende.' } });
    expect(page.actions).toMatchObject({ cancel: false, reportStayEnd: false, requestCompletion: false });
    expect(await months()).toEqual([]);
    expect(mails('order_cancelled').map((m) => m.to).sort()).toEqual(['anna.berglund@katrineholm.example', 'larm@sundbyberg.example', 'order@duvbo-omsorg.example']);
    for (const m of mails('order_cancelled')) expect(m.text).not.toContain('särskilt boende');
    expect(mails('closing_task')).toHaveLength(1);
    expect((await stores.cases.find(caseId))!.closedAt).toBe('2026-11-25T08:00:00.000Z');
    const after = await loads();
    expect(after.providers['duvbo-omsorg'].clients).toBe(before.providers['duvbo-omsorg'].clients - 1);
    expect(await failure(portal.cancel(caseworker, reference, { reason: 'igen' }))).toMatchObject({ status: 409 });
    // The provider cannot act on a cancelled assignment any more.
    expect(await failure(portal.recordStart(SARA, reference, 'hemtjanst', { startedOn: '2026-12-01' }))).toMatchObject({ status: 409 });
    // The reason is sealed in the store.
    expect(JSON.stringify((await stores.cases.find(caseId))!.ended)).not.toContain('särskilt boende');
  });

  it('after a month is reported: months not begun dropped, the begun months still to report, closed with the last approval', async () => {
    const { portal, reports, reference, caseworker, at, months, stores, caseId } = await setup();
    at('2026-12-03T09:00:00+01:00');
    await reports.submit(SARA, reference, 'hemtjanst', '2026-11', { quantity: 300 });
    await portal.cancel(caseworker, reference, { reason: 'Vistelsen avbryts.' });
    expect(await months()).toEqual(['hemtjanst 2026-11 submitted', 'hemtjanst 2026-12 expected', 'trygghetslarm 2026-11 expected', 'trygghetslarm 2026-12 expected']);
    expect((await stores.cases.find(caseId))!.status).toBe('open');
    at('2027-01-05T09:00:00+01:00');
    await reports.review(caseworker, reference, 'hemtjanst', '2026-11', { decision: 'approve' });
    for (const [who, insats, month] of [[OLA, 'trygghetslarm', '2026-11'], [SARA, 'hemtjanst', '2026-12'], [OLA, 'trygghetslarm', '2026-12']] as const) {
      await reports.submit(who, reference, insats, month, { quantity: 1 });
      await reports.review(caseworker, reference, insats, month, { decision: 'approve' });
    }
    expect((await stores.cases.find(caseId))!.status).toBe('closed');
  });

  it('by the orderer, late when after the profile’s notice; the chasers stop', async () => {
    const lateConfig = parseMunicipalityConfig({ ...demo, rules: { ...demo.rules, lateCancellation: { noticeDays: 2, feeSek: 500 } } });
    expect(cancellationIsLate(lateConfig, '2026-12-10', '2026-12-08')).toBe(false);
    expect(cancellationIsLate(lateConfig, '2026-12-10', '2026-12-09')).toBe(true);
    expect(cancellationIsLate(config, '2026-12-10', '2026-12-20')).toBe(false);

    const { ordererCancels: cancels, view, at, mails, chase, stores, caseId } = await setup({ from: '2026-12-01', to: '2027-01-31' }, false);
    at('2026-11-23T11:00:00+01:00');
    const orderer = ordererPrincipalOf(view, view.order.orderer.email);
    await expect(cancels(orderer, { reason: '' }, 'csrf')).rejects.toMatchObject({ status: 400 });
    const page = await cancels(orderer, { reason: 'Personen stannar hemma.' }, 'csrf');
    expect(page).toMatchObject({ canCancel: false, canReportStayEnd: false, status: 'Avslutat', ended: { cancelled: true } });
    expect(mails('order_cancelled').map((m) => m.to)).not.toContain('anna.berglund@katrineholm.example');
    // The assignments sent but never confirmed are chased no more.
    expect(await chase(at('2026-11-25T12:00:00+01:00'))).toMatchObject({ reminded: 0, escalated: 0 });
    expect((await stores.cases.find(caseId))!.ended!.cancellation).toMatchObject({ by: 'orderer', late: false });
  });
  it('racing a report: the month reported meanwhile is kept, the case stays open for it, the rest decided again', async () => {
    const { portal, reports, reference, caseworker, at, months, stores, caseId } = await setup();
    at('2026-11-25T09:00:00+01:00');
    // The provider's report lands between the cancellation's reading of the reports and its write.
    const read = stores.reports.ofCase.bind(stores.reports);
    let raced = false;
    stores.reports.ofCase = async (id: string) => {
      const found = await read(id);
      if (!raced) {
        raced = true;
        await reports.submit(SARA, reference, 'hemtjanst', '2026-11', { quantity: 300 });
      }
      return found;
    };
    await portal.cancel(caseworker, reference, { reason: 'Vistelsen avbryts.' });
    expect(raced).toBe(true);
    expect(await months()).toEqual(['hemtjanst 2026-11 submitted', 'trygghetslarm 2026-11 expected']);
    expect((await stores.cases.find(caseId))!).toMatchObject({ status: 'open', ended: { cancellation: { by: 'caseworker' } } });
  });
});
