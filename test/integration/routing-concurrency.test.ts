import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demo from '../../config/municipality.demo.json';
import { dispatchOutbox, retryDueNotifications, DISPATCH_DEFAULTS } from '../../functions/core/outbox/dispatch-outbox';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../../functions/adapters/ses-mailer';
import type { Mailer, OutgoingMail } from '../../functions/core/outbox/ports';
import { freePort } from '../../infra/local/free-port';
import type { LocalStack } from '../../infra/local/stack';
import { receivedMails, startLocalStack } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { scanAll } from '../support/table';
import { realAdapters } from '../support/wiring';
import { keys } from '../../functions/adapters/dynamodb/keys';

/**
 * A variant of the demo municipality where three home-care providers take new clients without a
 * cap in Centrala Sundbyberg (so the rotation's fairness is visible), and Omsorgsteamet Rissne
 * has a cap of 5 clients (so the cap and its warning are).
 */
const config = {
  ...demo,
  providers: demo.providers.map((p) =>
    p.id === 'duvbo-omsorg' ? { ...p, capacity: null }
    : p.id === 'trygga-hander' ? { ...p, acceptsNewClients: true, capacity: null }
    : p.id === 'omsorgsteamet-rissne' ? { ...p, capacity: { clients: 5 } }
    : p,
  ),
};

let stack: LocalStack;
let adapters: ReturnType<typeof realAdapters>;
beforeAll(async () => {
  // No background dispatcher or scheduler: these tests drive them, to crash and race them.
  stack = await startLocalStack({ municipalityConfig: config, background: false });
  adapters = realAdapters(stack);
});
afterAll(async () => {
  await stack?.stop();
});

function homeCareOrder(change: (o: any) => void = () => {}) {
  const order: any = exampleOrder();
  order.decision.insatser = [order.decision.insatser[0]];
  change(order);
  return order;
}

async function post(order: unknown) {
  const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
  return { status: res.status, body: await res.json() };
}

async function items() {
  return scanAll(stack.dynamoDbEndpoint, stack.tableName);
}

describe('the non-choice rotation under concurrency', () => {
  it('gives 200 simultaneous orders to the eligible providers in fair shares, no turn twice', async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, () => post(homeCareOrder())));
    expect(responses.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);

    const all = await items();
    const assignments = all.filter((i) => i.type === 'assignment' && i.insatsType === 'hemtjanst');
    expect(assignments).toHaveLength(200);
    const counts: Record<string, number> = {};
    for (const a of assignments) counts[a.decision.providerId] = (counts[a.decision.providerId] ?? 0) + 1;
    expect(Object.keys(counts).sort()).toEqual(['duvbo-omsorg', 'hemtjanst-sundbyberg', 'trygga-hander']);
    const values = Object.values(counts);
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);

    // Every turn is stored once, with its date, and the turns are 1…200 without a gap.
    const turns = all.filter((i) => i.type === 'rotation_turn' && i.rotation === 'hemtjanst#centrala');
    expect(turns.map((t) => t.turn).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(turns.every((t) => typeof t.takenAt === 'string' && t.caseId)).toBe(true);
    expect(new Set(turns.map((t) => t.caseId)).size).toBe(200);
  });

  it('never fills a provider beyond its cap, and warns it and the caseworker once at 90 %', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        post(homeCareOrder((o) => {
          o.person.stayAddress.postalCode = '174 45';
          o.provider = { choice: 'chosen', providerId: 'omsorgsteamet-rissne' };
        })),
      ),
    );
    expect(responses.every((r) => r.status === 201)).toBe(true);
    const all = await items();
    const rissne = all.filter((i) => i.type === 'assignment' && i.decision.providerId === 'omsorgsteamet-rissne');
    expect(rissne).toHaveLength(5);
    expect(all.find((i) => i.pk === keys.providerLoad('omsorgsteamet-rissne').pk)).toMatchObject({ clients: 5, warnedAt: expect.any(String) });
    const others = all.filter((i) => i.type === 'assignment' && i.reference && i.decision.reason?.includes('kapacitetstak'));
    expect(others.length).toBe(15);
    const warnings = all.filter((i) => i.type === 'outbox' && i.kind === 'capacity_warning');
    expect(warnings.map((w) => w.to).sort()).toEqual(['cecilia.lund@sundbyberg.example', 'uppdrag@omsorgsteamet.example']);
  });
});

