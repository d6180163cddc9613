import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import type { LocalStack } from '../../infra/local/stack';
import { addDays, stockholmToday } from '../../shared/dates';
import { TIME_REPORT_STEPS } from '../../shared/time-report-dates';
import { loginAs } from '../support/portal';
import { startLocalStack } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { scanAll } from '../support/table';
import { realAdapters } from '../support/wiring';

/**
 * Monthly time reports on the real stack, through the API after a real login: the provider
 * confirms and so owes a report per month; submits one (a bad field named, nothing stored);
 * the caseworker approves; the economy assistant reads the invoice basis as JSON, CSV and PDF.
 * Then the chaser on DynamoDB Local, run as of each ladder date several times and concurrently.
 */
let stack: LocalStack;
let adapters: ReturnType<typeof realAdapters>;
beforeAll(async () => {
  stack = await startLocalStack({ background: false });
  adapters = realAdapters(stack);
});
afterAll(async () => {
  await stack?.stop();
});

/** A case whose home care is confirmed from the stay's first day: a stay that began a few days ago (`begun`), or one ahead. */
async function confirmedCase(begun = false) {
  const order: any = exampleOrder(begun ? addDays(stockholmToday(new Date()), -25) : undefined);
  order.decision.insatser = [order.decision.insatser[0]];
  order.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
  const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
  const { reference } = await res.json();
  const sara = await loginAs(stack, 'sara.lind@duvbo-omsorg.example');
  const confirmed = await sara.post(`/portal/cases/${reference}/assignments/hemtjanst/confirm`, { startDate: order.stay.from, contactName: 'Sara Lind', contactPhone: '08-123 456 78' });
  expect(confirmed.status).toBe(200);
  const caseId = (await adapters.stores.cases.findIdByReference(reference))!;
  return { reference, caseId, order, sara };
}

