import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { principalFor } from '../../../functions/core/access/principals';
import { DomainError } from '../../../functions/core/kernel/errors';
import { chaseOutgoingReports } from '../../../functions/core/outgoing/chase-outgoing-reports';
import { outgoingOrderPdf } from '../../../functions/core/outgoing/order-pdf';
import { outgoingStays } from '../../../functions/core/outgoing/outgoing-stays';
import { MUNICIPALITIES } from '../../../shared/municipalities';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import { invoiceCheck } from '../../../shared/outgoing-stays';
import { personnummerFor } from '../../support/personnummer';
import { inMemoryStores } from '../../support/in-memory-stores';
import { testVault } from '../../support/wiring';

/**
 * Outgoing stays (issue 18, points 4–6; seeds 000 and 001, part one): **Ny utgående vistelse**
 * (the person sealed), the order's PDF, **Beställning skickad**, the confirmation, the reports
 * expected on the stay municipality's due rule and chased at its contact (the reference only),
 * **Tidrapport mottagen**, and the invoice checked against it at our rate.
 */
const config = parseMunicipalityConfig(demo);
const person = (email: string) => principalFor(config, email)!;
const ANDERS = person('anders.holm@sundbyberg.example');
const BRITT = person('britt.sandberg@sundbyberg.example');
const DAVID = person('david.oberg@sundbyberg.example');
const MARIA = person('maria.ek@sundbyberg.example');
const HANNA = person('hanna.sjo@sundbyberg.example');
const SARA = person('sara.lind@duvbo-omsorg.example');

export function outgoingBody(change: (b: any) => void = () => {}) {
  const body: any = {
    orderer: { phone: '08-706 80 00', unit: 'Äldreomsorgens myndighetsenhet' },
    billing: { address: 'Sundbybergs stad, Box 1, 172 92 Sundbyberg', reference: 'ÄO-4711' },
    person: { personnummer: personnummerFor('1938-04-12'), firstName: 'Greta', lastName: 'Sommarlund', protectedIdentity: false, stayAddress: { street: 'Sjövägen 3', postalCode: '793 31', city: 'Leksand' } },
    stayMunicipalityCode: '2029',
    stay: { from: '2026-12-14', to: '2027-02-20' },
    decision: { decidedOn: '2026-12-01', goal: 'Kunna bo kvar i sommarhuset med stöd', insatser: [{ type: 'hemtjanst', description: 'Hjälp med dusch två gånger i veckan', scope: { amount: 20, unit: 'hours_per_month' }, rate: { amountSek: 480, per: 'hour' } }] },
    contact: { name: 'Lena Dahl', email: 'bistand@leksand.example' },
  };
  change(body);
  return body;
}

function setup() {
  const stores = inMemoryStores();
  let n = 0;
  let now = new Date('2026-12-07T10:00:00+01:00');
  const deps = { ...stores, vault: testVault(), clock: { now: () => now }, ids: { next: () => `ID${String(++n).padStart(6, '0')}` }, config, publicBaseUrl: 'https://vistelse.example' };
  const mails = () => [...stores.outbox.notifications.values()].map(({ message: m }) => ({ id: m.id, kind: m.kind, to: m.to, subject: m.mail.subject, text: m.mail.text }));
  return { stores, outgoing: outgoingStays(deps), chase: chaseOutgoingReports(deps), at: (iso: string) => (now = new Date(iso)), mails };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error) => (error instanceof DomainError ? { status: error.status, fields: error.issues?.map((i) => i.path) } : Promise.reject(error)),
  );

