import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { principalFor } from '../../../functions/core/access/principals';
import { portalCases } from '../../../functions/core/cases/portal-cases';
import { submitOrder } from '../../../functions/core/intake/submit-order';
import { invoicing } from '../../../functions/core/invoicing/invoicing';
import { DomainError } from '../../../functions/core/kernel/errors';
import { CHASER_MAIL_CASE_ID, chaseTimeReports } from '../../../functions/core/reports/chase-time-reports';
import { caseTimeReports } from '../../../functions/core/reports/time-reports';
import { stockholmInstant } from '../../../shared/dates';
import { timeReportChaseMail } from '../../../shared/mail/time-reports';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import { matrixOrder } from '../../support/access-matrix';
import { inMemoryStores } from '../../support/in-memory-stores';
import { testVault } from '../../support/wiring';

/**
 * Monthly time reports as the people involved notice them: which reports a confirmed assignment
 * owes, the provider submitting (late, extra visits, corrections), the caseworker approving or
 * returning, who is told, and the chaser's ladder over a simulated month.
 */
const config = parseMunicipalityConfig(demo);
const person = (email: string) => principalFor(config, email)!;
const SARA = person('sara.lind@duvbo-omsorg.example');
const OLA = person('ola.persson@sundbyberg.example');
const KARIN = person('karin.wik@sundbyberg.example');
const MARIA = person('maria.ek@sundbyberg.example');
const EVA = person('eva.lundgren@sundbyberg.example');
const DUVBO = 'order@duvbo-omsorg.example';

/** Swedish wall time → instant. */
const at = (local: string) => stockholmInstant(local)!;

async function setup(orders = 1) {
  const stores = inMemoryStores();
  let now = at('2026-11-23T10:00');
  let n = 0;
  const clock = { now: () => now };
  const deps = { ...stores, vault: testVault(), clock, ids: { next: () => `ID${String(++n).padStart(8, '0')}` }, config, publicBaseUrl: 'https://vistelse.example' };
  const portal = portalCases(deps);
  const reports = caseTimeReports(deps);
  const chase = chaseTimeReports(deps);
  const cases: { reference: string; caseworker: ReturnType<typeof person> }[] = [];
  for (let i = 0; i < orders; i++) {
    // The stay: 2026-12-15 – 2027-02-15; home care 22 h a month at 495 kr/h, a safety alarm at 310 kr a month.
    const { receipt } = await submitOrder(deps)({ body: matrixOrder('ordinary', '2026-11-23') });
    const caseId = (await stores.cases.findIdByReference(receipt.reference))!;
    const view = (await stores.cases.find(caseId))!;
    const caseworker = person(config.caseworkers.find((c) => c.id === view.routing.caseworkerId)!.email);
    await portal.confirm(SARA, receipt.reference, 'hemtjanst', { startDate: '2026-12-15', contactName: 'Sara Lind', contactPhone: '08-123 456 78' });
    cases.push({ reference: receipt.reference, caseworker });
  }
  // The first working day of 2027: December's report can be sent (its period has begun), not yet due.
  now = at('2027-01-04T09:00');
  const mails = () => [...stores.outbox.notifications.values()].map(({ message: m }) => m);
  return { stores, deps, portal, reports, chase, cases, mails, setNow: (d: Date) => (now = d) };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error) => (error instanceof DomainError ? { status: error.status, fields: error.issues?.map((i) => i.path) } : Promise.reject(error)),
  );