describe('time reports through the API', () => {
  it('takes the provider’s report, the caseworker’s approval, and gives the economy assistant the invoice basis as JSON, CSV and PDF', async () => {
    const { reference, caseId, sara } = await confirmedCase(true);
    const listed = await sara.get(`/portal/cases/${reference}/time-reports`);
    expect(listed.status).toBe(200);
    const first = listed.json.reports[0];
    expect(first).toMatchObject({ insatsType: 'hemtjanst', status: 'expected', unit: 'minutes', maySubmit: true });

    const path = `/portal/cases/${reference}/time-reports/hemtjanst/${first.month}`;
    const bad = await sara.post(path, { quantity: 600, extras: [{ date: first.period.from, quantity: 30, reason: '' }] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues.map((i: any) => i.path)).toEqual(['extras.0.reason']);
    expect((await adapters.stores.reports.ofCase(caseId)).versions).toEqual([]);

    const sent = await sara.post(path, { quantity: 600, extras: [{ date: first.period.from, quantity: 30, reason: 'Akut besök, personen föll' }] });
    expect(sent.status).toBe(200);
    expect(sent.json.reports.reports[0]).toMatchObject({ status: 'submitted', versions: [{ version: 1, total: 630 }] });
    // The reason is sealed in the table, like every text that may speak of the person.
    const items = await scanAll(stack.dynamoDbEndpoint, stack.tableName);
    expect(JSON.stringify(items.filter((i) => i.type === 'time_report_version'))).not.toContain('föll');

    const view = (await adapters.stores.cases.find(caseId))!;
    const caseworker = await loginAs(stack, `${view.routing.caseworkerId!.replace('-', '.')}@sundbyberg.example`);
    const approved = await caseworker.post(`${path}/review`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.json.reports.reports[0].status).toBe('approved');

    const eva = await loginAs(stack, 'eva.lundgren@sundbyberg.example');
    const basis = await eva.get(`/portal/invoice-basis?month=${first.month}`);
    expect(basis.status).toBe(200);
    const line = basis.json.groups.flatMap((g: any) => g.lines).find((l: any) => l.caseReference === reference);
    // 630 min at 495 kr/h = 5 197,50 kr.
    expect(line).toMatchObject({ quantity: 630, amountOre: 519_750, homeMunicipality: { code: '0483', name: 'Katrineholm' } });

    const csv = await eva.fetch(`${stack.apiUrl}/portal/invoice-basis/csv?month=${first.month}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="fakturaunderlag-${first.month}.csv"`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain(`;${reference};`);
    expect(text).toContain('5197,50');
    expect(text).not.toMatch(/Karin|Lindqvist|föll/);

    const pdf = await eva.fetch(`${stack.apiUrl}/portal/invoice-basis/pdf?month=${first.month}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const doc = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()));
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);

    // Only the economy assistants and the fee administrators get the basis; a month is YYYY-MM.
    expect((await sara.get(`/portal/invoice-basis?month=${first.month}`)).status).toBe(403);
    const wrongMonth = await eva.get('/portal/invoice-basis?month=december');
    expect(wrongMonth.status).toBe(400);
    expect(wrongMonth.json.error.issues.map((i: any) => i.path)).toEqual(['month']);
    // Another provider does not see the case's reports at all.
    const omar = await loginAs(stack, 'omar.aziz@omsorgsteamet.example');
    expect((await omar.get(`/portal/cases/${reference}/time-reports`)).status).toBe(404);
    expect(stack.contractViolations()).toEqual([]);
  }, 60_000);
});

describe('chase-time-reports on DynamoDB Local', () => {
  const run = (local: string) => stack.runScheduled('ChaseTimeReports', new Date(`${local}`));

  async function chaseMails() {
    const items = await scanAll(stack.dynamoDbEndpoint, stack.tableName);
    return items.filter((i) => i.type === 'outbox' && String(i.kind).startsWith('time_report_') && i.caseId === 'time-report-chaser');
  }

  it('takes each step of the ladder once, on its day, however often and concurrently it runs, and one mail lists all of a provider’s reports', async () => {
    const a = await confirmedCase();
    const b = await confirmedCase();
    const [first] = (await adapters.stores.reports.ofCase(a.caseId)).reports.sort((x, y) => x.month.localeCompare(y.month));
    const ladder = first.ladder;
    // The day before the reminder nothing is sent; on each step's day (07:00 Swedish time, as ISO with the offset) five runs at once, then again at noon.
    const stockholm = (date: string, time: string) => `${date}T${time}:00+01:00`;
    // The second chaser tells each case's caseworker (the two cases may have different ones).
    const caseworkers = new Set<string>();
    for (const c of [a, b]) caseworkers.add((await adapters.stores.cases.find(c.caseId))!.routing.caseworkerId!);
    const before = await chaseMails();
    for (const step of TIME_REPORT_STEPS) {
      const date = ladder[step];
      await Promise.all([0, 1, 2, 3, 4].map(() => run(stockholm(date, '07:00'))));
      await run(stockholm(date, '12:00'));
      const mails = (await chaseMails()).filter((m) => !before.some((o) => o.sk === m.sk));
      const ofStep = mails.filter((m) => m.kind === `time_report_${step}`);
      const expectedRecipients = step === 'second_chaser' ? 1 + caseworkers.size : 1;
      expect(ofStep, step).toHaveLength(expectedRecipients);
      // Both cases' first months in the provider's one mail.
      const toProvider = ofStep.find((m) => m.to === 'order@duvbo-omsorg.example');
      if (step !== 'escalation') {
        expect(toProvider?.text).toContain(a.reference);
        expect(toProvider?.text).toContain(b.reference);
      }
    }
    const reportA = (await adapters.stores.reports.find(first))!;
    expect(reportA.chased.map((c) => c.step)).toEqual(['reminder', 'chaser', 'second_chaser', 'escalation']);
  }, 120_000);

  it('runs as of a time from the command line’s endpoint: npm run job -- chase-time-reports --at …', async () => {
    const res = await fetch(`${stack.baseUrl}/__local/jobs/chase-time-reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at: '2030-01-07T06:00:00.000Z' }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ job: 'chase-time-reports', result: { date: '2030-01-07', workingDay: true, mails: expect.any(Number) } });
    // Saturday: nothing is chased.
    const saturday = await fetch(`${stack.baseUrl}/__local/jobs/chase-time-reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at: '2030-01-05T06:00:00.000Z' }) });
    expect(await saturday.json()).toMatchObject({ result: { workingDay: false, mails: 0 } });
  });
});
