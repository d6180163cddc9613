import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack';
import { rawRequest, startLocalStack, type RawResponse } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { scanAll, tableSnapshot } from '../support/table';

/**
 * The app's own rate limit on the public routes, against the real local stack with a low limit:
 * the local adapter hands the handlers the connection's address as `sourceIp`, and Linux lets a
 * client connect from any 127.x.y.z, so each test speaks as its own client.
 */
const LIMIT = 5;
const WINDOW_SECONDS = 60;

let stack: LocalStack;
beforeAll(async () => {
  // No dispatcher: the table changes only through the requests of these tests.
  stack = await startLocalStack({ apiRateLimit: LIMIT, apiRateLimitWindowSeconds: WINDOW_SECONDS, background: false });
});
afterAll(async () => {
  await stack?.stop();
});

function postOrder(from: string, headers: Record<string, string> = {}) {
  return rawRequest(`${stack.apiUrl}/orders`, {
    method: 'POST',
    from,
    headers: { 'content-type': 'application/json', 'idempotency-key': `rate-${crypto.randomUUID()}`, ...headers },
    body: JSON.stringify(exampleOrder()),
  });
}

async function caseCount() {
  return (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).filter((i) => i.type === 'case').length;
}

function expectRefused(res: RawResponse) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter), `Retry-After "${res.headers['retry-after']}"`).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.json).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/^För många förfrågningar/) } });
}

describe('the rate limit on the public routes (local stack, 5 per minute)', () => {
  it(`accepts exactly the first ${LIMIT} orders of a burst from one address, refuses the rest with 429 + Retry-After, and stores nothing for them`, async () => {
    const from = '127.0.0.1';
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await postOrder(from)).status);
    expect(statuses).toEqual(Array(LIMIT).fill(201));
    expect(await caseCount()).toBe(LIMIT);

    const snapshot = await tableSnapshot(stack.dynamoDbEndpoint, stack.tableName);
    for (let i = 0; i < 3; i++) expectRefused(await postOrder(from));
    expect((await tableSnapshot(stack.dynamoDbEndpoint, stack.tableName)) === snapshot, 'the table changed').toBe(true);
  });

  it('counts every address on its own: another client still gets through', async () => {
    expect((await postOrder('127.0.0.1')).status).toBe(429);
    const other = await postOrder('127.0.0.2');
    expect(other.status).toBe(201);
    expect(other.json.reference).toMatch(/^TV-\d{4}-\d{5}$/);
  });

  it('is not fooled by headers a client sets (X-Forwarded-For, Forwarded, CloudFront-Viewer-Address, CloudFront origin headers)', async () => {
    const forged: Record<string, string>[] = [
      { 'x-forwarded-for': '203.0.113.9' },
      { forwarded: 'for=203.0.113.10' },
      { 'cloudfront-viewer-address': '203.0.113.11:443', 'x-real-ip': '203.0.113.11', 'true-client-ip': '203.0.113.11' },
      // Locally nothing stands in front: a client claiming to be CloudFront is still counted.
      { 'x-amz-cf-id': 'forged-cloudfront-request-id==', 'x-vistelse-edge': 'forged' },
    ];
    for (const headers of forged) {
      expectRefused(await postOrder('127.0.0.1', headers));
    }
  });

  it(`lets exactly ${LIMIT} of ${LIMIT + 3} concurrent orders through`, async () => {
    const before = await caseCount();
    const responses = await Promise.all(Array.from({ length: LIMIT + 3 }, () => postOrder('127.0.0.3')));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(LIMIT).fill(201), ...Array(3).fill(429)]);
    responses.filter((r) => r.status === 429).forEach(expectRefused);
    expect(await caseCount()).toBe(before + LIMIT);
  });

  it('refuses a limited client before reading its body (429, not 413 or 415)', async () => {
    const tooLarge = await rawRequest(`${stack.apiUrl}/orders`, {
      method: 'POST',
      from: '127.0.0.1',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(300 * 1024) }),
    });
    expectRefused(tooLarge);
    expectRefused(await rawRequest(`${stack.apiUrl}/orders`, { method: 'POST', from: '127.0.0.1', headers: { 'content-type': 'text/plain' }, body: 'hej' }));
  });

  it('limits the GET routes too, each route with its own count, and never the web app', async () => {
    const from = '127.0.0.4';
    const options: number[] = [];
    for (let i = 0; i < LIMIT + 3; i++) options.push((await rawRequest(`${stack.apiUrl}/intake/options`, { from })).status);
    expect(options).toEqual([...Array(LIMIT).fill(200), 429, 429, 429]);
    expectRefused(await rawRequest(`${stack.apiUrl}/intake/options`, { from }));

    // Reading the options did not use up the orders (or the health check) of that address.
    expect((await rawRequest(`${stack.apiUrl}/health`, { from })).status).toBe(200);
    expect((await postOrder(from)).status).toBe(201);

    // The web app's files are not the API's (in AWS the WAF rule covers /api/ only).
    for (let i = 0; i < LIMIT + 3; i++) expect((await rawRequest(`${stack.baseUrl}/`, { from })).status).toBe(200);
  });
});
