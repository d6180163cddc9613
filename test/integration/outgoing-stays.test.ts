import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import type { LocalStack } from '../../infra/local/stack';
import { addDays, addMonths, stockholmToday } from '../../shared/dates';
import { INSATS_TYPES } from '../../shared/insatser';
import { MAX_OUTGOING_REPORTS } from '../../shared/outgoing-stays';
import { loginAs } from '../support/portal';
import { startLocalStack } from '../support/local-stack';
import { personnummerFor } from '../support/personnummer';
import { scanAll } from '../support/table';

/**
 * Outgoing stays on the real stack, through the API after a real login (issue 18, points 4–6):
 * **Ny utgående vistelse** (a bad field named, nothing stored; the person sealed in the table), its
 * PDF, **Beställning skickad**, the confirmation, **Tidrapport mottagen** and the invoice checked at
 * our rate; who may see it; the chaser from the command line's endpoint.
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ background: false });
});
afterAll(async () => {
  await stack?.stop();
});

function body(today: string) {
  return {
    orderer: { phone: '08-706 80 00', unit: 'Äldreomsorgens myndighetsenhet' },
    billing: { address: 'Sundbybergs stad, Box 1, 172 92 Sundbyberg', reference: 'ÄO-4711' },
    person: { personnummer: personnummerFor('1938-04-12'), firstName: 'Greta', lastName: 'Sommarlund', protectedIdentity: false, stayAddress: { street: 'Sjövägen 3', postalCode: '793 31', city: 'Leksand' } },
    stayMunicipalityCode: '2029',
    stay: { from: addDays(today, -40), to: addDays(today, 30) },
    decision: { decidedOn: addDays(today, -45), goal: 'Kunna bo kvar i sommarhuset', insatser: [{ type: 'hemtjanst', description: 'Dusch två gånger i veckan', scope: { amount: 20, unit: 'hours_per_month' }, rate: { amountSek: 480, per: 'hour' } }] },
    contact: { name: 'Lena Dahl', email: 'bistand@leksand.example' },
  };
}

describe('outgoing stays through the API', () => {
  it('registers, makes the PDF, records the sending, the confirmation, a report and its invoice; the fee administrator is told of a deviation', async () => {
    const today = stockholmToday(new Date());
    const anders = await loginAs(stack, 'anders.holm@sundbyberg.example');
    const bad = await anders.post('/portal/outgoing-stays', { ...body(today), stayMunicipalityCode: '0183' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues.map((i: any) => i.path)).toEqual(['stayMunicipalityCode']);
    expect((await scanAll(stack.dynamoDbEndpoint, stack.tableName)).filter((i) => i.type === 'outgoing_stay')).toEqual([]);

    const created = await anders.post('/portal/outgoing-stays', body(today));
    expect(created.status).toBe(201);
    const { reference } = created.json;
    expect(reference).toMatch(/^UV-\d{4}-00001$/);
    const items = await scanAll(stack.dynamoDbEndpoint, stack.tableName);
    expect(JSON.stringify(items.filter((i) => String(i.pk).startsWith('OUTGOING')))).not.toMatch(/Greta|Sommarlund|Sjövägen|Dusch|19380412/);
    expect((await anders.get('/portal/outgoing-stays')).json.rows).toEqual([expect.objectContaining({ reference, stayMunicipalityName: 'Leksand' })]);

    const pdf = await anders.fetch(`${stack.apiUrl}/portal/outgoing-stays/${reference}/order.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const doc = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()));
    expect(doc.getTitle()).toBe(`Beställning ${reference}`);

    const base = `/portal/outgoing-stays/${reference}`;
    expect((await anders.post(`${base}/sent`, { sentOn: today, sentBy: 'secure_email' })).json.status).toBe('sent');
    expect((await anders.post(`${base}/confirmation`, { confirmedOn: today, startDate: body(today).stay.from })).json.status).toBe('confirmed');
    const first = (await anders.get(base)).json.reports[0];
    expect((await anders.post(`${base}/reports/hemtjanst/${first.month}/received`, { receivedOn: today, quantity: 600 })).status).toBe(200);
    const hanna = await loginAs(stack, 'hanna.sjo@sundbyberg.example');
    const billing = await hanna.get(base);
    expect(billing.json.view).toBe('billing');
    expect(billing.json.person).toBeUndefined();
    expect((await hanna.get(`${base}/order.pdf`)).status).toBe(403);
    const invoiced = await hanna.post(`${base}/reports/hemtjanst/${first.month}/invoice`, { amountSek: 5400 });
    expect(invoiced.status).toBe(200);
    expect(invoiced.json.reports[0].invoice).toMatchObject({ flagged: true, words: 'Avvikelse: fakturan är 12,5 % högre än tidrapporten till vårt pris' });
    const told = (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).filter((i) => i.type === 'outbox' && i.kind === 'outgoing_invoice_deviation');
    expect(told.map((m) => m.to)).toEqual(['hanna.sjo@sundbyberg.example']);

    // Another unit's caseworker and a provider: no such stay.
    expect((await (await loginAs(stack, 'david.oberg@sundbyberg.example')).get(base)).status).toBe(404);
    expect((await (await loginAs(stack, 'sara.lind@duvbo-omsorg.example')).get(base)).status).toBe(404);

    // Vistelsen avslutad today: the months after this one are no longer expected, nor in the due index.
    const months = (await anders.get(base)).json.reports.map((r: { month: string }) => r.month);
    const ended = await anders.post(`${base}/end`, { kind: 'ended_early', lastDay: today });
    expect(ended.status).toBe(200);
    expect(ended.json).toMatchObject({ status: 'ended', ended: { lastDay: today } });
    expect(ended.json.reports.map((r: { month: string }) => r.month)).toEqual(months.filter((m: string) => m <= today.slice(0, 7)));
    const due = (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).filter((i) => i.type === 'outgoing_report' && i.stayId !== undefined && i.reference === reference);
    expect(due.every((r) => r.month <= today.slice(0, 7))).toBe(true);
    expect((await anders.post(`${base}/end`, { kind: 'cancelled' })).status).toBe(409);
  }, 120_000);

  it('runs as of a time from the command line’s endpoint: npm run job -- chase-outgoing-reports --at …', async () => {
    const run = async (at: string) => (await fetch(`${stack.baseUrl}/__local/jobs/chase-outgoing-reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at }) })).json();
    const first = await run(new Date().toISOString());
    expect(first).toMatchObject({ job: 'chase-outgoing-reports', result: { workingDay: expect.any(Boolean) } });
    const saturday = await run('2030-01-05T06:00:00.000Z');
    expect(saturday.result).toMatchObject({ workingDay: false, mails: 0 });
  });
});

// Last: it adds stays the tests above do not expect.
describe('the reports one outgoing stay may expect', () => {
  it(`registers a stay of ${MAX_OUTGOING_REPORTS} reports (DynamoDB's transaction holds it with the stay); one more is refused naming stay.to, nothing stored`, async () => {
    const today = stockholmToday(new Date());
    const anders = await loginAs(stack, 'anders.holm@sundbyberg.example');
    const withAllKinds = (months: number) => {
      const b = body(today);
      b.stay = { from: `${today.slice(0, 7)}-01`, to: addDays(addMonths(`${today.slice(0, 7)}-01`, months), -1) };
      b.decision.insatser = INSATS_TYPES.map((type) => ({ ...b.decision.insatser[0]!, type }));
      return b;
    };
    // Seven kinds for 15 months: 105 reports.
    const before = (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).length;
    const tooMany = await anders.post('/portal/outgoing-stays', withAllKinds(15));
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.issues).toEqual([{ path: 'stay.to', message: expect.stringContaining(`Vistelsen ger 105 tidrapporter att bevaka (7 slags insatser i 15 månader); högst ${MAX_OUTGOING_REPORTS}`) }]);
    expect((await scanAll(stack.dynamoDbEndpoint, stack.tableName)).length).toBe(before);

    // Seven kinds for 14 months: 98 reports, in one transaction with the stay and its reference.
    const created = await anders.post('/portal/outgoing-stays', withAllKinds(14));
    expect(created.status).toBe(201);
    const items = await scanAll(stack.dynamoDbEndpoint, stack.tableName);
    expect(items.filter((i) => i.type === 'outgoing_report' && i.reference === created.json.reference)).toHaveLength(MAX_OUTGOING_REPORTS);
  });
});