describe('Ny utgående vistelse', () => {
  it('registers the stay with the person sealed; plans a report per month on our due rule; lists it for the unit', async () => {
    const { outgoing, stores } = setup();
    const stay = await outgoing.register(ANDERS, outgoingBody());
    expect(stay).toMatchObject({ reference: 'UV-2026-00001', status: 'registered', stayMunicipality: { code: '2029', name: 'Leksand' }, person: { firstName: 'Greta' }, reportDueLabel: '2:a vardagen i månaden efter' });
    expect(stay.reports.map((r) => [r.month, r.dueOn, r.unit])).toEqual([
      ['2026-12', '2027-01-05', 'minutes'],
      ['2027-01', '2027-02-02', 'minutes'],
      ['2027-02', '2027-03-02', 'minutes'],
    ]);
    expect(JSON.stringify([...stores.outgoing.stays.values()])).not.toMatch(/Greta|Sommarlund|Sjövägen|dusch/);
    // The unit's caseworkers and its head see it; the other unit and the provider do not.
    expect((await outgoing.list(BRITT)).rows.map((r) => r.reference)).toEqual(['UV-2026-00001']);
    expect((await outgoing.list(MARIA)).rows).toHaveLength(1);
    expect((await outgoing.list(DAVID)).rows).toEqual([]);
    expect(await failure(outgoing.read(DAVID, 'UV-2026-00001'))).toEqual({ status: 404, fields: undefined });
    expect(await failure(outgoing.read(SARA, 'UV-2026-00001'))).toEqual({ status: 404, fields: undefined });
    // The fee administrator reads the reports, not the person.
    const billing = await outgoing.read(HANNA, 'UV-2026-00001');
    expect(billing.view).toBe('billing');
    expect(billing.person).toBeUndefined();
    expect(billing.insatser[0]!.description).toBeUndefined();
    // Every read of the person is audited.
    expect(stores.audit.entries.filter((e) => e.caseId === [...stores.outgoing.stays.keys()][0]).map((e) => e.by)).toEqual(['anders.holm@sundbyberg.example']);
    // The next one continues the series, and the stay municipality's own due day is kept.
    const second = await outgoing.register(ANDERS, outgoingBody((b) => (b.reportDue = { kind: 'day_of_month', day: 10 })));
    expect(second.reference).toBe('UV-2026-00002');
    expect(second.reports[0]).toMatchObject({ month: '2026-12', dueOn: '2027-01-11' });
    expect(second.reportDueLabel).toBe('den 10:e i månaden efter (nästa vardag om den dagen är helg)');
    // …or its Nth working day: in January 2027 the 4th working day is the 8th (1 January a holiday, 2–3 a weekend, 6 January a holiday).
    const third = await outgoing.register(ANDERS, outgoingBody((b) => (b.reportDue = { kind: 'working_day', n: 4 })));
    expect(third.reports[0]).toMatchObject({ month: '2026-12', dueOn: '2027-01-08' });
    expect(third.reportDueLabel).toBe('4:e vardagen i månaden efter');
  });

  it('names every wrong field and stores nothing; only caseworkers and unit heads register', async () => {
    const { outgoing, stores } = setup();
    expect(await failure(outgoing.register(ANDERS, outgoingBody((b) => (b.stayMunicipalityCode = '0183'))))).toEqual({ status: 400, fields: ['stayMunicipalityCode'] });
    expect(await failure(outgoing.register(ANDERS, outgoingBody((b) => (b.stayMunicipalityCode = '9999'))))).toEqual({ status: 400, fields: ['stayMunicipalityCode'] });
    expect(await failure(outgoing.register(ANDERS, outgoingBody((b) => (b.stay.to = '2026-12-01'))))).toEqual({ status: 400, fields: ['stay.to'] });
    expect(await failure(outgoing.register(ANDERS, outgoingBody((b) => (b.person.personnummer = '19380412-0000'))))).toEqual({ status: 400, fields: ['person.personnummer'] });
    expect(await failure(outgoing.register(ANDERS, outgoingBody((b) => (b.contact.email = 'inte en adress'))))).toEqual({ status: 400, fields: ['contact.email'] });
    expect(await failure(outgoing.register(ANDERS, outgoingBody((b) => (b.decision.decidedOn = '2026-12-08'))))).toEqual({ status: 400, fields: ['decision.decidedOn'] });
    expect(await failure(outgoing.register(ANDERS, outgoingBody((b) => (b.reportDue = { kind: 'working_day', n: 11 }))))).toEqual({ status: 400, fields: ['reportDue.n'] });
    expect(await failure(outgoing.register(ANDERS, outgoingBody((b) => (b.reportDue = { kind: 'day_of_month', day: 31 }))))).toEqual({ status: 400, fields: ['reportDue.day'] });
    expect(await failure(outgoing.register(SARA, outgoingBody()))).toEqual({ status: 403, fields: undefined });
    expect(await failure(outgoing.register(HANNA, outgoingBody()))).toEqual({ status: 403, fields: undefined });
    expect(stores.outgoing.stays.size).toBe(0);
  });

  it('the 290 municipalities, each code once', () => {
    expect(MUNICIPALITIES).toHaveLength(290);
    expect(new Set(MUNICIPALITIES.map(([c]) => c)).size).toBe(290);
    expect(MUNICIPALITIES.find(([c]) => c === '0483')?.[1]).toBe('Katrineholm');
  });
});

