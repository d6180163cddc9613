import { afterEach, describe, expect, it, vi } from 'vitest';
import { postOrder } from '../../../web/src/api';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const inProgress = () => json(409, { error: { code: 'request_in_progress', message: 'Behandlas just nu.' } }, { 'retry-after': '1' });
const created = () => json(201, { reference: 'TV-2026-00042', status: 'received', receivedAt: '2026-11-23T09:00:00.000Z', stay: { from: '2026-12-01', to: '2027-01-15' }, warnings: [] });

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('postOrder (the form sending an order)', () => {
  it('sends the same order again after Retry-After while the server is still at work on it, with the same key, and shows the answer', async () => {
    vi.useFakeTimers();
    const fetch = vi.fn().mockResolvedValueOnce(inProgress()).mockResolvedValueOnce(created());
    vi.stubGlobal('fetch', fetch);
    const result = postOrder({ any: 'order' }, 'key-12345678');
    await vi.advanceTimersByTimeAsync(999);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toMatchObject({ kind: 'created', receipt: { reference: 'TV-2026-00042' } });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch.mock.calls.map(([, init]) => init.headers['idempotency-key'])).toEqual(['key-12345678', 'key-12345678']);
  });

  it('gives up after a few attempts and says so, instead of waiting for ever', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('fetch', vi.fn().mockImplementation(async () => inProgress()));
    const result = postOrder({ any: 'order' }, 'key-12345678');
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(result).resolves.toEqual({ kind: 'failed', status: 409, code: 'request_in_progress', message: 'Behandlas just nu.' });
  });
});
