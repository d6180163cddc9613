import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { principalFor } from '../../../functions/core/access/principals';
import { chaseConfirmations } from '../../../functions/core/cases/chase-confirmations';
import { portalCases } from '../../../functions/core/cases/portal-cases';
import { submitOrder } from '../../../functions/core/intake/submit-order';
import { DomainError } from '../../../functions/core/kernel/errors';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import { startDeadlinesSchema } from '../../../shared/start-deadline-rules';
import { startDeadline } from '../../../shared/start-deadlines';
import { startDeadlineRuleText, startIsLate } from '../../../shared/start-deadline-rules';
import { matrixOrder } from '../../support/access-matrix';
import { inMemoryStores } from '../../support/in-memory-stores';
import { testVault } from '../../support/wiring';

/**
 * Start deadlines per insats type (seeds 002, 003): home care within a day, meals and the safety
 * alarm within three working days; **Insatsen har startat** / **Larmet är installerat** recorded by
 * the provider; a late start flagged **Start försenad**; the chaser's one step.
 */
const config = parseMunicipalityConfig(demo);
const person = (email: string) => principalFor(config, email)!;
const SARA = person('sara.lind@duvbo-omsorg.example');
const OLA = person('ola.persson@sundbyberg.example');

describe('the start deadline', () => {
  const rules = startDeadlinesSchema.parse({ default: { kind: 'days', n: 1 }, byInsats: { trygghetslarm: { kind: 'working_days', n: 3 } } });
  it('counts calendar days for home care and working days for the alarm, from the day the order reached the provider', () => {
    // Friday 4 December 2026.
    expect(startDeadline(rules, 'hemtjanst', { sentOn: '2026-12-04', stayFrom: '2026-12-04' })).toBe('2026-12-05');
    expect(startDeadline(rules, 'trygghetslarm', { sentOn: '2026-12-04', stayFrom: '2026-12-04' })).toBe('2026-12-09');
    // Over Christmas: 24–27 December are no working days.
    expect(startDeadline(rules, 'trygghetslarm', { sentOn: '2026-12-23', stayFrom: '2026-12-23' })).toBe('2026-12-30');
  });
  it('is never before the stay begins', () => {
    expect(startDeadline(rules, 'hemtjanst', { sentOn: '2026-12-04', stayFrom: '2026-12-20' })).toBe('2026-12-20');
    expect(startDeadline(rules, 'trygghetslarm', { sentOn: '2026-12-04', stayFrom: '2026-12-20' })).toBe('2026-12-20');
  });
  it('says its rule in words, and a start is late only after the deadline', () => {
    expect(startDeadlineRuleText({ kind: 'days', n: 1 })).toBe('inom 1 dag');
    expect(startDeadlineRuleText({ kind: 'working_days', n: 3 })).toBe('inom 3 vardagar');
    expect(startIsLate('2026-12-05', '2026-12-05', '2026-12-10')).toBe(false);
    expect(startIsLate('2026-12-05', '2026-12-06', '2026-12-06')).toBe(true);
    expect(startIsLate('2026-12-05', undefined, '2026-12-05')).toBe(false);
    expect(startIsLate('2026-12-05', undefined, '2026-12-06')).toBe(true);
  });
  it('is in the demo profile per insats type, and defaults to one day', () => {
    expect(config.rules.startDeadlines.byInsats.matdistribution).toEqual({ kind: 'working_days', n: 3 });
    expect(config.rules.startDeadlines.byInsats.trygghetslarm).toEqual({ kind: 'working_days', n: 3 });
    expect(startDeadlinesSchema.parse(undefined)).toEqual({ default: { kind: 'days', n: 1 }, byInsats: {} });
  });
});

/** An order placed Monday 23 November 2026 at 10:00 for a stay beginning that day. */
async function setup() {
  const stores = inMemoryStores();
  let n = 0;
  let now = new Date('2026-11-23T10:00:00+01:00');
  const deps = { ...stores, vault: testVault(), clock: { now: () => now }, ids: { next: () => `ID${String(++n).padStart(6, '0')}` }, config, publicBaseUrl: 'https://vistelse.example' };
  const order = matrixOrder('ordinary', '2026-11-23');
  order.stay.from = '2026-11-23';
  const { receipt } = await submitOrder(deps)({ body: order });
  const reference = receipt.reference;
  const caseId = (await stores.cases.findIdByReference(reference))!;
  const caseworkerId = (await stores.cases.find(caseId))!.routing.caseworkerId!;
  const caseworker = person(config.caseworkers.find((c) => c.id === caseworkerId)!.email);
  const portal = portalCases(deps);
  const chase = chaseConfirmations({ ...stores, ids: deps.ids, config, publicBaseUrl: deps.publicBaseUrl });
  const mails = () => [...stores.outbox.notifications.values()].map(({ message: m }) => ({ kind: m.kind, to: m.to, subject: m.mail.subject, text: m.mail.text }));
  const mailsOf = (kind: string) => mails().filter((m) => m.kind === kind);
  const at = (iso: string) => {
    now = new Date(iso);
    return now;
  };
  const contact = { contactName: 'Sara Lind', contactPhone: '08-123 456 78' };
  return { stores, portal, chase, reference, caseId, caseworker, mails, mailsOf, at, contact };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error) => (error instanceof DomainError ? { status: error.status, fields: error.issues?.map((i) => i.path) } : Promise.reject(error)),
  );

