import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack';
import { addDays } from '../../shared/dates';
import { startLocalStack, waitForMails } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { openAsOrderer } from '../support/orderer';
import { loginAs } from '../support/portal';
import { realAdapters } from '../support/wiring';

/**
 * **Ändra beställningen** on the real stack (DynamoDB Local, the local mail): the caseworker extends
 * a stay and adds an insats, the providers are mailed and one confirms the change; the orderer
 * changes it from `/arende/<ref>` keeping the descriptions by row; a change racing a confirmation
 * on DynamoDB leaves the reports following the order as it ends up, each month once.
 */
let stack: LocalStack;
let adapters: ReturnType<typeof realAdapters>;

beforeAll(async () => {
  stack = await startLocalStack();
  adapters = realAdapters(stack);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

async function submit() {
  const order: any = exampleOrder();
  order.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
  const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
  expect(res.status).toBe(201);
  const reference = (await res.json()).reference as string;
  const caseId = (await adapters.stores.cases.findIdByReference(reference))!;
  const view = (await adapters.stores.cases.find(caseId))!;
  return { order, reference, caseId, caseworkerEmail: `${view.routing.caseworkerId!.replace('-', '.')}@sundbyberg.example` };
}

const rows = (order: any) => order.decision.insatser.map((i: any) => ({ ...i }));
const months = async (caseId: string, type = 'hemtjanst') => (await adapters.stores.reports.ofCase(caseId)).reports.filter((r) => r.insatsType === type).map((r) => r.month);

describe('Ändra beställningen through HTTP', () => {
  it('the caseworker extends the stay and adds meals: version 2, the new assignment sent, the confirmed provider confirms the change', async () => {
    const { order, reference, caseId, caseworkerEmail } = await submit();
    const sara = await loginAs(stack, 'sara.lind@duvbo-omsorg.example');
    expect((await sara.post(`/portal/cases/${reference}/assignments/hemtjanst/confirm`, { startDate: order.stay.from, contactName: 'Sara Lind', contactPhone: '08-123 456 78', orderVersion: 1 })).status).toBe(200);
    const before = await months(caseId);
    const caseworker = await loginAs(stack, caseworkerEmail);
    const to = addDays(order.stay.to, 45);
    const meals = { type: 'matdistribution', description: 'Lunch varje dag.', scope: { amount: 7, unit: 'visits_per_week' }, rate: { amountSek: 85, per: 'visit' } };
    const changed = await caseworker.post(`/portal/cases/${reference}/change`, { version: 1, stay: { from: order.stay.from, to }, decision: { insatser: [...rows(order), meals] } });
    expect(changed.status, JSON.stringify(changed.json)).toBe(200);
    expect(changed.json).toEqual({ done: expect.any(String), orderVersion: 2 });
    const after = (await caseworker.get(`/portal/cases/${reference}`)).json;
    expect(after.changes.at(-1).lines).toEqual([`Sista dag ${order.stay.to} → ${to} (förlängd)`, 'Matdistribution tillagd: 7 besök per vecka, 85 kr per besök']);
    expect(after.assignments.find((a: any) => a.insatsType === 'matdistribution')).toMatchObject({ status: 'sent', providerId: 'stadens-matdistribution' });
    expect((await months(caseId)).length).toBeGreaterThan(before.length);
    // A stale version is refused; an invalid row names its field.
    expect((await caseworker.post(`/portal/cases/${reference}/change`, { version: 1, stay: { from: order.stay.from, to }, decision: { insatser: rows(order) } })).status).toBe(409);
    const invalid = await caseworker.post(`/portal/cases/${reference}/change`, { version: 2, stay: { from: order.stay.from, to }, decision: { insatser: [{ ...meals, rate: { amountSek: -1, per: 'visit' } }] } });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.issues.map((i: any) => i.path)).toEqual(['decision.insatser.0.rate.amountSek']);

    const mails = await waitForMails(stack.mailUrl, (all) => all.filter((m) => m.subject.includes(reference) && /^Beställningen är ändrad/.test(m.subject)).length >= 3 && all.some((m) => m.destination.to.includes('mat@sundbyberg.example') && m.subject.includes(reference)));
    const changedMails = mails.filter((m) => m.subject.includes(reference) && /^Beställningen är ändrad/.test(m.subject));
    // The alarm's provider, not yet confirmed, is told too: it will confirm the order as it now is.
    expect(changedMails.map((m) => m.destination.to[0]).sort()).toEqual([order.orderer.email, 'larm@sundbyberg.example', 'order@duvbo-omsorg.example'].sort());
    for (const m of changedMails) expect(m.body.text).not.toMatch(/Lindqvist|dusch|Lunch/);

    const page = await sara.get(`/portal/cases/${reference}`);
    expect(page.json.assignments[0]).toMatchObject({ pendingChange: { version: 2 }, actions: { confirmChange: true } });
    const confirmed = await sara.post(`/portal/cases/${reference}/assignments/hemtjanst/confirm-change`, { version: 2 });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json.case.assignments[0]).toMatchObject({ changeConfirmed: { version: 2 } });
  }, 60_000);

  it('the orderer changes it on /arende/<ref>: descriptions kept by row, the caseworker told', async () => {
    const { order, reference, caseworkerEmail } = await submit();
    const orderer = await openAsOrderer(stack, reference);
    const page = await orderer.get(`/orderer/cases/${reference}`);
    expect(page.json.insatser.map((i: any) => i.type)).toEqual(['hemtjanst', 'trygghetslarm']);
    expect(JSON.stringify(page.json)).not.toContain(order.decision.insatser[0].description);
    const to = addDays(order.stay.to, -10);
    const insatser = page.json.insatser.map((i: any, index: number) => ({ type: i.type, keepDescriptionOf: index, scope: { amount: index === 0 ? 30 : i.scope.amount, unit: i.scope.unit }, rate: { amountSek: i.rate.amountSek, per: i.rate.per } }));
    const body = { version: 1, stay: { from: order.stay.from, to }, decision: { insatser } };
    // The session's CSRF token, and the session's own case only.
    expect((await orderer.post(`/orderer/cases/${reference}/change`, body, { 'x-csrf-token': 'wrong' })).status).toBe(403);
    const other = await submit();
    expect([401, 403, 404]).toContain((await orderer.post(`/orderer/cases/${other.reference}/change`, body)).status);
    expect((await adapters.stores.cases.find(other.caseId))!.orderVersion).toBe(1);
    const changed = await orderer.post(`/orderer/cases/${reference}/change`, body);
    expect(changed.status, JSON.stringify(changed.json)).toBe(200);
    expect(changed.json.case.changes.at(-1)).toMatchObject({ version: 2, lines: [`Sista dag ${order.stay.to} → ${to} (förkortad)`, 'Hemtjänst: omfattning 22 timmar per månad → 30 timmar per månad'] });
    const caseworker = await loginAs(stack, caseworkerEmail);
    const seen = await caseworker.get(`/portal/cases/${reference}`);
    expect(seen.json.decision.insatser.map((i: any) => i.description)).toEqual(order.decision.insatser.map((i: any) => i.description));
    await waitForMails(stack.mailUrl, (all) => all.some((m) => m.destination.to.includes(caseworkerEmail) && m.subject === `Beställningen är ändrad – ärende ${reference}`));
  }, 60_000);

  it('a change racing a confirmation on DynamoDB: whichever lands first, the reports follow the order as it ends up, each month once', async () => {
    for (let round = 0; round < 3; round++) {
      const { order, reference, caseId, caseworkerEmail } = await submit();
      const sara = await loginAs(stack, 'sara.lind@duvbo-omsorg.example');
      const caseworker = await loginAs(stack, caseworkerEmail);
      const to = addDays(order.stay.to, 40);
      const [change, confirm] = await Promise.all([
        caseworker.post(`/portal/cases/${reference}/change`, { version: 1, stay: { from: order.stay.from, to }, decision: { insatser: rows(order) } }),
        sara.post(`/portal/cases/${reference}/assignments/hemtjanst/confirm`, { startDate: order.stay.from, contactName: 'Sara Lind', contactPhone: '08-123 456 78' }),
      ]);
      expect(change.status, JSON.stringify(change.json)).toBe(200);
      expect([200, 409]).toContain(confirm.status);
      const view = (await adapters.stores.cases.find(caseId))!;
      expect(view.order.stay.to).toBe(to);
      const planned = await months(caseId);
      expect(new Set(planned).size).toBe(planned.length);
      if (confirm.status === 200) {
        expect(planned.at(-1)).toBe(to.slice(0, 7));
        expect(planned[0]).toBe(order.stay.from.slice(0, 7));
      } else {
        expect(planned).toEqual([]);
      }
    }
  }, 90_000);
});
