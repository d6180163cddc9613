import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTE, QUEUE_FUNCTIONS, ROUTES, SCHEDULED_FUNCTIONS, STREAM_FUNCTIONS } from '../../functions/routes';
import type { BenchRow } from './run';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * `npm run bench` with few orders, so that the harness later capabilities add rows to can't rot
 * unnoticed. Only the goals a shared machine can't blur are held here — sizes, request counts,
 * errors, the rotation's fairness; the timed goals are the bench's to print, not a test's to flake on.
 */
describe('npm run bench (smoke run, few orders)', () => {
  it('prints every row with a figure, and meets every goal that is not a timing', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'vistelse-bench-')), 'rows.json');
    const { code, output } = await new Promise<{ code: number | null; output: string }>((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/run.ts'], {
        cwd: ROOT,
        env: { ...process.env, BENCH_ORDERS: '20', BENCH_LOAD_ORDERS: '150', BENCH_ACTIVE_REPORTS: '1500', BENCH_DUE_REPORTS: '300', BENCH_APPROVED_REPORTS: '40', BENCH_PURGE_CASES: '60', BENCH_OPEN_CASES: '300', BENCH_REPORT: report },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c) => (output += c));
      child.stderr.on('data', (c) => (output += c));
      child.on('exit', (code) => done({ code, output }));
    });
    expect(code, output).toBe(0);

    const rows: BenchRow[] = JSON.parse(readFileSync(report, 'utf8'));
    const named = (start: string) => rows.find((r) => r.what.startsWith(start));
    for (const start of [
      'intake, median over 20 orders',
      'intake, p99',
      'intake, median: its time beside its DynamoDB requests',
      'intake with Powertools on',
      'bundle: Powertools alone',
      "intake's DynamoDB requests, round by round",
      "floor: the order's transaction items written as Puts",
      'DynamoDB requests per accepted, routed order',
      'capacity units per order',
      'load: 150 orders from 50 concurrent clients',
      "load: the rotation's share per provider",
      'web: intake JavaScript, gzipped',
      'web: portal JavaScript',
      "portal: the case page's API read",
      'web: CSS, gzipped',
      'chase-time-reports: one run with 1,500 active reports vs 1,000',
      'chase-time-reports: DynamoDB requests of a run, by active reports',
      'chase-time-reports: 300 reports due in one run',
      'invoice basis: a month of 40 approved reports',
      'purge: 60 closed cases due in one run',
      'purge: the same run with 300 open cases besides vs without',
      'purge: DynamoDB requests of a run, with and without the open cases',
      ...[...ROUTES, DEFAULT_ROUTE, ...STREAM_FUNCTIONS, ...SCHEDULED_FUNCTIONS, ...QUEUE_FUNCTIONS].map((fn) => `bundle ${fn.id}`),
    ]) {
      expect(named(start), `no row "${start}…" in:\n${rows.map((r) => r.what).join('\n')}`).toBeDefined();
    }
    for (const r of rows) expect(r.figure.trim(), r.what).not.toBe('');
    expect(rows.filter((r) => r.timing).map((r) => r.what)).toEqual([
      "intake, median over 20 orders (HTTP round trip incl. validation, routing + outbox) vs the order's own TransactWriteItems",
      'intake, median: its time beside its DynamoDB requests (validation, routing, mails, HTTP) vs a bare PutItem',
      'intake with Powertools on (JSON log lines at INFO, EMF metrics; X-Ray is off without Lambda) vs off, orders in turn',
      'chase-time-reports: one run with 1,500 active reports vs 1,000, 100 due that day (median of 3 runs each)',
      'purge: the same run with 300 open cases besides vs without',
    ]);
    const missed = rows.filter((r) => !r.timing && r.pass === false);
    expect(missed.map((r) => `${r.what}: ${r.figure} (goal ${r.goal})`)).toEqual([]);
  }, 240_000);
});