describe('Expected reports', () => {
  it('owes one report per month of the stay from the confirmed start date, partial months included, each due on the 2nd working day', async () => {
    const { reports, cases } = await setup();
    const { reports: list } = await reports.list(SARA, cases[0].reference);
    expect(list.map((r) => [r.insatsType, r.month, r.period.from, r.period.to, r.dueDate])).toEqual([
      ['hemtjanst', '2026-12', '2026-12-15', '2026-12-31', '2027-01-05'],
      ['hemtjanst', '2027-01', '2027-01-01', '2027-01-31', '2027-02-02'],
      ['hemtjanst', '2027-02', '2027-02-01', '2027-02-15', '2027-03-02'],
    ]);
    // 22 h a month over 17 of December's 31 days: 12 h 4 min granted.
    expect(list[0]).toMatchObject({ unit: 'minutes', granted: 724, grantedText: '12 tim 4 min', status: 'expected', maySubmit: true, mayReview: false });
    expect(list[1]).toMatchObject({ granted: 22 * 60 });
  });

  it('can’t be sent before its period has begun', async () => {
    const { reports, cases, setNow, stores } = await setup();
    setNow(at('2026-12-14T12:00'));
    expect((await reports.list(SARA, cases[0].reference)).reports[0].maySubmit).toBe(false);
    expect(await failure(reports.submit(SARA, cases[0].reference, 'hemtjanst', '2026-12', { quantity: 60 }))).toMatchObject({ status: 409 });
    setNow(at('2026-12-15T08:00'));
    expect((await reports.list(SARA, cases[0].reference)).reports[0].maySubmit).toBe(true);
    expect(stores.reports.versions.size).toBe(0);
  });

  it('starts from the start date the provider confirmed, not the stay’s first day', async () => {
    const { stores, deps, portal, reports } = await setup(0);
    const { receipt } = await submitOrder(deps)({ body: matrixOrder('ordinary', '2026-11-23') });
    await portal.confirm(SARA, receipt.reference, 'hemtjanst', { startDate: '2027-01-10', contactName: 'Sara Lind', contactPhone: '08-123 456 78' });
    const { reports: list } = await reports.list(SARA, receipt.reference);
    expect(list.map((r) => r.month)).toEqual(['2027-01', '2027-02']);
    expect(list[0].period).toMatchObject({ from: '2027-01-10', days: 22, daysInMonth: 31 });
    expect(stores.reports.reports.size).toBe(2);
  });
});

