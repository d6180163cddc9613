import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demo from '../../config/municipality.demo.json';
import { principalFor } from '../../functions/core/access/principals';
import { portalCases } from '../../functions/core/cases/portal-cases';
import { parseMunicipalityConfig } from '../../shared/municipality';
import type { LocalStack } from '../../infra/local/stack';
import { startLocalStack } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { scanAll } from '../support/table';
import { realAdapters } from '../support/wiring';

/**
 * The one-day chaser (`chase-confirmations`) over simulated days on the real stack: run as of each
 * hour, several times, and several runs at once — each assignment gets exactly one reminder (24 h
 * after it was sent) and one escalation (24 h later); a confirmation stops the ladder; a held
 * assignment's day starts when it is released.
 */
const config = parseMunicipalityConfig(demo);
const ROOT = resolve(import.meta.dirname, '../..');
const HOUR = 3_600_000;
let stack: LocalStack;
let adapters: ReturnType<typeof realAdapters>;
/** `npm run job -- …` against the running stack: its exit code and what it printed. */
const cli = (args: string[]) =>
  new Promise<{ code: number | null; out: string }>((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/job.ts', ...args], { cwd: ROOT, env: { ...process.env, PORT: new URL(stack.baseUrl).port } });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => done({ code, out }));
  });

beforeAll(async () => {
  stack = await startLocalStack({ background: false });
  adapters = realAdapters(stack);
});
afterAll(async () => {
  await stack?.stop();
});

async function submit(change: (o: any) => void = () => {}) {
  const order: any = exampleOrder();
  order.decision.insatser = [order.decision.insatser[0]];
  order.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
  change(order);
  const sentAt = Date.now();
  const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
  const { reference } = await res.json();
  const caseId = (await adapters.stores.cases.findIdByReference(reference))!;
  return { reference, caseId, sentAt };
}

async function chasersOf(caseId: string) {
  const items = (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).filter((i) => i.type === 'outbox' && i.caseId === caseId);
  return {
    reminders: items.filter((i) => i.kind === 'confirmation_reminder').map((i) => i.to),
    escalations: items.filter((i) => i.kind === 'confirmation_escalation').map((i) => i.to),
  };
}

const run = (at: number) => stack.runScheduled('ChaseConfirmations', new Date(at));