describe('the dispatcher under faults (real DynamoDB Local and local SES)', () => {
  async function queuedRefs(reference: string) {
    const caseId = (await adapters.stores.cases.findIdByReference(reference))!;
    const view = (await adapters.stores.cases.find(caseId))!;
    return view.notifications.filter((n) => n.status === 'queued').map((n) => ({ caseId, id: n.id }));
  }
  const clockAt = (offsetMs: number) => ({ now: () => new Date(Date.now() + offsetMs) });

  it('delivers every mail exactly once when a dispatcher dies mid-batch', async () => {
    await fetch(`${stack.mailUrl}/clear-store`, { method: 'POST' });
    const { body } = await post(exampleOrder());
    const refs = await queuedRefs(body.reference);
    expect(refs.length).toBeGreaterThanOrEqual(6);

    // The first dispatcher sends three mails and dies while sending the fourth.
    let sends = 0;
    const dying: Mailer = {
      send: (mail: OutgoingMail) => (++sends <= 3 ? adapters.mailer.send(mail) : new Promise<string>(() => {})),
    };
    void dispatchOutbox({ outbox: adapters.stores.outbox, mailer: dying, clock: clockAt(0) })(refs);
    for (let i = 0; i < 100 && (await receivedMails(stack.mailUrl)).length < 3; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));

    // The stream delivers the batch again to a fresh dispatcher: it sends what nobody holds.
    const second = await dispatchOutbox({ outbox: adapters.stores.outbox, mailer: adapters.mailer, clock: clockAt(0) })(refs);
    expect(second.sent).toHaveLength(refs.length - 4);
    expect(second.skipped).toHaveLength(4);

    // After the dead dispatcher's lease, the sweeper sends the one it held.
    const swept = await retryDueNotifications({ outbox: adapters.stores.outbox, mailer: adapters.mailer, clock: clockAt(DISPATCH_DEFAULTS.leaseMs + 1_000) })();
    expect(swept.sent).toHaveLength(1);

    const mails = await receivedMails(stack.mailUrl);
    expect(mails).toHaveLength(refs.length);
    expect(new Set(mails.map((m) => `${m.destination.to[0]}|${m.subject}`)).size).toBe(refs.length);
    const view = (await adapters.stores.cases.find(refs[0].caseId))!;
    expect(view.notifications.every((n) => n.status === 'sent')).toBe(true);
  });

  it('sends one set of mails when two dispatchers race over the same records', async () => {
    await fetch(`${stack.mailUrl}/clear-store`, { method: 'POST' });
    const { body } = await post(exampleOrder());
    const refs = await queuedRefs(body.reference);
    const dispatch = dispatchOutbox({ outbox: adapters.stores.outbox, mailer: adapters.mailer, clock: clockAt(0) });
    const [a, b] = await Promise.all([dispatch(refs), dispatch(refs)]);
    expect(a.sent.length + b.sent.length).toBe(refs.length);
    expect(await receivedMails(stack.mailUrl)).toHaveLength(refs.length);
  });

  it('retries with backoff while SES fails, delivers when it recovers, and dead-letters after the last attempt', async () => {
    await fetch(`${stack.mailUrl}/clear-store`, { method: 'POST' });
    const { body } = await post(exampleOrder());
    const refs = await queuedRefs(body.reference);
    const throttled = Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' });
    const down: Mailer = { send: async () => Promise.reject(throttled) };
    // Short backoff (10 s, 20 s) keeps the clock below the 2-minute safety net of other tests' queued mails.
    const deps = { outbox: adapters.stores.outbox, random: () => 0.5, retryBaseMs: 10_000, maxAttempts: 3 };

    const first = await dispatchOutbox({ ...deps, mailer: down, clock: clockAt(0) })(refs);
    expect(first.retrying).toHaveLength(refs.length);
    // Not due yet: the sweeper leaves them.
    expect((await retryDueNotifications({ ...deps, mailer: adapters.mailer, clock: clockAt(5_000) })()).sent).toEqual([]);
    // Due after ten seconds, SES still down: the second attempt waits twenty.
    expect((await retryDueNotifications({ ...deps, mailer: down, clock: clockAt(11_000) })()).retrying).toHaveLength(refs.length);
    expect((await retryDueNotifications({ ...deps, mailer: adapters.mailer, clock: clockAt(25_000) })()).sent).toEqual([]);
    // SES recovers for all but one message, which fails its last attempt and is dead-lettered.
    const [unlucky, ...rest] = refs;
    const partly: Mailer = { send: (mail) => (mail.tags.outboxId === unlucky.id ? Promise.reject(throttled) : adapters.mailer.send(mail)) };
    const third = await retryDueNotifications({ ...deps, mailer: partly, clock: clockAt(32_000) })();
    expect(third.sent.sort()).toEqual(rest.map((r) => r.id).sort());
    expect(third.deadLettered).toEqual([unlucky.id]);

    const view = (await adapters.stores.cases.find(unlucky.caseId))!;
    const failed = view.notifications.find((n) => n.id === unlucky.id)!;
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastError: 'TooManyRequestsException' });
    expect(await receivedMails(stack.mailUrl)).toHaveLength(rest.length);
    // Nothing is due any more: a dead letter stays visible on the case, not retried forever.
    expect(await adapters.stores.outbox.dueForRetry(new Date(Date.now() + 86_400_000), 100)).not.toContainEqual(unlucky);
  });
  it('keeps every mail when SES cannot be reached at all, and sends each once when it is back', async () => {
    await fetch(`${stack.mailUrl}/clear-store`, { method: 'POST' });
    const { body } = await post(exampleOrder());
    const refs = await queuedRefs(body.reference);
    // The real SES adapter, pointed at a port nothing listens on: a network outage, not a fake.
    const closedPort = await freePort();
    const unreachable = new SesMailer(
      new SESv2Client({ endpoint: `http://127.0.0.1:${closedPort}`, region: 'eu-north-1', maxAttempts: 1, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      'no-reply@sundbyberg.example',
    );
    const deps = { outbox: adapters.stores.outbox, random: () => 0.5, retryBaseMs: 10_000, maxAttempts: 5 };

    const during = await dispatchOutbox({ ...deps, mailer: unreachable, clock: clockAt(0) })(refs);
    expect(during.retrying.sort()).toEqual(refs.map((r) => r.id).sort());
    const view = (await adapters.stores.cases.find(refs[0].caseId))!;
    for (const ref of refs) {
      expect(view.notifications.find((n) => n.id === ref.id)).toMatchObject({ status: 'retry', attempts: 1, lastError: expect.any(String) });
    }
    expect(await receivedMails(stack.mailUrl)).toHaveLength(0);

    // SES is back: the sweeper sends each due mail once; a second sweep finds nothing left.
    const after = await retryDueNotifications({ ...deps, mailer: adapters.mailer, clock: clockAt(11_000) })();
    expect(after.sent.sort()).toEqual(refs.map((r) => r.id).sort());
    expect((await retryDueNotifications({ ...deps, mailer: adapters.mailer, clock: clockAt(60_000) })()).sent).toEqual([]);
    expect(await receivedMails(stack.mailUrl)).toHaveLength(refs.length);
  });
});