describe('Skicka tidrapporten and the reconciliation', () => {
  it('takes the provider’s report with an extra visit, tells the caseworker, and the caseworker approves it: economy and fees are told', async () => {
    const { reports, cases, mails, setNow, portal } = await setup();
    const { reference, caseworker } = cases[0];
    setNow(at('2027-01-04T09:00'));
    const before = mails().length;
    const submitted = await reports.submit(SARA, reference, 'hemtjanst', '2026-12', {
      quantity: 13 * 60 + 30,
      extras: [{ date: '2026-12-24', quantity: 45, reason: 'Akut besök efter fall, larmet gick.' }],
      comment: 'Hemkommunens mall skickas som meddelande.',
    });
    const december = submitted.reports[0];
    expect(december).toMatchObject({ status: 'submitted', maySubmit: false });
    expect(december.versions).toHaveLength(1);
    expect(december.versions[0]).toMatchObject({ version: 1, late: false, quantityText: '13 tim 30 min', extrasTotal: 45, totalText: '14 tim 15 min' });
    expect(december.versions[0].extras[0].reason).toBe('Akut besök efter fall, larmet gick.');
    expect(mails().slice(before).map((m) => [m.kind, m.to])).toEqual([['time_report_submitted', caseworker.email]]);

    // The caseworker sees reported against granted, the deviation (over 10 %) named in words.
    const seen = (await reports.list(caseworker, reference)).reports[0];
    expect(seen).toMatchObject({ mayReview: true, deviation: 'over', deviationLabel: 'Avvikelse: mer än beviljat', grantedText: '12 tim 4 min' });
    // The caseworker's list says a report waits, until it is reconciled.
    const rowOf = async () => (await portal.inbox(caseworker, 'all')).rows.find((r) => r.reference === reference)!;
    expect((await rowOf()).reportsToReview).toBe(1);
    expect((await portal.inbox(SARA, 'all')).rows.find((r) => r.reference === reference)!.reportsToReview).toBe(0);
    const approved = await reports.review(caseworker, reference, 'hemtjanst', '2026-12', { decision: 'approve' });
    expect((await rowOf()).reportsToReview).toBe(0);
    expect(approved.reports[0]).toMatchObject({ status: 'approved', mayReview: false, maySubmit: false });
    expect(mails().slice(before + 1).map((m) => [m.kind, m.to])).toEqual([
      ['time_report_approved', 'ekonomiassistenter@sundbyberg.example'],
      ['time_report_approved', 'avgifter@sundbyberg.example'],
    ]);
    for (const m of mails().slice(before)) expect(`${m.mail.subject} ${m.mail.text}`).not.toMatch(/Akut|fall|Karin|Lindqvist|mall/);
  });

  it('marks a report submitted after its due date late, and still takes it', async () => {
    const { reports, cases, setNow } = await setup();
    setNow(at('2027-01-08T09:00'));
    const { reports: list } = await reports.submit(SARA, cases[0].reference, 'hemtjanst', '2026-12', { quantity: 600 });
    expect(list[0].versions[0].late).toBe(true);
  });

  it('returns a report with a comment; the provider corrects it as version 2 and version 1 stays readable', async () => {
    const { reports, cases, mails, setNow } = await setup();
    const { reference, caseworker } = cases[0];
    setNow(at('2027-01-04T09:00'));
    await reports.submit(SARA, reference, 'hemtjanst', '2026-12', { quantity: 2000 });
    expect(await failure(reports.review(caseworker, reference, 'hemtjanst', '2026-12', { decision: 'return' }))).toEqual({ status: 400, fields: ['comment'] });
    const before = mails().length;
    await reports.review(caseworker, reference, 'hemtjanst', '2026-12', { decision: 'return', comment: 'Tiden överstiger beviljat, kontrollera.' });
    expect(mails().slice(before).map((m) => [m.kind, m.to])).toEqual([['time_report_returned', DUVBO]]);
    const returned = (await reports.list(SARA, reference)).reports[0];
    expect(returned).toMatchObject({ status: 'returned', maySubmit: true });
    expect(returned.versions[0].review).toMatchObject({ decision: 'return', by: caseworker.name, comment: 'Tiden överstiger beviljat, kontrollera.' });
    // Who sent and who reviewed, by name and organisation (not an address).
    expect(returned.versions[0].submittedBy).toBe('Sara Lind, Duvbo Omsorg AB');

    const corrected = (await reports.submit(SARA, reference, 'hemtjanst', '2026-12', { quantity: 720 })).reports[0];
    expect(corrected.versions.map((v) => [v.version, v.quantity])).toEqual([
      [1, 2000],
      [2, 720],
    ]);
    expect(corrected.status).toBe('submitted');
  });

  it('names each bad field and stores nothing', async () => {
    const { reports, cases, stores } = await setup();
    const { reference } = cases[0];
    expect(await failure(reports.submit(SARA, reference, 'hemtjanst', '2026-12', { quantity: -1 }))).toEqual({ status: 400, fields: ['quantity'] });
    expect(await failure(reports.submit(SARA, reference, 'hemtjanst', '2026-12', { quantity: 12.5 }))).toEqual({ status: 400, fields: ['quantity'] });
    expect(
      await failure(reports.submit(SARA, reference, 'hemtjanst', '2026-12', { quantity: 60, extras: [{ date: '2026-11-30', quantity: 30, reason: 'Före vistelsen' }, { date: '2026-12-20', quantity: 30, reason: '' }] })),
    ).toEqual({ status: 400, fields: ['extras.1.reason'] });
    expect(await failure(reports.submit(SARA, reference, 'hemtjanst', '2026-12', { quantity: 60, extras: [{ date: '2026-11-30', quantity: 30, reason: 'Före vistelsen' }] }))).toEqual({
      status: 400,
      fields: ['extras.0.date'],
    });
    expect(stores.reports.versions.size).toBe(0);
  });

  it('lets only the case’s own provider submit, and only its caseworker or unit head approve', async () => {
    const { reports, cases } = await setup();
    const { reference, caseworker } = cases[0];
    // Another provider does not see the case at all; the alarm provider sees no home-care report.
    expect(await failure(reports.list(KARIN, reference))).toEqual({ status: 404, fields: undefined });
    expect(await failure(reports.submit(OLA, reference, 'hemtjanst', '2026-12', { quantity: 60 }))).toMatchObject({ status: 404 });
    expect(await failure(reports.submit(caseworker, reference, 'hemtjanst', '2026-12', { quantity: 60 }))).toMatchObject({ status: 404 });
    await reports.submit(SARA, reference, 'hemtjanst', '2026-12', { quantity: 60 });
    expect(await failure(reports.review(SARA, reference, 'hemtjanst', '2026-12', { decision: 'approve' }))).toMatchObject({ status: 403 });
    expect(await failure(reports.review(EVA, reference, 'hemtjanst', '2026-12', { decision: 'approve' }))).toMatchObject({ status: 403 });
    await reports.review(MARIA, reference, 'hemtjanst', '2026-12', { decision: 'approve' });
  });

  it('shows the economy assistant quantities but none of the free texts (they may speak of the person)', async () => {
    const { reports, cases, stores } = await setup();
    await reports.submit(SARA, cases[0].reference, 'hemtjanst', '2026-12', { quantity: 60, extras: [{ date: '2026-12-20', quantity: 30, reason: 'Karin föll i duschen' }], comment: 'Dottern bortrest' });
    const auditsBefore = stores.audit.entries.length;
    const economy = await reports.list(EVA, cases[0].reference);
    expect(JSON.stringify(economy)).not.toMatch(/Karin|duschen|Dottern/);
    expect(economy.reports[0].versions[0].total).toBe(90);
    expect(stores.audit.entries.length).toBe(auditsBefore);
    // The provider reading them is audited.
    await reports.list(SARA, cases[0].reference);
    expect(stores.audit.entries.at(-1)).toMatchObject({ by: SARA.email, what: ['timeReportTexts'] });
  });
});

