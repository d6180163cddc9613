import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readableLine } from '../../infra/local/readable-logs';
import { METRIC, METRICS_NAMESPACE } from '../../functions/observability/metric-names';
import { exampleOrder } from '../support/order-fixture';
import { startNpmStart, type NpmStart } from '../support/npm-start';
import { findPersonnummer } from '../support/personal-data';

/**
 * Issue 19, point 1: `npm start`'s entry as its own process (the functions write to its stdout as
 * they do in Lambda), its lines taken as they are (`VISTELSE_LOG_FORMAT=json`): an order with the
 * caller's `X-Correlation-Id`, the mails it queued, a job run `--at` a time. Every line is JSON with
 * the function, its request id and the correlation id; the mails' lines carry the order's; the
 * metrics are EMF in one namespace.
 */
let stack: NpmStart;
let baseUrl: string;
const output = () => stack.output();

beforeAll(async () => {
  stack = await startNpmStart({ VISTELSE_LOG_FORMAT: 'json', POWERTOOLS_LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_DISABLED: 'false' });
  baseUrl = stack.baseUrl;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

type Line = Record<string, any>;
const lines = (): Line[] =>
  output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);
const logLines = () => lines().filter((l) => typeof l.level === 'string' && typeof l.message === 'string');
const metricBlobs = () => lines().filter((l) => l._aws);
/** The metric's values over every EMF blob, with each blob's dimensions. */
const metricValues = (name: string) =>
  metricBlobs()
    .filter((b) => b._aws.CloudWatchMetrics.some((d: any) => d.Metrics.some((m: any) => m.Name === name)))
    .map((b) => ({ value: ([] as number[]).concat(b[name]).reduce((a, x) => a + x, 0), namespace: b._aws.CloudWatchMetrics[0].Namespace, dimensions: Object.fromEntries(b._aws.CloudWatchMetrics[0].Dimensions[0].map((d: string) => [d, b[d]])) }));

async function until<T>(find: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  for (const started = Date.now(); Date.now() - started < ms; await new Promise((r) => setTimeout(r, 100))) {
    const found = find();
    if (found) return found;
  }
  throw new Error(`Not seen: ${what}\n${output().slice(-3000)}`);
}

describe('structured logs, metrics and the correlation id (npm start, as in Lambda)', () => {
  it('an order: its answer, its lines and its mails carry the caller’s correlation id; the counts are EMF', async () => {
    // A UUID-like id with a run shaped like a personnummer but none (month 34): it must come back as sent.
    // (A random UUID has such a run one time in fifty: this test failed then, before the check took only valid numbers.)
    const correlation = `ab123456-7890-4abc-9def-${crypto.randomUUID().replace(/[^a-f]/g, '').padEnd(12, 'e').slice(0, 12)}`;
    const res = await fetch(`${baseUrl}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-correlation-id': correlation }, body: JSON.stringify(exampleOrder()) });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-correlation-id')).toBe(correlation);
    const { reference } = await res.json();

    const answered = await until(() => logLines().find((l) => l.message === 'answered' && l.correlation_id === correlation), 'the answer’s line');
    expect(answered).toMatchObject({ level: 'INFO', service: 'vistelse', function_name: 'SubmitOrder', route: 'POST /api/orders', status: 201, case_reference: reference });
    expect(answered.function_request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(answered.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);

    // The seven mails the order queued, each sent under the order's correlation id.
    const sent = await until(() => {
      const mails = logLines().filter((l) => l.message === 'mail sent' && l.correlation_id === correlation);
      return mails.length >= 7 ? mails : undefined;
    }, 'the order’s mails sent');
    expect(new Set(sent.map((l) => l.function_name))).toEqual(new Set(['DispatchOutbox']));
    expect(sent.map((l) => l.kind)).toContain('order_receipt');
    expect(sent.every((l) => l.to === undefined && l.subject === undefined)).toBe(true);

    // A refused order: a WARN line naming the fields, and counted.
    const refused = await fetch(`${baseUrl}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(400);
    const refusal = await until(() => logLines().find((l) => l.message === 'answered' && l.status === 400 && l.correlation_id === refused.headers.get('x-correlation-id')), 'the refusal’s line');
    expect(refusal).toMatchObject({ level: 'WARN', code: 'validation_failed' });
    expect(refusal.fields).toContain('person');

    await until(() => (metricValues(METRIC.ordersRefused).length > 0 && metricValues(METRIC.mailsSent).length > 0 ? true : undefined), 'the metrics');
    expect(metricValues(METRIC.ordersReceived).reduce((a, m) => a + m.value, 0)).toBe(1);
    expect(metricValues(METRIC.ordersRefused).reduce((a, m) => a + m.value, 0)).toBe(1);
    expect(metricValues(METRIC.routings).map((m) => m.dimensions.Outcome)).toContain('caseworker');
    expect(metricValues(METRIC.mailsQueued).reduce((a, m) => a + m.value, 0)).toBeGreaterThanOrEqual(7);
    expect(metricValues(METRIC.mailsSent).reduce((a, m) => a + m.value, 0)).toBeGreaterThanOrEqual(7);
    expect(new Set(metricBlobs().map((b) => b._aws.CloudWatchMetrics[0].Namespace))).toEqual(new Set([METRICS_NAMESPACE]));
  });

  it('a job run --at a time: its lines carry the job and its time as the correlation id; its run counted and timed by Job', async () => {
    const at = '2027-01-04T06:00:00.000Z';
    const res = await fetch(`${baseUrl}/__local/jobs/chase-confirmations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at }) });
    expect(res.status).toBe(200);
    const ran = await until(() => logLines().find((l) => l.message === 'job ran' && l.job === 'chase-confirmations' && l.correlation_id === `chase-confirmations@${at}`), 'the job’s line');
    expect(ran).toMatchObject({ function_name: 'ChaseConfirmations' });
    expect(typeof ran.duration_ms).toBe('number');
    const runs = await until(() => metricValues(METRIC.jobRuns).find((m) => m.dimensions.Job === 'chase-confirmations'), 'JobRuns');
    expect(runs.value).toBe(1);
    expect(metricValues(METRIC.jobDuration).some((m) => m.dimensions.Job === 'chase-confirmations')).toBe(true);
  });

  it('orders at once while a job runs: each answer, each answer’s line and each mail carries its own order’s id', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `concurrent-${i}-${crypto.randomUUID().replace(/[^a-f]/g, '')}`);
    const at = '2027-01-05T06:00:00.000Z';
    const [job, ...answers] = await Promise.all([
      fetch(`${baseUrl}/__local/jobs/chase-confirmations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at }) }),
      ...ids.map((id) => fetch(`${baseUrl}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-correlation-id': id }, body: JSON.stringify(exampleOrder()) })),
    ]);
    expect(job!.status).toBe(200);
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 201));
    expect(answers.map((a) => a.headers.get('x-correlation-id'))).toEqual(ids);
    const references = await Promise.all(answers.map(async (a) => ((await a.json()) as { reference: string }).reference));

    const byId = await until(() => {
      const mails = logLines().filter((l) => l.message === 'mail sent' && ids.includes(l.correlation_id));
      return ids.every((id) => mails.filter((l) => l.correlation_id === id).length >= 7) ? mails : undefined;
    }, 'every order’s mails sent');
    // Seven mails each: no mail went out under another order's id, or none.
    for (const id of ids) expect(byId.filter((l) => l.correlation_id === id)).toHaveLength(7);
    for (const [i, id] of ids.entries()) {
      const answered = logLines().filter((l) => l.message === 'answered' && l.correlation_id === id);
      expect(answered).toHaveLength(1);
      expect(answered[0]).toMatchObject({ function_name: 'SubmitOrder', status: 201, case_reference: references[i] });
    }
    expect(logLines().find((l) => l.message === 'job ran' && l.job === 'chase-confirmations' && l.correlation_id === `chase-confirmations@${at}`)).toBeDefined();
  });

  it('no line holds a personnummer; every line is JSON and reads as one line locally', () => {
    expect(findPersonnummer(output())).toEqual([]);
    for (const line of lines()) expect(readableLine(JSON.stringify(line))).toMatch(/^\d\d:\d\d:\d\d {2}/);
  });
});