describe('the order, its sending and the confirmation', () => {
  it('the PDF has every field; Beställning skickad and the confirmation are recorded once; months before the start are dropped', async () => {
    const { outgoing } = setup();
    const { reference } = await outgoing.register(ANDERS, outgoingBody());
    const pdf = await outgoingOrderPdf(await outgoing.orderForPdf(ANDERS, reference));
    expect(pdf.fileName).toBe('bestallning-UV-2026-00001.pdf');
    expect(Buffer.from(pdf.body.slice(0, 5)).toString()).toBe('%PDF-');
    expect(await failure(outgoing.orderForPdf(HANNA, reference))).toEqual({ status: 403, fields: undefined });

    expect(await failure(outgoing.markSent(ANDERS, reference, { sentOn: '2026-12-07', sentBy: 'duva' }))).toEqual({ status: 400, fields: ['sentBy'] });
    const sent = await outgoing.markSent(ANDERS, reference, { sentOn: '2026-12-07', sentBy: 'secure_email' });
    expect(sent).toMatchObject({ status: 'sent', sent: { sentOn: '2026-12-07', sentByLabel: 'Säker e-post' }, actions: { markSent: false } });
    expect(await failure(outgoing.markSent(BRITT, reference, { sentOn: '2026-12-07', sentBy: 'post' }))).toEqual({ status: 409, fields: undefined });

    expect(await failure(outgoing.confirm(ANDERS, reference, { confirmedOn: '2026-12-07', startDate: '2027-03-01' }))).toEqual({ status: 400, fields: ['startDate'] });
    const confirmed = await outgoing.confirm(ANDERS, reference, { confirmedOn: '2026-12-07', startDate: '2027-01-04' });
    expect(confirmed).toMatchObject({ status: 'confirmed', confirmation: { startDate: '2027-01-04' } });
    expect(confirmed.reports.map((r) => r.month)).toEqual(['2027-01', '2027-02']);
  });
});