describe('Tidrapporter, the provider’s list', () => {
  it('lists the provider’s reports not yet approved across its cases, earliest due first, with what is late', async () => {
    const { reports, cases, setNow } = await setup(2);
    setNow(at('2027-01-08T09:00'));
    await reports.submit(SARA, cases[1].reference, 'hemtjanst', '2026-12', { quantity: 600 });
    const list = await reports.ofProvider(SARA);
    expect(list.rows.map((r) => [r.reference, r.month, r.status, r.overdue, r.open])).toEqual([
      [cases[0].reference, '2026-12', 'expected', true, true],
      [cases[1].reference, '2026-12', 'submitted', false, true],
      [cases[0].reference, '2027-01', 'expected', false, true],
      [cases[1].reference, '2027-01', 'expected', false, true],
      [cases[0].reference, '2027-02', 'expected', false, false],
      [cases[1].reference, '2027-02', 'expected', false, false],
    ]);
    expect(list.counts).toEqual({ toSend: 3, overdue: 1, awaitingReview: 1 });
    // Approved, a report leaves the list; another provider's list holds none of these; a caseworker has none.
    await reports.review(cases[1].caseworker, cases[1].reference, 'hemtjanst', '2026-12', { decision: 'approve' });
    expect((await reports.ofProvider(SARA)).rows).toHaveLength(5);
    expect((await reports.ofProvider(KARIN)).rows).toEqual([]);
    expect(await failure(reports.ofProvider(cases[0].caseworker))).toMatchObject({ status: 403 });
  });
});

describe('The invoice basis', () => {
  it('bills the approved quantities at the home municipality’s rate, in öre, with its reference and no personal data', async () => {
    const { reports, cases, deps } = await setup();
    const { reference, caseworker } = cases[0];
    await reports.submit(SARA, reference, 'hemtjanst', '2026-12', { quantity: 12 * 60 + 30, extras: [{ date: '2026-12-24', quantity: 45, reason: 'Akut' }] });
    await reports.review(caseworker, reference, 'hemtjanst', '2026-12', { decision: 'approve' });
    const basis = await invoicing(deps).basis(EVA, '2026-12');
    // 13 h 15 min = 795 min × 495 kr/h = 6 558,75 kr.
    expect(basis).toMatchObject({ month: '2026-12', totalOre: 655_875, lineCount: 1 });
    expect(basis.groups[0].homeMunicipality).toEqual({ code: '0483', name: 'Katrineholm' });
    expect(basis.groups[0].lines[0]).toMatchObject({ caseReference: reference, invoiceReference: expect.stringMatching(/^MATRIX-ordinary-/), quantity: 795, amountOre: 655_875 });
    expect(JSON.stringify(basis)).not.toMatch(/Karin|Lindqvist|19400612|Järnvägsgatan|Akut/);
    expect(await failure(invoicing(deps).basis(SARA, '2026-12'))).toMatchObject({ status: 403 });
    expect(await failure(invoicing(deps).basis(EVA, '2026-13'))).toEqual({ status: 400, fields: ['month'] });
    // A month with nothing approved is an empty basis, not an error.
    expect(await invoicing(deps).basis(EVA, '2027-01')).toMatchObject({ totalOre: 0, groups: [] });
  });
});