describe('Insatsen har startat', () => {
  it('shows the deadline from the confirmation on, and a start on time is just recorded', async () => {
    const { portal, chase, reference, caseworker, mailsOf, at, contact } = await setup();
    const page = await portal.confirm(SARA, reference, 'hemtjanst', { startDate: '2026-11-24', ...contact });
    const assignment = page.assignments.find((a) => a.insatsType === 'hemtjanst')!;
    expect(assignment.start).toEqual({ deadline: '2026-11-24', rule: 'inom 1 dag', late: false, alarm: false });
    expect(assignment.actions.recordStart).toBe(true);
    // The caseworker sees the deadline but may not record the start.
    const theirs = (await portal.read(caseworker, reference)).assignments.find((a) => a.insatsType === 'hemtjanst')!;
    expect(theirs.start?.deadline).toBe('2026-11-24');
    expect(theirs.actions.recordStart).toBe(false);

    at('2026-11-24T15:00:00+01:00');
    const started = await portal.recordStart(SARA, reference, 'hemtjanst', { startedOn: '2026-11-24' });
    const after = started.assignments.find((a) => a.insatsType === 'hemtjanst')!;
    expect(after.start).toMatchObject({ startedOn: '2026-11-24', late: false });
    expect(after.actions.recordStart).toBe(false);
    expect((await portal.read(caseworker, reference)).timeline!.map((e) => e.text)).toContainEqual(expect.stringContaining('hemtjänst startade 2026-11-24'));
    expect(mailsOf('start_late')).toEqual([]);
    // Long after the deadline the chaser has nothing to do.
    expect(await chase(at('2026-12-10T08:00:00+01:00'))).toMatchObject({ startLate: 0 });
    expect((await portal.inbox(caseworker, 'all')).rows.find((r) => r.reference === reference)!.startLate).toBe(false);
  });

  it('with no start recorded, the chaser reminds the provider and tells the caseworker once, the morning after the deadline', async () => {
    const { portal, chase, reference, caseworker, mailsOf, at, contact } = await setup();
    await portal.confirm(SARA, reference, 'hemtjanst', { startDate: '2026-11-24', ...contact });
    expect(await chase(at('2026-11-25T06:59:00+01:00'))).toMatchObject({ startLate: 0 });
    expect((await portal.inbox(caseworker, 'all')).rows.find((r) => r.reference === reference)!.startLate).toBe(true);

    // Two runs at once, and again later: one step.
    const runs = await Promise.all([chase(at('2026-11-25T07:00:00+01:00')), chase(at('2026-11-25T07:00:00+01:00'))]);
    expect(runs.reduce((sum, r) => sum + r.startLate, 0)).toBe(1);
    expect(await chase(at('2026-11-26T07:00:00+01:00'))).toMatchObject({ startLate: 0 });
    expect(mailsOf('start_late_reminder').map((m) => m.to)).toEqual([config.providers.find((p) => p.id === 'duvbo-omsorg')!.email]);
    expect(mailsOf('start_late').map((m) => m.to)).toEqual([caseworker.email]);
    for (const m of [...mailsOf('start_late_reminder'), ...mailsOf('start_late')]) {
      expect(m.text).toContain(reference);
      expect(m.text).not.toMatch(/Elsa|Andersson|19\d{6}-?\d{4}|Storgatan/);
    }
    expect(mailsOf('start_late_reminder')[0].text).toContain(`/portal/uppdrag/${reference}`);
    const page = await portal.read(caseworker, reference);
    expect(page.assignments.find((a) => a.insatsType === 'hemtjanst')!.start!.late).toBe(true);
    expect(page.timeline!.map((e) => e.text)).toContainEqual(expect.stringMatching(/^Start försenad/));

    // The late start recorded afterwards: flagged, and the caseworker is not told a second time.
    const started = await portal.recordStart(SARA, reference, 'hemtjanst', { startedOn: '2026-11-26' });
    expect(started.assignments.find((a) => a.insatsType === 'hemtjanst')!.start).toMatchObject({ startedOn: '2026-11-26', late: true });
    expect(mailsOf('start_late')).toHaveLength(1);
    expect((await portal.inbox(caseworker, 'all')).rows.find((r) => r.reference === reference)!.startLate).toBe(true);
  });

  it('the expected reports follow the day it actually started: a later month drops the months before, the first month starts that day', async () => {
    const { portal, reference, at, contact, stores, caseId } = await setup();
    await portal.confirm(SARA, reference, 'hemtjanst', { startDate: '2026-11-24', ...contact });
    const months = async () => (await stores.reports.ofCase(caseId)).reports.filter((r) => r.insatsType === 'hemtjanst').map((r) => `${r.month} ${r.period.from}`);
    expect((await months())[0]).toBe('2026-11 2026-11-24');
    at('2026-12-02T10:00:00+01:00');
    await portal.recordStart(SARA, reference, 'hemtjanst', { startedOn: '2026-12-02' });
    const after = await months();
    expect(after[0]).toBe('2026-12 2026-12-02');
    expect(after.some((m) => m.startsWith('2026-11'))).toBe(false);
  });

  it('a late start recorded before the chaser ran tells the caseworker once, and the chaser then stays quiet', async () => {
    const { portal, chase, reference, caseworker, mailsOf, at, contact } = await setup();
    await portal.confirm(SARA, reference, 'hemtjanst', { startDate: '2026-11-24', ...contact });
    at('2026-11-25T06:30:00+01:00');
    await portal.recordStart(SARA, reference, 'hemtjanst', { startedOn: '2026-11-25' });
    expect(mailsOf('start_late').map((m) => m.to)).toEqual([caseworker.email]);
    expect(mailsOf('start_late')[0].text).toContain('startade 25 november 2026');
    expect(await chase(at('2026-11-25T07:00:00+01:00'))).toMatchObject({ startLate: 0 });
    expect(mailsOf('start_late')).toHaveLength(1);
    expect(mailsOf('start_late_reminder')).toEqual([]);
  });

  it('refuses a day outside the stay or in the future, naming the field, a second start, and a start before confirmation', async () => {
    const { portal, reference, at, contact, stores, caseId } = await setup();
    expect(await failure(portal.recordStart(SARA, reference, 'hemtjanst', { startedOn: '2026-11-23' }))).toMatchObject({ status: 409 });
    await portal.confirm(SARA, reference, 'hemtjanst', { startDate: '2026-11-24', ...contact });
    at('2026-11-24T09:00:00+01:00');
    expect(await failure(portal.recordStart(SARA, reference, 'hemtjanst', { startedOn: '2026-11-25' }))).toEqual({ status: 400, fields: ['startedOn'] });
    expect(await failure(portal.recordStart(SARA, reference, 'hemtjanst', { startedOn: '2026-11-22' }))).toEqual({ status: 400, fields: ['startedOn'] });
    expect(await failure(portal.recordStart(SARA, reference, 'hemtjanst', { startedOn: '24/11' }))).toEqual({ status: 400, fields: ['startedOn'] });
    expect(await failure(portal.recordStart(SARA, reference, 'hemtjanst', {}))).toEqual({ status: 400, fields: ['startedOn'] });
    expect((await stores.cases.find(caseId))!.assignments.find((a) => a.insatsType === 'hemtjanst')!.started).toBeUndefined();
    await portal.recordStart(SARA, reference, 'hemtjanst', { startedOn: '2026-11-24' });
    expect(await failure(portal.recordStart(SARA, reference, 'hemtjanst', { startedOn: '2026-11-24' }))).toMatchObject({ status: 409 });
    // Another provider of the case may not record this one's start.
    expect(await failure(portal.recordStart(OLA, reference, 'hemtjanst', { startedOn: '2026-11-24' }))).toMatchObject({ status: 403 });
  });
});