describe('Vistelsen avslutad', () => {
  it('ended early: the later months are no longer expected nor chased, the last month only to the last day; recorded once, by those who work with it', async () => {
    const { outgoing, chase, mails } = setup();
    const { reference } = await outgoing.register(ANDERS, outgoingBody());
    expect(await failure(outgoing.end(ANDERS, reference, {}))).toEqual({ status: 400, fields: ['kind'] });
    expect(await failure(outgoing.end(ANDERS, reference, { kind: 'ended_early' }))).toEqual({ status: 400, fields: ['lastDay'] });
    expect(await failure(outgoing.end(ANDERS, reference, { kind: 'ended_early', lastDay: '2026-12-13' }))).toEqual({ status: 400, fields: ['lastDay'] });
    expect(await failure(outgoing.end(ANDERS, reference, { kind: 'ended_early', lastDay: '2027-02-20' }))).toEqual({ status: 400, fields: ['lastDay'] });
    expect(await failure(outgoing.end(HANNA, reference, { kind: 'cancelled' }))).toEqual({ status: 403, fields: undefined });
    expect(await failure(outgoing.end(DAVID, reference, { kind: 'cancelled' }))).toEqual({ status: 404, fields: undefined });
    const ended = await outgoing.end(BRITT, reference, { kind: 'ended_early', lastDay: '2027-01-10' });
    expect(ended).toMatchObject({ status: 'ended', statusLabel: 'Avslutad i förtid', ended: { kind: 'ended_early', label: 'Vistelsen avslutades i förtid', lastDay: '2027-01-10' }, actions: { end: false, markSent: false, confirm: false } });
    expect(ended.reports.map((r) => [r.month, r.period.from, r.period.to, r.period.days])).toEqual([
      ['2026-12', '2026-12-14', '2026-12-31', 18],
      ['2027-01', '2027-01-01', '2027-01-10', 10],
    ]);
    expect(await failure(outgoing.end(ANDERS, reference, { kind: 'cancelled' }))).toEqual({ status: 409, fields: undefined });
    expect(await failure(outgoing.markSent(ANDERS, reference, { sentOn: '2026-12-07', sentBy: 'post' }))).toEqual({ status: 409, fields: undefined });
    expect((await outgoing.list(ANDERS)).rows[0]).toMatchObject({ reference, statusLabel: 'Avslutad i förtid' });
    // January's report is still chased (reminded 1 February, the day before it is due); February's never is (it would be reminded 1 March).
    const toContact = () => mails().filter((m) => m.to === 'bistand@leksand.example');
    await chase(new Date('2027-02-01T07:00:00+01:00'));
    expect(toContact().filter((m) => m.kind === 'outgoing_report_reminder').map((m) => m.text.includes('januari 2027'))).toEqual([true]);
    for (const day of ['2027-02-26', '2027-03-01', '2027-03-02', '2027-03-03']) await chase(new Date(`${day}T07:00:00+01:00`));
    const before = toContact().length;
    for (const day of ['2027-03-04', '2027-03-05', '2027-03-08']) await chase(new Date(`${day}T07:00:00+01:00`));
    expect(toContact().length).toBe(before);
    expect(toContact().filter((m) => m.text.includes('februari 2027') && !m.text.includes('januari 2027'))).toEqual([]);
  });

  it('it never came about: every report still expected is dropped, one already received kept', async () => {
    const { outgoing } = setup();
    const { reference } = await outgoing.register(ANDERS, outgoingBody());
    await outgoing.receiveReport(ANDERS, reference, 'hemtjanst', '2026-12', { receivedOn: '2027-01-05', quantity: 0 });
    const cancelled = await outgoing.end(MARIA, reference, { kind: 'cancelled', lastDay: '2026-12-20' });
    expect(cancelled).toMatchObject({ status: 'cancelled', statusLabel: 'Blev inte av', ended: { kind: 'cancelled', label: 'Vistelsen blev inte av' } });
    expect(cancelled.ended!.lastDay).toBeUndefined();
    expect(cancelled.reports.map((r) => [r.month, r.status])).toEqual([['2026-12', 'received']]);
  });
});

