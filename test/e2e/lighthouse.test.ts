import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPages, GOALS, printAudits, PUBLIC_PAGES } from '../../scripts/lighthouse';
import { startLocalStack } from '../support/local-stack';
import { assertWebAppBuilt, skipBrowserTests } from './browser';

/**
 * `npm run lighthouse`'s audit of every public page, as a test of what does not depend on this
 * machine's speed: accessibility 100 and best practices 100 on every page. Performance and LCP,
 * which a shared 2-core machine moves, are printed here and checked by `npm run lighthouse`.
 */
describe.skipIf(skipBrowserTests)('Lighthouse on the public pages', () => {
  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;

  beforeAll(async () => {
    assertWebAppBuilt();
    stack = await startLocalStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it(`gives each public page accessibility ${GOALS.accessibility} and best practices ${GOALS.bestPractices}`, async () => {
    const audits = await auditPages(stack!.baseUrl);
    printAudits(audits);
    expect(audits.map((a) => a.path)).toEqual([...PUBLIC_PAGES]);
    for (const audit of audits) {
      const shortOf = audit.shortfalls.filter((s) => !s.startsWith('performance:'));
      expect({ page: audit.path, accessibility: audit.accessibility, bestPractices: audit.bestPractices, shortOf }).toEqual({
        page: audit.path,
        accessibility: GOALS.accessibility,
        bestPractices: GOALS.bestPractices,
        shortOf: [],
      });
    }
  }, 300_000);
});