describe('A safety alarm, paid per month', () => {
  it('is reported in days, no more than the period has, and billed pro rata by days', async () => {
    const { reports, cases, deps, portal } = await setup();
    const { reference, caseworker } = cases[0];
    await portal.confirm(OLA, reference, 'trygghetslarm', { startDate: '2026-12-15', contactName: 'Ola Persson', contactPhone: '08-123 456 79' });
    const alarm = (await reports.list(OLA, reference)).reports.find((r) => r.insatsType === 'trygghetslarm' && r.month === '2026-12')!;
    expect(alarm).toMatchObject({ unit: 'days', unitLabel: 'dagar', granted: 17, period: { days: 17, daysInMonth: 31 } });
    expect(await failure(reports.submit(OLA, reference, 'trygghetslarm', '2026-12', { quantity: 18 }))).toEqual({ status: 400, fields: ['quantity'] });
    expect(await failure(reports.submit(OLA, reference, 'trygghetslarm', '2026-12', { quantity: 16, extras: [{ date: '2026-12-20', quantity: 2, reason: 'Larmet flyttat' }] }))).toEqual({ status: 400, fields: ['quantity'] });
    await reports.submit(OLA, reference, 'trygghetslarm', '2026-12', { quantity: 17 });
    await reports.review(caseworker, reference, 'trygghetslarm', '2026-12', { decision: 'approve' });
    // 17 of December's 31 days at 310 kr a month: 170,00 kr exactly.
    const basis = await invoicing(deps).basis(EVA, '2026-12');
    expect(basis.groups[0].lines.find((l) => l.insatsType === 'trygghetslarm')).toMatchObject({ quantity: 17, amountOre: 17_000 });
  });
});