describe('their reports, chased, and their invoices checked', () => {
  it('the ladder at the contact, one mail per recipient and step however often and concurrently it runs; the caseworker and the unit head told; a report received stops it', async () => {
    const { outgoing, chase, mails } = setup();
    const a = await outgoing.register(ANDERS, outgoingBody());
    // A second stay with the same contact: its December report goes in the same mails.
    const b = await outgoing.register(ANDERS, outgoingBody((body) => (body.stay.to = '2026-12-31')));
    const run = async (day: string) => {
      const at = new Date(`${day}T07:00:00+01:00`);
      return Promise.all([chase(at), chase(at), chase(at)]);
    };
    // The reminder the working day before the due date (5 January): Monday 4 January.
    await run('2027-01-04');
    const toContact = () => mails().filter((m) => m.to === 'bistand@leksand.example');
    expect(toContact().map((m) => m.kind)).toEqual(['outgoing_report_reminder']);
    expect(toContact()[0]!.text).toContain(a.reference);
    expect(toContact()[0]!.text).toContain(b.reference);
    expect(toContact()[0]!.text).not.toMatch(/https?:|Greta|Sommarlund/);
    await run('2027-01-04');
    expect(toContact()).toHaveLength(1);
    // Report of stay b received: only a's is chased further.
    await outgoing.receiveReport(ANDERS, b.reference, 'hemtjanst', '2026-12', { receivedOn: '2027-01-05', quantity: 300 });
    await run('2027-01-07');
    await run('2027-01-07');
    expect(toContact().map((m) => m.kind)).toEqual(['outgoing_report_reminder', 'outgoing_report_chaser']);
    expect(toContact()[1]!.text).not.toContain(b.reference);
    // Days missed: a run sends the latest step due (the second chaser on 14 January; the caseworker told).
    await run('2027-01-20');
    expect(toContact().map((m) => m.kind)).toEqual(['outgoing_report_reminder', 'outgoing_report_chaser', 'outgoing_report_second_chaser']);
    expect(mails().filter((m) => m.kind === 'outgoing_report_missing').map((m) => m.to)).toEqual(['anders.holm@sundbyberg.example']);
    // The escalation five working days later: the unit head told too.
    await run('2027-01-21');
    await run('2027-01-22');
    expect(toContact().map((m) => m.kind).at(-1)).toBe('outgoing_report_escalation');
    expect(toContact()).toHaveLength(4);
    expect(mails().filter((m) => m.kind === 'outgoing_report_missing').map((m) => m.to).sort()).toEqual(['anders.holm@sundbyberg.example', 'anders.holm@sundbyberg.example', 'maria.ek@sundbyberg.example']);
    // A Saturday: nothing.
    expect((await chase(new Date('2027-01-23T07:00:00+01:00'))).workingDay).toBe(false);
  });

  it('Tidrapport mottagen, then the invoice: within 10 % it keeps; beyond, flagged in words and the fee administrators told', async () => {
    const { outgoing, mails } = setup();
    const { reference } = await outgoing.register(ANDERS, outgoingBody());
    expect(await failure(outgoing.recordInvoice(ANDERS, reference, 'hemtjanst', '2026-12', { amountSek: 100 }))).toEqual({ status: 409, fields: undefined });
    expect(await failure(outgoing.receiveReport(ANDERS, reference, 'hemtjanst', '2026-12', { receivedOn: '2027-01-05', quantity: -1 }))).toEqual({ status: 400, fields: ['quantity'] });
    expect(await failure(outgoing.receiveReport(ANDERS, reference, 'hemtjanst', '2026-13', { receivedOn: '2027-01-05', quantity: 1 }))).toEqual({ status: 404, fields: undefined });
    // 10 hours at 480 kr = 4 800 kr.
    await outgoing.receiveReport(ANDERS, reference, 'hemtjanst', '2026-12', { receivedOn: '2027-01-05', quantity: 600 });
    await outgoing.receiveReport(ANDERS, reference, 'hemtjanst', '2027-01', { receivedOn: '2027-02-02', quantity: 600 });
    const fine = await outgoing.recordInvoice(HANNA, reference, 'hemtjanst', '2026-12', { amountSek: 5100 });
    expect(fine.reports[0]!.invoice).toMatchObject({ flagged: false, words: 'Fakturan stämmer med tidrapporten (inom 10 %)' });
    expect(fine.reports[0]!.invoice!.expectedText.replace(/\s/g, ' ')).toBe('4 800,00 kr');
    expect(mails().filter((m) => m.kind === 'outgoing_invoice_deviation')).toEqual([]);
    const off = await outgoing.recordInvoice(ANDERS, reference, 'hemtjanst', '2027-01', { amountSek: 5400 });
    expect(off.reports[1]!.invoice).toMatchObject({ flagged: true, words: 'Avvikelse: fakturan är 12,5 % högre än tidrapporten till vårt pris' });
    const told = mails().filter((m) => m.kind === 'outgoing_invoice_deviation');
    expect(told.map((m) => m.to)).toEqual(['hanna.sjo@sundbyberg.example']);
    expect(told[0]!.text).toContain(reference);
    expect(told[0]!.text).not.toMatch(/Greta|Sommarlund/);
    expect(await failure(outgoing.recordInvoice(ANDERS, reference, 'hemtjanst', '2027-01', { amountSek: 1 }))).toEqual({ status: 409, fields: undefined });
  });

  it('invoiceCheck in words, both ways', () => {
    const month = { quantity: 600, rate: { amountSek: 480, per: 'hour' as const }, month: '2026-12', daysInMonth: 31 };
    expect(invoiceCheck(month, 420_000).words).toBe('Avvikelse: fakturan är 12,5 % lägre än tidrapporten till vårt pris');
    expect(invoiceCheck(month, 528_000).flagged).toBe(false);
    expect(invoiceCheck({ ...month, quantity: 0 }, 100).words).toBe('Avvikelse: fakturan har ett belopp fast tidrapporten inte har något');
  });
});
