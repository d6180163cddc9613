import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../scripts/chromium';

/**
 * Shared set-up of the browser tests: the system's Chromium (never a downloaded browser), axe-core
 * with the WCAG 2.1 A/AA rules, and the guards every browser test wants (no console errors, no
 * request leaving this machine).
 */
export { CHROMIUM_PATH };

/** In CI, or when asked, a missing browser is a failure rather than a skipped suite. */
export const browserRequired = process.env.CI === 'true' || process.env.VISTELSE_REQUIRE_BROWSER === '1';
export const browserAvailable = existsSync(CHROMIUM_PATH);
/** For `describe.skipIf(skipBrowserTests)`. */
export const skipBrowserTests = !browserAvailable && !browserRequired;

const SKIP_MESSAGE =
  `Browser tests skipped: ${CHROMIUM_PATH} not found (apt-get install chromium). ` +
  'Set VISTELSE_REQUIRE_BROWSER=1 to make this a failure.';

const announced = globalThis as { __vistelseBrowserSkipAnnounced?: boolean };
if (skipBrowserTests && !announced.__vistelseBrowserSkipAnnounced) {
  announced.__vistelseBrowserSkipAnnounced = true;
  console.warn(SKIP_MESSAGE);
}

export async function launchBrowser(): Promise<Browser> {
  if (!browserAvailable) {
    throw new Error(
      `Browser tests need Chromium at ${CHROMIUM_PATH}, and it is missing. Install it with ` +
        '`apt-get install -y chromium`. (They fail instead of being skipped because ' +
        `${process.env.CI === 'true' ? 'CI=true' : 'VISTELSE_REQUIRE_BROWSER=1'}.)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS],
  });
}

/** The built web app the local stack serves, its public pages prerendered: the browser tests need it. */
export function assertWebAppBuilt() {
  for (const file of ['index.html', 'app.html']) {
    if (!existsSync(resolve(import.meta.dirname, '../../web/dist', file))) {
      throw new Error(`web/dist/${file} is missing: build the web app first with \`npm run build:web\` (npm test does).`);
    }
  }
}

function isLocal(url: URL) {
  if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return true;
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

export interface PageGuards {
  consoleErrors: string[];
  foreignRequests: string[];
}

/**
 * Records console errors and uncaught exceptions of `page`, and blocks (and records) every request
 * of the context that would leave this machine.
 */
export async function guardPage(context: BrowserContext, page: Page): Promise<PageGuards> {
  const guards: PageGuards = { consoleErrors: [], foreignRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') guards.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => guards.consoleErrors.push(`Uncaught: ${error.message}`));
  await context.route(
    (url) => !isLocal(url),
    async (route) => {
      guards.foreignRequests.push(route.request().url());
      await route.abort('blockedbyclient');
    },
  );
  return guards;
}

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe-core on the page as it is; fails listing every violation readably. */
export async function expectNoAxeViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  if (results.violations.length === 0) return;
  const report = results.violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${n.target.join(' ')}\n        ${(n.failureSummary ?? '').replace(/\n/g, '\n        ')}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'})\n${nodes}`;
    })
    .join('\n');
  throw new Error(`axe-core found ${results.violations.length} accessibility violation(s) on ${where} (${page.url()}):\n${report}`);
}

/** A fresh Swedish, Stockholm-time page with its guards (console errors, requests off this machine). */
export async function newGuardedPage(browser: Browser, options: { acceptDownloads?: boolean } = {}): Promise<{ page: Page; guards: PageGuards }> {
  const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm', ...options });
  const page = await context.newPage();
  return { page, guards: await guardPage(context, page) };
}

/** The local identity provider's login page, filled in as a person would. */
export async function logInAs(page: Page, email: string) {
  await page.getByLabel('E-postadress').waitFor();
  await page.getByLabel('E-postadress').fill(email);
  await page.getByLabel('Lösenord').fill('demo');
  await page.getByRole('button', { name: 'Logga in' }).click();
}