describe('Larmet är installerat', () => {
  it('has three working days, and tells the orderer and the economy assistants, without personal data', async () => {
    const { portal, reference, mailsOf, at, caseworker } = await setup();
    // Monday + 3 working days: Thursday.
    const page = await portal.confirm(OLA, reference, 'trygghetslarm', { startDate: '2026-11-24', contactName: 'Ola Persson', contactPhone: '08-706 80 00' });
    expect(page.assignments.find((a) => a.insatsType === 'trygghetslarm')!.start).toEqual({ deadline: '2026-11-26', rule: 'inom 3 vardagar', late: false, alarm: true });
    at('2026-11-26T13:00:00+01:00');
    const installed = await portal.recordStart(OLA, reference, 'trygghetslarm', { startedOn: '2026-11-26' });
    expect(installed.assignments.find((a) => a.insatsType === 'trygghetslarm')!.start).toMatchObject({ startedOn: '2026-11-26', late: false });
    expect((await portal.read(caseworker, reference)).timeline!.map((e) => e.text)).toContainEqual(expect.stringContaining('larmet installerades 2026-11-26'));
    const mails = mailsOf('alarm_installed');
    expect(mails.map((m) => m.to)).toEqual(['anna.berglund@katrineholm.example', config.mailboxes.economy]);
    for (const m of mails) {
      expect(m.subject).toBe(`Larmet är installerat – ärende ${reference}`);
      expect(m.text).toContain('26 november 2026');
      expect(m.text).not.toMatch(/Elsa|Andersson|19\d{6}-?\d{4}|Storgatan/);
    }
    expect(mails[0].text).toContain(`/arende/${reference}`);
    expect(mailsOf('start_late')).toEqual([]);
    // The caseworker reads it on the case.
    expect((await portal.read(caseworker, reference)).assignments.find((a) => a.insatsType === 'trygghetslarm')!.start!.startedOn).toBe('2026-11-26');
  });
});
