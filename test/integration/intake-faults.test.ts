import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demo from '../../config/municipality.demo.json';
import { keys } from '../../functions/adapters/dynamodb/keys';
import { principalFor } from '../../functions/core/access/principals';
import { portalCases } from '../../functions/core/cases/portal-cases';
import { submitOrder, type SubmitOrderInput } from '../../functions/core/intake/submit-order';
import { IDEMPOTENCY_CLAIM_MS, RequestInProgressError, type IdempotencyStore } from '../../functions/core/kernel/idempotency';
import type { Transactor } from '../../functions/core/kernel/transaction';
import { parseMunicipalityConfig } from '../../shared/municipality';
import type { LocalStack } from '../../infra/local/stack';
import { startLocalStack } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { scanAll } from '../support/table';
import { realAdapters } from '../support/wiring';

/**
 * Faults around the intake, on the real DynamoDB Local: the function dying at the worst moments,
 * clients retrying after a timeout, and requests racing on the same conditional writes.
 */
const config = parseMunicipalityConfig(demo);
let stack: LocalStack;
let adapters: ReturnType<typeof realAdapters>;
beforeAll(async () => {
  stack = await startLocalStack({ background: false });
  adapters = realAdapters(stack);
});
afterAll(async () => {
  await stack?.stop();
});

let sequence = 0;
const ids = { next: () => `${Date.now().toString(36)}${(sequence++).toString(36).padStart(6, '0')}`.toUpperCase() };

/**
 * The intake use case on the real stores, as one Lambda instance would run it, at a chosen instant;
 * a test may wrap the transactor (the case's one write) or the idempotency store.
 */
function intake(options: { transactor?: Transactor; idempotency?: IdempotencyStore; at?: () => Date } = {}) {
  return submitOrder({
    ...adapters.stores,
    vault: adapters.vault,
    transactor: options.transactor ?? adapters.stores.transactor,
    idempotency: options.idempotency ?? adapters.stores.idempotency,
    clock: { now: options.at ?? (() => new Date()) },
    ids,
    config,
    publicBaseUrl: 'https://vistelse.example',
  });
}

/** An order told apart from every other by its invoice reference. */
function markedOrder() {
  const order: any = exampleOrder();
  order.billing.reference = `FAULT-${crypto.randomUUID().slice(0, 8)}`;
  return order;
}

async function casesOf(order: { billing: { reference: string } }) {
  return (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).filter(
    (i) => i.type === 'case' && i.order.billing.reference === order.billing.reference,
  );
}

/** Every counter's value (the case-reference series, each rotation). */
async function counters(): Promise<Record<string, number>> {
  const item = (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).find((i) => i.pk === keys.counters().pk);
  const { pk: _pk, sk: _sk, ...values } = item ?? { pk: '', sk: '' };
  return values;
}

class Killed extends Error {}

/** An intake whose process dies at a chosen step: nothing after that step runs, not even clean-up. */
function dyingAt(step: 'after-write' | 'before-write'): { transactor: Transactor; idempotency: IdempotencyStore } {
  const real = adapters.stores;
  return {
    transactor: {
      commit: async (writes) => {
        if (step === 'after-write') await real.transactor.commit(writes);
        throw new Killed(`the intake function was killed ${step === 'after-write' ? 'right after' : 'right before'} its write`);
      },
    },
    idempotency: {
      claim: (claim, now) => real.idempotency.claim(claim, now),
      find: (keyHash) => real.idempotency.find(keyHash),
      complete: (record) => real.idempotency.complete(record),
      release: async () => {
        throw new Killed('dead processes clean nothing up');
      },
    },
  };
}

