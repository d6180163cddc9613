import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as notFound } from '../../../functions/http/not-found';
import { ROUTES } from '../../../functions/routes';
import { createLocalHttpServer, type ContractViolation } from '../../../infra/local/http-server';

/**
 * The local adapter checks every answer against its route's declared contract, and gives what no
 * route takes to the same `$default` function as API Gateway does in AWS.
 */
const violations: ContractViolation[] = [];
const orders = ROUTES.find((r) => r.id === 'SubmitOrder')!;
const health = ROUTES.find((r) => r.id === 'Health')!;
const server = createLocalHttpServer({
  routes: [
    // A handler that breaks the contract: its 201 has no reference.
    { ...orders, handler: async () => ({ statusCode: 201, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'received' }) }) },
    { ...health, handler: async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'ok' }) }) },
  ],
  defaultRoute: notFound,
  webRoot: '/nonexistent',
  onContractViolation: (v) => violations.push(v),
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the local adapter', () => {
  it('reports an answer whose body its route’s schema refuses', async () => {
    const res = await fetch(`${base}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(201);
    expect(violations).toEqual([{ route: 'POST /api/orders', statusCode: 201, violation: expect.stringMatching(/breaks its schema — reference/) }]);
  });

  it('answers an address the API does not have with the $default function’s 404 error body, and a known one with the wrong method with 405 and Allow', async () => {
    violations.length = 0;
    const missing = await fetch(`${base}/api/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'Det finns ingen sådan adress i API:et.' } });
    const wrongMethod = await fetch(`${base}/api/health`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expect((await wrongMethod.json()).error.code).toBe('method_not_allowed');
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    expect(violations).toEqual([]);
  });
});