describe('chase-time-reports', () => {
  /** Runs the job as of each day of January 2027 at 07:00, and again at 07:05 and 13:00: the ladder's mails by day, step and recipient. */
  async function january(s: Awaited<ReturnType<typeof setup>>, onDay?: (day: string) => Promise<void>) {
    const log: string[] = [];
    for (let d = 1; d <= 31; d++) {
      const day = `2027-01-${String(d).padStart(2, '0')}`;
      await onDay?.(day);
      for (const time of ['07:00', '07:05', '13:00']) {
        const before = s.mails().length;
        s.setNow(at(`${day}T${time}`));
        await s.chase(at(`${day}T${time}`));
        for (const m of s.mails().slice(before)) log.push(`${day} ${m.kind} ${m.to} ${m.mail.text.match(/Öppna ärende/g)?.length ?? 0}`);
      }
    }
    return log;
  }

  it('reminds the day before, chases the day after, chases again with the caseworker told, then escalates — each once, on working days', async () => {
    const s = await setup();
    const { caseworker } = s.cases[0];
    const log = await january(s);
    // December's report (due Tue 5 Jan; 6 Jan is a holiday): reminder Mon 4, chaser Thu 7, second chaser Thu 14 (+5 working days), escalation Thu 21.
    expect(log).toEqual([
      `2027-01-04 time_report_reminder ${DUVBO} 1`,
      `2027-01-07 time_report_chaser ${DUVBO} 1`,
      `2027-01-14 time_report_second_chaser ${DUVBO} 1`,
      `2027-01-14 time_report_second_chaser ${caseworker.email} 1`,
      `2027-01-21 time_report_escalation maria.ek@sundbyberg.example 1`,
    ]);
    // The chaser's mails name the report, never the person.
    const chaser = s.mails().find((m) => m.kind === 'time_report_chaser')!;
    expect(chaser.caseId).toBe(CHASER_MAIL_CASE_ID);
    expect(chaser.mail.text).toContain(`${s.cases[0].reference}, hemtjänst, december 2026 (sista dag 5 januari 2027)`);
    expect(chaser.mail.text).not.toMatch(/Karin|Lindqvist|19400612/);
  });

  it('stops the ladder when the report arrives', async () => {
    const s = await setup();
    const log = await january(s, async (day) => {
      if (day === '2027-01-10') await s.reports.submit(SARA, s.cases[0].reference, 'hemtjanst', '2026-12', { quantity: 600 });
    });
    expect(log.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['2027-01-04 time_report_reminder', '2027-01-07 time_report_chaser']);
  });

  it('sends a provider with twelve late reports one mail per step, listing all twelve', async () => {
    const s = await setup(12);
    const log = await january(s);
    const toDuvbo = log.filter((l) => l.includes(DUVBO));
    expect(toDuvbo.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['2027-01-04 time_report_reminder', '2027-01-07 time_report_chaser', '2027-01-14 time_report_second_chaser']);
    for (const line of toDuvbo) expect(line.endsWith(' 12')).toBe(true);
    const reminder = s.mails().find((m) => m.kind === 'time_report_reminder')!;
    expect(reminder.mail.subject).toBe('Påminnelse: 12 tidrapporter ska lämnas');
  });

  it('names at most 100 reports in one mail and links to the whole list beyond that', async () => {
    const s = await setup(0);
    const many = Array.from({ length: 130 }, (_, i) => ({ reference: `TV-2026-${String(i).padStart(5, '0')}`, insats: 'Hemtjänst', monthLabel: 'december 2026', dueDate: '2027-01-05', link: `https://vistelse.example/portal/arenden/TV-2026-${String(i).padStart(5, '0')}` }));
    const mail = timeReportChaseMail({ step: 'chaser', recipient: 'provider', municipalityName: 'Sundbyberg', reports: many, portalLink: 'https://vistelse.example/portal' });
    expect(mail.subject).toBe('130 tidrapporter saknas');
    expect(mail.text.match(/Öppna ärende/g)).toHaveLength(100);
    expect(mail.text).toContain('– och 30 till: logga in för att se alla.');
    expect(mail.text).toContain('Logga in och se alla: https://vistelse.example/portal');
    expect(s.mails()).toEqual([]);
  });

  it('takes each step once however concurrently the job runs', async () => {
    const s = await setup(5);
    s.setNow(at('2027-01-07T07:00'));
    const results = await Promise.all([1, 2, 3, 4].map(() => s.chase(at('2027-01-07T07:00'))));
    // The reminder day was missed: only the step due now (the chaser) is sent, once per report.
    expect(results.reduce((sum, r) => sum + r.steps.chaser, 0)).toBe(5);
    expect(results.reduce((sum, r) => sum + r.steps.reminder, 0)).toBe(0);
    const chasers = s.mails().filter((m) => m.kind === 'time_report_chaser');
    expect(chasers.flatMap((m) => m.mail.text.match(/Öppna ärende/g) ?? [])).toHaveLength(5);
  });

  it('does nothing on weekends and holidays', async () => {
    const s = await setup();
    for (const day of ['2027-01-02T07:00', '2027-01-06T07:00', '2027-01-09T07:00']) {
      expect(await s.chase(at(day))).toMatchObject({ workingDay: false, mails: 0 });
    }
  });

  it('reads only what is due: a run with nothing due makes a handful of requests, however many reports exist', async () => {
    const s = await setup(20);
    s.stores.reports.requests = 0;
    await s.chase(at('2026-12-21T07:00'));
    expect(s.stores.reports.requests).toBeLessThanOrEqual(2);
  });

  it('sends the mails a run that died left owed on the next run, once; a run that finds another at work does nothing', async () => {
    const s = await setup(2);
    s.setNow(at('2027-01-04T07:00'));
    // A run that took the steps and died before queueing its mails (its lease left to expire).
    await s.stores.jobLocks.acquire('chase-time-reports', 'DIED', at('2027-01-04T07:00'), at('2027-01-04T07:16'));
    const reportsDue = await s.stores.reports.dueForChase('2027-01-04', 10);
    for (const r of reportsDue) await s.stores.reports.takeStep({ ...r, step: 'reminder', stepsBefore: 0, at: at('2027-01-04T07:00').toISOString(), run: 'DIED', nextDueDate: r.ladder.chaser });
    expect(await s.chase(at('2027-01-04T07:10'))).toMatchObject({ anotherRunActive: true, mails: 0 });
    expect(s.mails().filter((m) => m.kind === 'time_report_reminder')).toHaveLength(0);
    // Once its lease has run out the next run sends them, once.
    await s.chase(at('2027-01-04T07:30'));
    await s.chase(at('2027-01-04T07:40'));
    const reminders = s.mails().filter((m) => m.kind === 'time_report_reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0].mail.subject).toBe('Påminnelse: 2 tidrapporter ska lämnas');
  });
});