describe('the intake function dying', () => {
  it('killed right after its write: the retry with the same key returns the same case', async () => {
    const order = markedOrder();
    const request: SubmitOrderInput = { body: order, idempotencyKey: `killed-after-${crypto.randomUUID()}` };
    await expect(intake(dyingAt('after-write'))(request)).rejects.toBeInstanceOf(Killed);
    const [stored] = await casesOf(order);
    expect(stored, 'the write itself happened').toBeDefined();

    const retry = await intake()(request);
    expect(retry).toMatchObject({ statusCode: 201, replayed: true, receipt: { reference: stored.reference } });
    expect(await casesOf(order)).toHaveLength(1);
  });

  it('killed after claiming the key but before its write: retries are told to wait until the claim expires, then one case is made', async () => {
    const order = markedOrder();
    const request: SubmitOrderInput = { body: order, idempotencyKey: `killed-before-${crypto.randomUUID()}` };
    const t0 = Date.now();
    await expect(intake({ ...dyingAt('before-write'), at: () => new Date(t0) })(request)).rejects.toBeInstanceOf(Killed);

    // The client retries a second later: the claim still stands, so it is told to retry (409, Retry-After).
    const early = intake({ at: () => new Date(t0 + 1000) })(request);
    await expect(early).rejects.toBeInstanceOf(RequestInProgressError);
    await expect(early).rejects.toMatchObject({ status: 409, headers: { 'retry-after': '1' } });
    expect(await casesOf(order)).toHaveLength(0);

    // Once the dead request's claim has expired, the retry takes it over and the order goes through, once.
    const later = await intake({ at: () => new Date(t0 + IDEMPOTENCY_CLAIM_MS + 1000) })(request);
    expect(later).toMatchObject({ statusCode: 201, replayed: false });
    const again = await intake({ at: () => new Date(t0 + IDEMPOTENCY_CLAIM_MS + 2000) })(request);
    expect(again).toMatchObject({ statusCode: 201, replayed: true, receipt: { reference: later.receipt.reference } });
    expect(await casesOf(order)).toHaveLength(1);
  });

  it('an error after the write committed (a lost answer) does not free the key: the retry returns the same case', async () => {
    const order = markedOrder();
    const request: SubmitOrderInput = { body: order, idempotencyKey: `lost-answer-${crypto.randomUUID()}` };
    const losesAnswer: Transactor = {
      commit: async (writes) => {
        await adapters.stores.transactor.commit(writes);
        throw new Error('socket hang up'); // the write committed, its answer never arrived
      },
    };
    await expect(intake({ transactor: losesAnswer })(request)).rejects.toThrow('socket hang up');
    const [stored] = await casesOf(order);
    expect(await intake()(request)).toMatchObject({ statusCode: 201, replayed: true, receipt: { reference: stored.reference } });
    expect(await casesOf(order)).toHaveLength(1);
  });

  it('failing before anything is stored frees the key at once: the retry goes through without waiting', async () => {
    const order = markedOrder();
    const request: SubmitOrderInput = { body: order, idempotencyKey: `fails-${crypto.randomUUID()}` };
    const failing: Transactor = { commit: async () => Promise.reject(new Error('DynamoDB unavailable')) };
    await expect(intake({ transactor: failing })(request)).rejects.toThrow('DynamoDB unavailable');
    expect(await intake()(request)).toMatchObject({ statusCode: 201, replayed: false });
    expect(await casesOf(order)).toHaveLength(1);
  });
});

describe('a client retrying after its own timeout', () => {
  it('is told to retry while the first request still works, then gets the first answer; one case', async () => {
    const order = markedOrder();
    const request: SubmitOrderInput = { body: order, idempotencyKey: `timeout-${crypto.randomUUID()}` };
    let finishWrite!: () => void;
    const slowWrite = new Promise<void>((resolve) => (finishWrite = resolve));
    const slow: Transactor = {
      commit: async (writes) => {
        await slowWrite;
        return adapters.stores.transactor.commit(writes);
      },
    };
    const first = intake({ transactor: slow })(request);
    // The client gave up waiting and sends the same order again while the first is still at work.
    await new Promise((r) => setTimeout(r, 100));
    await expect(intake()(request)).rejects.toMatchObject({ status: 409, code: 'request_in_progress' });

    finishWrite();
    const answered = await first;
    expect(answered).toMatchObject({ statusCode: 201, replayed: false });
    expect(await intake()(request)).toMatchObject({ statusCode: 201, replayed: true, receipt: answered.receipt });
    expect(await casesOf(order)).toHaveLength(1);
  });
});

describe('conditional-check races on DynamoDB Local', () => {
  it('lets exactly one of 20 simultaneous requests with one key claim it, and burns no case number or rotation turn for the others', async () => {
    const order = markedOrder();
    const key = `race-${crypto.randomUUID()}`;
    const before = await counters();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => intake()({ body: order, idempotencyKey: key })));
    const created = results.filter((r) => r.status === 'fulfilled' && !r.value.replayed);
    const toldToRetry = results.filter((r) => r.status === 'rejected' && r.reason instanceof RequestInProgressError);
    const replayed = results.filter((r) => r.status === 'fulfilled' && r.value.replayed);
    expect(created).toHaveLength(1);
    expect(toldToRetry.length + replayed.length).toBe(19);
    expect(await casesOf(order)).toHaveLength(1);

    // One case number and one turn per rotation used, as for a single order.
    const after = await counters();
    const moved = Object.entries(after).filter(([k, v]) => v !== before[k]);
    const caseCounter = moved.filter(([k]) => k.startsWith('case-reference#'));
    expect(caseCounter.map(([k, v]) => v - (before[k] ?? 0))).toEqual([1]);
    for (const [k, v] of moved.filter(([k]) => k.startsWith('rotation#'))) expect(v - (before[k] ?? 0)).toBe(1);
  });

  it('records "unit head told" once when the caseworker sends it twice at the same moment', async () => {
    const order = markedOrder();
    order.person.protectedIdentity = true;
    const { receipt } = await intake()({ body: order });
    const [stored] = await casesOf(order);
    const caseworker = principalFor(config, config.caseworkers.find((c) => c.id === stored.routing.caseworkerId)!.email)!;
    const portal = portalCases({ ...adapters.stores, vault: adapters.vault, clock: { now: () => new Date() }, ids, config, publicBaseUrl: 'https://vistelse.example' });
    const input = { unitHeadName: 'Eva Enhetschef', toldAt: new Date(Date.now() - 60_000).toISOString() };
    const release = () => portal.release(caseworker, receipt.reference, 'hemtjanst', input);
    const results = await Promise.allSettled([release(), release()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ status: 409 });
    const events = (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).filter((i) => i.pk === keys.case(stored.caseId).pk && i.type === 'case_event');
    expect(events.map((e) => e.eventType)).toEqual(['unit_head_told']);
  });
});