describe('SES delivery events', () => {
  it('marks notifications delivered or bounced, and a late "delivered" does not hide a bounce', async () => {
    const { body } = await post(exampleOrder());
    const caseId = (await adapters.stores.cases.findIdByReference(body.reference))!;
    const refs = (await adapters.stores.cases.find(caseId))!.notifications.map((n) => ({ caseId, id: n.id }));
    await dispatchOutbox({ outbox: adapters.stores.outbox, mailer: adapters.mailer, clock: { now: () => new Date() } })(refs);
    const [a, b] = refs;
    const sesEvent = (eventType: string, id: string, extra: object = {}) =>
      JSON.stringify({
        Type: 'Notification',
        Message: JSON.stringify({ eventType, mail: { messageId: 'm', timestamp: new Date().toISOString(), tags: { caseId: [caseId], outboxId: [id], kind: ['x'] } }, ...extra }),
      });
    const result = await stack.sendToQueue('SesEvents', [
      sesEvent('Delivery', a.id, { delivery: { timestamp: new Date().toISOString() } }),
      sesEvent('Bounce', b.id, { bounce: { bounceType: 'Permanent', bounceSubType: 'General', timestamp: new Date().toISOString() } }),
      sesEvent('Delivery', b.id),
      JSON.stringify({ eventType: 'Delivery', mail: { tags: {} } }),
      'not json',
    ]);
    expect(result.batchItemFailures).toEqual([]);
    const view = (await adapters.stores.cases.find(caseId))!;
    expect(view.notifications.find((n) => n.id === a.id)?.deliveryStatus).toBe('delivered');
    expect(view.notifications.find((n) => n.id === b.id)?.deliveryStatus).toBe('bounced');
  });
});
