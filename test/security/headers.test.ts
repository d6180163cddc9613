import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack';
import { rawRequest, startLocalStack, type RawRequest, type RawResponse } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { scanAll } from '../support/table';

/**
 * Security headers, CORS and request-size limits as a browser or a client meets them on the
 * local stack (web app and API on one origin, as CloudFront serves them in AWS): every kind of
 * API answer — 2xx and the errors 400, 404, 405, 413 (also chunked, without Content-Length),
 * 415, 422 and 429 — and the web app's pages, files and errors.
 */
const RATE_LIMIT = 30;
const ONE_YEAR = 31_536_000;
const EVIL = 'https://evil.example';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ apiRateLimit: RATE_LIMIT, apiRateLimitWindowSeconds: 60, background: false });
});
afterAll(async () => {
  await stack?.stop();
});

const api = (path: string, options: RawRequest = {}) => rawRequest(`${stack.apiUrl}${path}`, options);
const postJson = (body: string | RawRequest['body'], headers: Record<string, string> = {}) =>
  api('/orders', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** The CSP's directives by name (the first occurrence wins, as in browsers). */
function cspDirectives(headers: IncomingHttpHeaders): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of String(headers['content-security-policy'] ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

/** What a fetch directive falls back to: its own value, else `default-src`. */
function effective(csp: Map<string, string[]>, directive: string): string[] | undefined {
  return csp.get(directive) ?? csp.get('default-src');
}

function expectSecurityHeaders(res: RawResponse, what: string) {
  const hsts = /max-age=(\d+)/i.exec(String(res.headers['strict-transport-security'] ?? ''));
  expect(hsts, `${what}: Strict-Transport-Security`).not.toBeNull();
  expect(Number(hsts![1]), `${what}: HSTS max-age`).toBeGreaterThanOrEqual(ONE_YEAR);

  const csp = cspDirectives(res.headers);
  expect(effective(csp, 'object-src'), `${what}: object-src`).toEqual(["'none'"]);
  // base-uri and frame-ancestors do not fall back to default-src: they must be there themselves.
  expect(csp.get('base-uri'), `${what}: base-uri`).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors'), `${what}: frame-ancestors`).toEqual(["'none'"]);
  expect(effective(csp, 'script-src') ?? [], `${what}: script-src`).not.toContain("'unsafe-inline'");

  expect(res.headers['x-content-type-options'], `${what}: X-Content-Type-Options`).toBe('nosniff');
  expect(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'], `${what}: Referrer-Policy`).toContain(
    res.headers['referrer-policy'],
  );
  expect(res.headers['access-control-allow-origin'], `${what}: Access-Control-Allow-Origin`).toBeUndefined();
}

function expectApiAnswer(res: RawResponse, what: string, status: number, code?: string) {
  expect(res.status, what).toBe(status);
  expectSecurityHeaders(res, what);
  expect(res.headers['cache-control'], `${what}: Cache-Control`).toBe('no-store');
  if (res.text !== '') expect(res.headers['content-type'], `${what}: Content-Type`).toMatch(/^application\/json/);
  if (code) expect(res.json, what).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
}

function* chunks(totalBytes: number, chunkBytes: number): Generator<string> {
  for (let sent = 0; sent < totalBytes; sent += chunkBytes) yield 'x'.repeat(Math.min(chunkBytes, totalBytes - sent));
}

/** A JSON order padded past `bytes`, sent in chunks without Content-Length. */
function* chunkedOrder(bytes: number): Generator<string> {
  const json = JSON.stringify({ ...exampleOrder(), padding: '' });
  yield json.slice(0, -2);
  yield* chunks(bytes, 64 * 1024);
  yield '"}';
}

describe('security headers on every kind of API answer', () => {
  it('2xx: health, intake options, OpenAPI, an accepted order (HEAD too)', async () => {
    expectApiAnswer(await api('/health'), 'GET /api/health', 200);
    expectApiAnswer(await api('/health', { method: 'HEAD' }), 'HEAD /api/health', 200);
    expectApiAnswer(await api('/intake/options'), 'GET /api/intake/options', 200);
    expectApiAnswer(await api('/openapi.json'), 'GET /api/openapi.json', 200);
    expectApiAnswer(await postJson(JSON.stringify(exampleOrder())), 'POST /api/orders', 201);
  });

  it('errors from the handlers: 400, 413, 415, 422', async () => {
    const invalid: any = exampleOrder();
    invalid.person.personnummer = '19400612-2389';
    expectApiAnswer(await postJson(JSON.stringify(invalid)), 'invalid order', 400, 'validation_failed');
    expectApiAnswer(await postJson('{"a":'), 'malformed JSON', 400, 'malformed_json');
    expectApiAnswer(await postJson(JSON.stringify(exampleOrder()), { 'idempotency-key': 'x' }), 'bad key', 400, 'invalid_idempotency_key');
    expectApiAnswer(await postJson(JSON.stringify({ ...exampleOrder(), padding: 'x'.repeat(300 * 1024) })), 'oversized', 413, 'payload_too_large');
    expectApiAnswer(await postJson('hej', { 'content-type': 'text/plain' }), 'text body', 415, 'unsupported_media_type');
    const key = `headers-${crypto.randomUUID()}`;
    expect((await postJson(JSON.stringify(exampleOrder()), { 'idempotency-key': key })).status).toBe(201);
    const other = { ...exampleOrder(), billing: { ...exampleOrder().billing, reference: 'ANNAN' } };
    expectApiAnswer(await postJson(JSON.stringify(other), { 'idempotency-key': key }), 'reused key', 422, 'idempotency_key_reused');
  });

  it('errors from the gateway: 404 unknown path, 405 wrong method, 413 above its 10 MB', async () => {
    expectApiAnswer(await api('/finns-inte'), 'unknown path', 404, 'not_found');
    expectApiAnswer(await api(''), '/api itself', 404, 'not_found');
    expectApiAnswer(await api('/orders'), 'GET /api/orders', 405, 'method_not_allowed');
    expectApiAnswer(await api('/health', { method: 'DELETE' }), 'DELETE /api/health', 405, 'method_not_allowed');
    expectApiAnswer(await postJson(chunks(11 * 1024 * 1024, 1024 * 1024)), '11 MB chunked', 413, 'payload_too_large');
  });

  it('429 from the rate limit', async () => {
    const from = '127.0.0.9';
    let res: RawResponse | undefined;
    for (let i = 0; i <= RATE_LIMIT; i++) res = await api('/health', { from });
    expectApiAnswer(res!, 'rate limited', 429, 'rate_limited');
    expect(Number(res!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });
});

describe('request-size limits', () => {
  async function caseCount() {
    return (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).filter((i) => i.type === 'case').length;
  }

  it('refuse a body above 256 KiB with 413 also when it comes chunked without Content-Length, and store nothing', async () => {
    const before = await caseCount();
    const res = await postJson(chunkedOrder(300 * 1024));
    expectApiAnswer(res, 'chunked 300 KiB', 413, 'payload_too_large');
    expect(res.json.error.message).toMatch(/för stort/);
    expect(await caseCount()).toBe(before);
  });

  it('accept a chunked order below the limit (the limit is on the body, not on the framing)', async () => {
    const json = JSON.stringify(exampleOrder());
    const res = await postJson([json.slice(0, 100), json.slice(100)]);
    expect(res.status).toBe(201);
  });
});

describe('CORS: the API is same-origin with the web app and allows no other origin', () => {
  it('answers a preflight from another origin without any Access-Control-Allow-* header', async () => {
    for (const origin of [EVIL, 'null', stack.baseUrl]) {
      const res = await api('/orders', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, idempotency-key' },
      });
      expect(res.status, origin).toBeGreaterThanOrEqual(400);
      for (const name of Object.keys(res.headers)) expect(name, `${origin}: ${name}`).not.toMatch(/^access-control-allow-/);
      expectSecurityHeaders(res, `OPTIONS from ${origin}`);
    }
  });

  it('gives a cross-origin POST no Access-Control-Allow-Origin, so a page elsewhere cannot read the answer', async () => {
    const res = await postJson(JSON.stringify(exampleOrder()), { origin: EVIL });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('refuses the bodies a cross-origin page can send without a preflight (form and text types) with 415, storing nothing', async () => {
    const before = (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).length;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await postJson(JSON.stringify(exampleOrder()), { origin: EVIL, 'content-type': type });
      expectApiAnswer(res, `cross-origin ${type}`, 415, 'unsupported_media_type');
    }
    expect((await scanAll(stack.dynamoDbEndpoint, stack.tableName)).length).toBe(before);
  });

  it('needs no CORS for the app’s own origin: a same-origin POST is accepted and carries no CORS headers', async () => {
    const res = await postJson(JSON.stringify(exampleOrder()), { origin: stack.baseUrl, referer: `${stack.baseUrl}/bestallning/kontrollera` });
    expect(res.status).toBe(201);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('security headers of the web app', () => {
  const asset = readdirSync(resolve(import.meta.dirname, '../../web/dist/assets')).find((f) => f.endsWith('.js'));

  it('on pages, client-side routes, files and errors', async () => {
    const page = (path: string, options: RawRequest = {}) => rawRequest(`${stack.baseUrl}${path}`, options);
    const cases: [string, RawResponse, number][] = [
      ['/', await page('/'), 200],
      ['/bestallning/person', await page('/bestallning/person'), 200],
      ['/tillganglighet', await page('/tillganglighet'), 200],
      [`/assets/${asset}`, await page(`/assets/${asset}`), 200],
      ['/favicon.svg', await page('/favicon.svg'), 200],
      ['/saknas.js', await page('/saknas.js'), 404],
      ['traversal', await page('/..%2f..%2fpackage.json'), 404],
      ['POST /', await page('/', { method: 'POST', body: 'x' }), 405],
      ['HEAD /', await page('/', { method: 'HEAD' }), 200],
    ];
    for (const [what, res, status] of cases) {
      expect(res.status, what).toBe(status);
      expectSecurityHeaders(res, what);
    }
    const csp = cspDirectives(cases[0][1].headers);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(cases[0][1].headers['x-frame-options']).toBe('DENY');
  });
});