describe('chase-confirmations', () => {
  it('sends one reminder a day after the assignment was sent and one escalation a day later, however often and however concurrently it runs', async () => {
    const { caseId, sentAt } = await submit();
    for (let hour = 0; hour <= 23; hour += 1) await run(sentAt + hour * HOUR);
    expect(await chasersOf(caseId)).toEqual({ reminders: [], escalations: [] });

    await Promise.all([0, 1, 2, 3, 4].map(() => run(sentAt + 24 * HOUR + 60_000)));
    for (let hour = 25; hour <= 47; hour += 2) await run(sentAt + hour * HOUR);
    expect(await chasersOf(caseId)).toEqual({ reminders: ['order@duvbo-omsorg.example'], escalations: [] });

    await Promise.all([0, 1, 2, 3, 4].map(() => run(sentAt + 48 * HOUR + 60_000)));
    for (let hour = 49; hour <= 96; hour += 6) await run(sentAt + hour * HOUR);
    const view = (await adapters.stores.cases.find(caseId))!;
    const handler = config.caseworkers.find((c) => c.id === view.routing.caseworkerId)!.email;
    expect(await chasersOf(caseId)).toEqual({ reminders: ['order@duvbo-omsorg.example'], escalations: [handler] });
    expect(view.events.map((e) => e.type)).toEqual(['confirmation_reminded', 'confirmation_escalated']);
  });

  it('stops when the provider confirms: no escalation after a confirmation', async () => {
    const { reference, caseId, sentAt } = await submit();
    await run(sentAt + 25 * HOUR);
    const portal = portalCases({ ...adapters.stores, vault: adapters.vault, clock: { now: () => new Date() }, ids: { next: () => crypto.randomUUID() }, config, publicBaseUrl: stack.baseUrl });
    const order = exampleOrder();
    await portal.confirm(principalFor(config, 'sara.lind@duvbo-omsorg.example')!, reference, 'hemtjanst', { startDate: order.stay.from, contactName: 'Sara Lind', contactPhone: '08-555 123 45' });
    await Promise.all([0, 1, 2].map(() => run(sentAt + 49 * HOUR)));
    expect(await chasersOf(caseId)).toEqual({ reminders: ['order@duvbo-omsorg.example'], escalations: [] });
  });

  it('counts a held assignment’s day from its release (protected identity)', async () => {
    const { reference, caseId, sentAt } = await submit((o) => (o.person.protectedIdentity = true));
    await run(sentAt + 30 * HOUR);
    expect(await chasersOf(caseId)).toEqual({ reminders: [], escalations: [] });
    const view = (await adapters.stores.cases.find(caseId))!;
    const caseworker = principalFor(config, config.caseworkers.find((c) => c.id === view.routing.caseworkerId)!.email)!;
    const portal = portalCases({ ...adapters.stores, vault: adapters.vault, clock: { now: () => new Date() }, ids: { next: () => crypto.randomUUID() }, config, publicBaseUrl: stack.baseUrl });
    const releasedAt = Date.now();
    await portal.release(caseworker, reference, 'hemtjanst', { unitHeadName: 'Ulla Enhetschef', toldAt: new Date(releasedAt - 60_000).toISOString() });
    await run(releasedAt + 23 * HOUR);
    expect(await chasersOf(caseId)).toEqual({ reminders: [], escalations: [] });
    await run(releasedAt + 24 * HOUR + 60_000);
    expect((await chasersOf(caseId)).reminders).toEqual(['order@duvbo-omsorg.example']);
  });

  it('runs from the command line as of a time: npm run job -- chase-confirmations --at …', async () => {
    const res = await fetch(`${stack.baseUrl}/__local/jobs/chase-confirmations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at: '2030-01-07T06:00:00.000Z' }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ job: 'chase-confirmations', at: '2030-01-07T06:00:00.000Z', result: { reminded: expect.any(Number), escalated: expect.any(Number), skipped: expect.any(Number) } });
    expect((await fetch(`${stack.baseUrl}/__local/jobs/no-such-job`, { method: 'POST' })).status).toBe(404);

    const ran = await cli(['chase-confirmations', '--at', '2027-01-07T07:00']);
    expect(ran.code, ran.out).toBe(0);
    expect(ran.out).toContain('chase-confirmations ran as of 2027-01-07T06:00:00.000Z');
    const unknown = await cli(['no-such-job']);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('chase-confirmations');
  }, 60_000);
  it('ends the stays whose last day passed: npm run job -- close-stays --at …, once', async () => {
    const order: any = exampleOrder();
    order.decision.insatser = [order.decision.insatser[0]];
    const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
    const { reference } = (await res.json()) as { reference: string };
    const adapters = realAdapters(stack);
    const caseId = (await adapters.stores.cases.findIdByReference(reference))!;
    const onLastDay = await cli(['close-stays', '--at', `${order.stay.to}T23:00`]);
    expect(onLastDay.code, onLastDay.out).toBe(0);
    expect((await adapters.stores.cases.find(caseId))!.ended).toBeUndefined();
    const dayAfter = new Date(Date.parse(`${order.stay.to}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const ran = await cli(['close-stays', '--at', `${dayAfter}T00:30`]);
    expect(ran.code, ran.out).toBe(0);
    expect(ran.out).toMatch(/close-stays ran as of .*"ended":[1-9]/);
    expect((await adapters.stores.cases.find(caseId))!.ended).toMatchObject({ endedOn: order.stay.to, source: 'end_date' });
    // Nothing was confirmed, so nothing is left to report: closed at once.
    expect((await adapters.stores.cases.find(caseId))!.status).toBe('closed');
    const again = await fetch(`${stack.baseUrl}/__local/jobs/close-stays`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at: `${dayAfter}T00:45:00+01:00` }) });
    expect((await again.json()).result).toMatchObject({ ended: 0 });
  }, 60_000);
});
