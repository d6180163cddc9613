/**
 * `npm run lighthouse`: Lighthouse (Debian's Chromium, a phone on simulated slow 4G — Lighthouse's
 * mobile defaults, named here) over each public page of the e-service, served by the local stack
 * exactly as `npm start` serves it (prerendered HTML, compression, security headers, the API).
 * Prints per page (those prerendered marked so): performance, LCP and the other metrics, accessibility, best practices, and the
 * audits that cost points; exits 1 if a page misses a goal.
 *
 *   performance ≥ 95 · LCP ≤ 2.0 s · accessibility 100 · best practices 100
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import * as constants from 'lighthouse/core/config/constants.js';
import { PRERENDERED_PAGES } from '../web/src/prerendered';
import { CHROMIUM_FLAGS, CHROMIUM_PATH as CHROMIUM } from './chromium';


/**
 * The public pages audited: every page of the e-service a person outside the staff portal may
 * open — the prerendered ones (start page, accessibility statement, the form's first step), the
 * form's other steps and the receipt, and the orderer's page of a case (the link in their mails;
 * the same page whether or not the case exists, so any reference serves).
 */
export const PUBLIC_PAGES: readonly string[] = [
  ...PRERENDERED_PAGES,
  '/bestallning/person',
  '/bestallning/vistelse',
  '/bestallning/utforare',
  '/bestallning/kontrollera',
  '/bestallning/kvitto',
  '/arende/TV-2026-00001',
];

const isPrerendered = (path: string) => (PRERENDERED_PAGES as readonly string[]).includes(path);

export const GOALS = { performance: 95, lcpMs: 2_000, accessibility: 100, bestPractices: 100 } as const;

export interface PageAudit {
  path: string;
  performance: number;
  accessibility: number;
  bestPractices: number;
  lcpMs: number;
  fcpMs: number;
  tbtMs: number;
  cls: number;
  speedIndexMs: number;
  /** Audits of the three categories that did not get full marks: `category: id — title`. */
  shortfalls: string[];
  /** The goals this page misses, in words. */
  missed: string[];
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;

export async function auditPages(baseUrl: string, paths: readonly string[] = PUBLIC_PAGES): Promise<PageAudit[]> {
  if (!existsSync(CHROMIUM)) throw new Error(`Lighthouse needs Debian's Chromium at ${CHROMIUM}: run bash scripts/install-system-packages.sh`);
  const profile = mkdtempSync(join(tmpdir(), 'vistelse-lighthouse-'));
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    userDataDir: profile,
    chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS],
  });
  try {
    const audits: PageAudit[] = [];
    for (const path of paths) {
      const result = await lighthouse(`${baseUrl}${path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
        formFactor: 'mobile',
        screenEmulation: constants.screenEmulationMetrics.mobile,
        throttlingMethod: 'simulate',
        throttling: constants.throttling.mobileSlow4G,
      });
      if (!result) throw new Error(`Lighthouse gave no result for ${path}`);
      const { lhr } = result;
      if (lhr.runtimeError) throw new Error(`Lighthouse could not audit ${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const score = (id: (typeof CATEGORIES)[number]) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      const value = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
      const shortfalls: string[] = [];
      for (const id of CATEGORIES) {
        for (const ref of lhr.categories[id]?.auditRefs ?? []) {
          const audit = lhr.audits[ref.id];
          if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 1) continue;
          shortfalls.push(`${id}: ${audit.id} — ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
        }
      }
      const audit: PageAudit = {
        path,
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        lcpMs: value('largest-contentful-paint'),
        fcpMs: value('first-contentful-paint'),
        tbtMs: value('total-blocking-time'),
        cls: value('cumulative-layout-shift'),
        speedIndexMs: value('speed-index'),
        shortfalls,
        missed: [],
      };
      if (audit.performance < GOALS.performance) audit.missed.push(`performance ${audit.performance} < ${GOALS.performance}`);
      if (!(audit.lcpMs <= GOALS.lcpMs)) audit.missed.push(`LCP ${seconds(audit.lcpMs)} > ${seconds(GOALS.lcpMs)}`);
      if (audit.accessibility < GOALS.accessibility) audit.missed.push(`accessibility ${audit.accessibility} < ${GOALS.accessibility}`);
      if (audit.bestPractices < GOALS.bestPractices) audit.missed.push(`best practices ${audit.bestPractices} < ${GOALS.bestPractices}`);
      audits.push(audit);
    }
    return audits;
  } finally {
    chrome.kill();
    rmSync(profile, { recursive: true, force: true });
  }
}

function seconds(ms: number) {
  return `${(ms / 1000).toFixed(2)} s`;
}

export function printAudits(audits: PageAudit[], write: (line: string) => void = console.log) {
  write('Lighthouse 12, mobile (Moto G Power screen), simulated slow 4G (150 ms RTT, 1.6 Mbit/s, CPU ×4), Debian Chromium');
  write(`Goals: performance ≥ ${GOALS.performance}, LCP ≤ ${seconds(GOALS.lcpMs)}, accessibility ${GOALS.accessibility}, best practices ${GOALS.bestPractices}`);
  write('');
  const rows = audits.map((a) => [
    `${a.path}${isPrerendered(a.path) ? ' (prerendered)' : ''}`,
    String(a.performance),
    seconds(a.lcpMs),
    seconds(a.fcpMs),
    `${Math.round(a.tbtMs)} ms`,
    a.cls.toFixed(3),
    seconds(a.speedIndexMs),
    String(a.accessibility),
    String(a.bestPractices),
    a.missed.length ? `MISSED: ${a.missed.join('; ')}` : 'pass',
  ]);
  const header = ['page', 'performance', 'LCP', 'FCP', 'TBT', 'CLS', 'Speed Index', 'accessibility', 'best practices', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) write(row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
  for (const a of audits) {
    if (!a.shortfalls.length) continue;
    write('');
    write(`${a.path}: audits short of full marks`);
    for (const s of a.shortfalls) write(`  ${s}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // The functions' own log lines stay out of the report.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  await import('../infra/local/invoke-store');
  const { startLocalStack } = await import('../infra/local/stack');
  const dataDir = mkdtempSync(join(tmpdir(), 'vistelse-lighthouse-data-'));
  const stack = await startLocalStack({ dataDir, background: false, log: () => {} });
  let failed: boolean;
  try {
    const audits = await auditPages(stack.baseUrl);
    printAudits(audits);
    failed = audits.some((a) => a.missed.length > 0);
    console.log(`\n${audits.filter((a) => !a.missed.length).length} of ${audits.length} pages meet every goal.`);
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}
