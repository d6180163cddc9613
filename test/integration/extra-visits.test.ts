import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack';
import { addDays, stockholmToday } from '../../shared/dates';
import { loginAs } from '../support/portal';
import { startLocalStack } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { scanAll } from '../support/table';
import { realAdapters } from '../support/wiring';

/**
 * Extra visits on the real stack, through the API after a real login (issue 18; seed 004): the
 * provider registers one (a bad field named, nothing stored); the caseworker asks, the provider
 * answers, the caseworker approves; the invoice basis shows it on its own line. The reasons are
 * sealed in the table; the chaser runs from the command line's endpoint, twice, one mail each.
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

describe('extra visits through the API', () => {
  it('register → question → answer → approve, billed on its own line; the reason sealed; the chaser once', async () => {
    const today = stockholmToday(new Date());
    const order: any = exampleOrder(addDays(today, -25));
    order.stay.from = addDays(today, -20);
    order.decision.insatser = [order.decision.insatser[0]];
    order.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
    const { reference } = await (await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) })).json();
    const sara = await loginAs(stack, 'sara.lind@duvbo-omsorg.example');
    expect((await sara.post(`/portal/cases/${reference}/assignments/hemtjanst/confirm`, { startDate: order.stay.from, contactName: 'Sara Lind', contactPhone: '08-123 456 78' })).status).toBe(200);
    const caseId = (await adapters.stores.cases.findIdByReference(reference))!;
    const view = (await adapters.stores.cases.find(caseId))!;
    const caseworker = await loginAs(stack, `${view.routing.caseworkerId!.replace('-', '.')}@sundbyberg.example`);
    const base = `/portal/cases/${reference}/extra-visits`;
    const day = addDays(today, -1);

    const bad = await sara.post(base, { insatsType: 'hemtjanst', date: day, minutes: 'fyrtio', reason: 'Föll i köket' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues.map((i: any) => i.path)).toEqual(['minutes']);
    expect(await adapters.stores.extras.ofCase(caseId)).toEqual([]);

    const registered = await sara.post(base, { insatsType: 'hemtjanst', date: day, minutes: 40, reason: 'Föll i köket, hjälp upp' });
    expect(registered.status).toBe(201);
    const [extra] = registered.json.rows;
    expect(extra).toMatchObject({ date: day, minutes: 40, reason: 'Föll i köket, hjälp upp', status: 'open', late: false });
    const items = await scanAll(stack.dynamoDbEndpoint, stack.tableName);
    expect(JSON.stringify(items.filter((i) => i.type === 'extra_visit'))).not.toContain('köket');

    const toReview = await caseworker.get('/portal/extra-visits');
    expect(toReview.status).toBe(200);
    expect(toReview.json.rows.find((r: any) => r.id === extra.id)).toMatchObject({ reference, reason: 'Föll i köket, hjälp upp', ageDays: 0 });
    const noComment = await caseworker.post(`${base}/${extra.id}/review`, { decision: 'question' });
    expect(noComment.json.error.issues.map((i: any) => i.path)).toEqual(['comment']);
    expect((await caseworker.post(`${base}/${extra.id}/review`, { decision: 'question', comment: 'Hur länge var ni där?' })).status).toBe(200);
    expect((await sara.get(base)).json.rows[0]).toMatchObject({ status: 'questioned', question: { text: 'Hur länge var ni där?' }, actions: { answer: true } });
    expect((await sara.post(`${base}/${extra.id}/answer`, { answer: '40 minuter' })).status).toBe(200);
    const approved = await caseworker.post(`${base}/${extra.id}/review`, { decision: 'approve' });
    expect(approved.json.rows[0]).toMatchObject({ status: 'approved', question: { answer: '40 minuter' } });
    // Approved once: a second decision is refused.
    expect((await caseworker.post(`${base}/${extra.id}/review`, { decision: 'reject', comment: 'Nej' })).status).toBe(409);

    const eva = await loginAs(stack, 'eva.lundgren@sundbyberg.example');
    const basis = await eva.get(`/portal/invoice-basis?month=${day.slice(0, 7)}`);
    expect(basis.status).toBe(200);
    expect(JSON.stringify(basis.json)).toContain(reference);
    expect(JSON.stringify(basis.json)).toContain('"charge":"extra_visit"');
    // 40 minutes at 495 kr an hour = 330 kr.
    expect(JSON.stringify(basis.json)).toContain('33000');
  }, 120_000);

  it('runs as of a time from the command line’s endpoint: npm run job -- chase-extra-visits --at …, once per week and caseworker', async () => {
    const run = async (at: string) => (await fetch(`${stack.baseUrl}/__local/jobs/chase-extra-visits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at }) })).json();
    const sara = await loginAs(stack, 'sara.lind@duvbo-omsorg.example');
    const today = stockholmToday(new Date());
    const order: any = exampleOrder(addDays(today, -25));
    order.stay.from = addDays(today, -20);
    order.decision.insatser = [order.decision.insatser[0]];
    order.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
    const { reference } = await (await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) })).json();
    await sara.post(`/portal/cases/${reference}/assignments/hemtjanst/confirm`, { startDate: order.stay.from, contactName: 'Sara Lind', contactPhone: '08-123 456 78' });
    expect((await sara.post(`/portal/cases/${reference}/extra-visits`, { insatsType: 'hemtjanst', date: today, minutes: 20, reason: 'Tillsyn' })).status).toBe(201);
    // Ten days on, the visit has waited more than a week: one reminder, however often the job runs that week.
    const later = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const first = await run(later);
    expect(first).toMatchObject({ job: 'chase-extra-visits', result: { reviewReminders: expect.any(Number) } });
    expect(first.result.reviewReminders).toBeGreaterThan(0);
    expect((await run(later)).result.reviewReminders).toBe(0);
    // One mail queued for the caseworker, naming the reference (this stack sends no mail in the background).
    const queued = (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).filter((i) => i.type === 'outbox' && i.kind === 'extra_visits_to_review' && String(i.text).includes(reference));
    expect(queued).toHaveLength(1);
    expect(queued[0]!.text).not.toMatch(/Tillsyn/);
  }, 120_000);
});
