import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realAdapters } from '../support/wiring';
import { findPersonnummer } from '../support/personal-data';
import { receivedMails, startLocalStack, waitForMails } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { scanAll, tableSnapshot } from '../support/table';
import type { LocalStack } from '../../infra/local/stack';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(async () => {
  await stack?.stop();
});

const REFERENCE = /^TV-\d{4}-\d{5}$/;

function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${stack.apiUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The table once the dispatcher has caught up: equal strings mean nothing was written. */
async function settledSnapshot() {
  await stack.dispatcherIdle();
  return tableSnapshot(stack.dynamoDbEndpoint, stack.tableName);
}

async function caseItems() {
  return (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).filter((i) => i.type === 'case');
}

/** Every order the tests submitted, so the mail scan knows what personal data to look for. */
const submitted: ReturnType<typeof exampleOrder>[] = [];

describe('the intake API on the local stack', () => {
  it('answers health and the intake options', async () => {
    expect((await fetch(`${stack.apiUrl}/health`)).status).toBe(200);
    const res = await fetch(`${stack.apiUrl}/intake/options`);
    expect(res.status).toBe(200);
    const options = await res.json();
    expect(options.providers.map((p: any) => p.name)).toContain('Omsorgsteamet Rissne AB');
    expect(options.providers[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), insatser: expect.any(Array), acceptsNewClients: expect.any(Boolean), postalCodes: expect.any(Array) }),
    );
    expect(options.insatsTypes.map((t: any) => t.type)).toEqual([
      'hemtjanst', 'trygghetslarm', 'matdistribution', 'ledsagning', 'avlosning', 'boendestod', 'dagverksamhet',
    ]);
  });

  it('accepts the example order with 201 and a case reference, and stores one case', async () => {
    const order = exampleOrder();
    submitted.push(order);
    const before = (await caseItems()).length;
    const res = await post(order);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.reference).toMatch(REFERENCE);
    expect(body.stay).toEqual({ from: order.stay.from, to: order.stay.to });
    const cases = await caseItems();
    expect(cases).toHaveLength(before + 1);
    // The personnummer is stored normalized — sealed with the rest of the person's personal data.
    const stored = cases.find((c) => c.reference === body.reference)!;
    const { person } = await realAdapters(stack).vault.open(stored.caseId, { person: stored.personalData.person });
    expect(person.personnummer).toBe('194006122388');
  });

  it('answers a retry with the same Idempotency-Key with the same 201 body and no second case', async () => {
    const order = exampleOrder();
    submitted.push(order);
    const key = `retry-${crypto.randomUUID()}`;
    const first = await post(order, { 'idempotency-key': key });
    const before = (await caseItems()).length;
    const second = await post(order, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual(await first.json());
    expect((await caseItems()).length).toBe(before);
  });

  it('creates one case when the same key arrives five times at once; the others are told to retry, and their retries get the same answer', async () => {
    const order = exampleOrder();
    submitted.push(order);
    const key = `parallel-${crypto.randomUUID()}`;
    const before = (await caseItems()).length;
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(order, { 'idempotency-key': key })));
    const references = new Set<string>();
    for (const res of responses) {
      const body = await res.json();
      if (res.status === 409) {
        // Still at work on the first: retry after the time the answer says.
        expect(body.error.code).toBe('request_in_progress');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(res.headers.get('cache-control')).toBe('no-store');
        const retry = await post(order, { 'idempotency-key': key });
        expect(retry.status).toBe(201);
        references.add((await retry.json()).reference);
      } else {
        expect(res.status).toBe(201);
        references.add(body.reference);
      }
    }
    expect(references.size).toBe(1);
    expect((await caseItems()).length).toBe(before + 1);
  });

  it('refuses a reused key with another body (422) and stores nothing', async () => {
    const key = `reuse-${crypto.randomUUID()}`;
    const order = exampleOrder();
    submitted.push(order);
    expect((await post(order, { 'idempotency-key': key })).status).toBe(201);
    const snapshot = await settledSnapshot();
    const changed = { ...exampleOrder(), billing: { address: order.billing.address, reference: 'ANNAN-2' } };
    const res = await post(changed, { 'idempotency-key': key });
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe('idempotency_key_reused');
    expect(await settledSnapshot() === snapshot, 'the table changed').toBe(true);
  });

  it('gives concurrent orders unique references', async () => {
    const orders = Array.from({ length: 30 }, () => exampleOrder());
    submitted.push(...orders);
    const responses = await Promise.all(orders.map((o) => post(o)));
    const references = await Promise.all(responses.map(async (r) => (await r.json()).reference));
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(new Set(references).size).toBe(30);
    references.forEach((r) => expect(r).toMatch(REFERENCE));
  });

  it('rejects an invalid order with 400 naming every bad field, and stores nothing', async () => {
    const snapshot = await settledSnapshot();
    const order: any = exampleOrder();
    order.person.personnummer = '19400612-2389';
    order.orderer.email = 'inte-en-adress';
    order.stay.to = '2001-01-01';
    order.decision.insatser[0].scope.unit = 'hours_per_year';
    order.unexpected = true;
    const res = await post(order, { 'idempotency-key': `bad-${crypto.randomUUID()}` });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toEqual(expect.any(String));
    expect(body.error.issues.map((i: any) => i.path).sort()).toEqual(
      ['decision.insatser.0.scope.unit', 'orderer.email', 'person.personnummer', 'stay.to', 'unexpected'].sort(),
    );
    expect(await settledSnapshot() === snapshot, 'the table changed').toBe(true);
  });

  it('answers bad bodies with 4xx, never 5xx, and stores nothing', async () => {
    const snapshot = await settledSnapshot();
    const cases: [string, () => Promise<Response>, number, string][] = [
      ['text body', () => post('hej', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type'],
      ['no content type', () => fetch(`${stack.apiUrl}/orders`, { method: 'POST', body: new Blob(['{}']) }), 415, 'unsupported_media_type'],
      ['malformed JSON', () => post('{"homeMunicipality": '), 400, 'malformed_json'],
      ['JSON null', () => post('null'), 400, 'validation_failed'],
      ['a JSON array', () => post('[1,2,3]'), 400, 'validation_failed'],
      ['oversized body', () => post({ ...exampleOrder(), padding: 'x'.repeat(300 * 1024) }), 413, 'payload_too_large'],
      ['deep nesting', () => post('{"a":'.repeat(5000) + '1' + '}'.repeat(5000)), 400, 'validation_failed'],
      ['invalid UTF-8', () => fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0xff, 0x7d]) }), 400, 'malformed_json'],
      ['bad idempotency key', () => post(exampleOrder(), { 'idempotency-key': 'x' }), 400, 'invalid_idempotency_key'],
    ];
    for (const [what, send, status, code] of cases) {
      const res = await send();
      expect(res.status, what).toBe(status);
      expect((await res.json()).error.code, what).toBe(code);
    }
    expect(await settledSnapshot() === snapshot, 'the table changed').toBe(true);
  });

  it('puts API security headers on answers, including errors', async () => {
    for (const res of [await fetch(`${stack.apiUrl}/health`), await post('x', { 'content-type': 'text/plain' })]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await fetch(`${stack.apiUrl}/nothing-here`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('describes the API as OpenAPI generated from the order schema', async () => {
    const res = await fetch(`${stack.apiUrl}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/orders', '/api/intake/options', '/api/health']));
    const order = doc.components.schemas.Order;
    expect(order.properties.person.properties.personnummer).toBeDefined();
    expect(order.properties.decision.properties.insatser.items.properties.type.enum).toContain('trygghetslarm');
    expect(order.additionalProperties).toBe(false);
    expect(doc.paths['/api/orders'].post.responses).toHaveProperty('400');
  });

  it('sends each accepted order a Swedish receipt with reference, stay dates and link — and no personal data', async () => {
    const order = exampleOrder();
    submitted.push(order);
    const res = await post(order);
    const { reference } = await res.json();
    const mails = await waitForMails(stack.mailUrl, (all) => all.some((m) => m.subject.includes(reference)));
    const receipt = mails.find((m) => m.subject.includes(reference))!;
    expect(receipt.destination.to).toEqual([order.orderer.email]);
    expect(receipt.from).toBe('no-reply@sundbyberg.example');
    expect(receipt.subject).toBe(`Beställningen är mottagen – ärende ${reference}`);
    expect(receipt.body.text).toContain('Vad händer nu?');
    expect(receipt.body.text).toMatch(/Vistelse: \d{1,2} \w+ \d{4} – \d{1,2} \w+ \d{4}/);
    expect(receipt.body.text).toContain(stack.baseUrl);
    expect(receipt.body.html).toContain('<html lang="sv">');
    expect(receipt.body.html).toContain(reference);
  });

  it('has sent one receipt per accepted order, and not one mail carries personal data', async () => {
    await stack.dispatcherIdle();
    const references = (await caseItems()).map((c) => c.reference);
    const isReceipt = (m: { subject: string }) => m.subject.startsWith('Beställningen är mottagen');
    const mails = await waitForMails(stack.mailUrl, (all) => all.filter(isReceipt).length >= references.length);
    const receipts = mails.filter(isReceipt);
    expect(receipts.length).toBe(references.length);
    expect(new Set(receipts.map((m) => m.subject)).size).toBe(references.length);

    const personal = new Set<string>();
    for (const o of submitted) {
      const p = o.person;
      [p.firstName, p.lastName, p.personnummer, p.personnummer.replace('-', ''), p.personnummer.slice(2), p.stayAddress.street,
        p.stayAddress.postalCode, p.phone, p.housing, p.socialSituation, p.disability, p.abilities,
        ...p.relatives.flatMap((r) => [r.name, r.phone]), ...o.decision.insatser.map((i) => i.description), o.decision.goal]
        .filter(Boolean)
        .forEach((v) => personal.add(v as string));
    }
    for (const mail of await receivedMails(stack.mailUrl)) {
      const all = `${mail.subject}\n${mail.body.text}\n${mail.body.html}`;
      for (const value of personal) expect(all, `a mail contains "${value}"`).not.toContain(value);
      expect(findPersonnummer(all)).toEqual([]);
    }
  });
});
