import { describe, expect, it } from 'vitest';
import { contractViolation } from '../../../functions/http/response-contract';
import { DEFAULT_ROUTE, ROUTES } from '../../../functions/routes';

/**
 * The check the local stack runs on every API answer (and so every integration test, whose stack
 * fails at `stop()` on a violation): an answer must be one its route declares, with a body its
 * schema takes.
 */
const orders = ROUTES.find((r) => r.id === 'SubmitOrder')!.responses;
const json = { 'content-type': 'application/json; charset=utf-8' };
const receipt = { reference: 'TV-2026-00001', status: 'received', receivedAt: '2026-12-02T10:00:00.000Z', stay: { from: '2026-12-24', to: '2027-02-23' }, warnings: [] };

describe('an answer against its route’s contract', () => {
  it('keeps it: a receipt, an error body, a common answer with its header', () => {
    expect(contractViolation(orders, { statusCode: 201, headers: json, body: JSON.stringify(receipt) })).toBeUndefined();
    expect(contractViolation(orders, { statusCode: 400, headers: json, body: JSON.stringify({ error: { code: 'validation_failed', message: 'Fel', issues: [{ path: 'person', message: 'x' }] } }) })).toBeUndefined();
    expect(contractViolation(orders, { statusCode: 429, headers: { ...json, 'retry-after': '60' }, body: JSON.stringify({ error: { code: 'rate_limited', message: 'Vänta' } }) })).toBeUndefined();
  });

  it.each([
    ['a receipt without its reference', 201, json, { ...receipt, reference: undefined }, /201: the body breaks its schema — reference/],
    ['a receipt with an unknown status', 201, json, { ...receipt, status: 'stored' }, /status/],
    ['an error without a code', 400, json, { error: { message: 'Fel' } }, /error\.code/],
    ['a status the route does not declare', 404, json, { error: { code: 'not_found', message: 'x' } }, /status 404 is not declared/],
    ['a 409 without Retry-After', 409, json, { error: { code: 'request_in_progress', message: 'x' } }, /Retry-After is missing/],
    ['a body that is not JSON', 201, { 'content-type': 'text/plain' }, 'ok', /not JSON/],
  ])('refuses %s', (_what, statusCode, headers, body, message) => {
    expect(contractViolation(orders, { statusCode, headers, body: typeof body === 'string' ? body : JSON.stringify(body) })).toMatch(message);
  });

  it('holds the $default route to the error body too', () => {
    expect(contractViolation(DEFAULT_ROUTE.responses, { statusCode: 404, headers: json, body: JSON.stringify({ message: 'Not Found' }) })).toMatch(/error/);
  });
});
