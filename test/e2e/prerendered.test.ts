import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../support/local-stack';
import { assertWebAppBuilt, expectNoAxeViolations, guardPage, launchBrowser, skipBrowserTests } from './browser';

/**
 * The public pages prerendered at build time (`web/build.ts`): they show before their JavaScript
 * has arrived (and without it), then the same React code takes them over (hydration) without a
 * console error, without losing what was typed meanwhile, and with the answers kept in the tab.
 */
describe.skipIf(skipBrowserTests)('prerendered public pages in a browser', () => {
  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    assertWebAppBuilt();
    browser = await launchBrowser();
    stack = await startLocalStack();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  it('without JavaScript the start page, the accessibility statement and the first step are there', async () => {
    const context = await browser!.newContext({ javaScriptEnabled: false, locale: 'sv-SE' });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(5_000);
      await page.goto(`${stack!.baseUrl}/`);
      expect(await h1(page)).toBe('Beställ insatser vid tillfällig vistelse');
      expect(await page.title()).toBe('Beställ insatser vid tillfällig vistelse – Sundbyberg (demo)');
      // (Chromium's pages without script execution still parse <noscript> as if scripts ran: it is in the page, not shown here.)
      expect(await page.locator('noscript').count()).toBe(1);
      await page.getByRole('link', { name: /Starta beställningen/ }).click();
      await page.waitForURL('**/bestallning/bestallare');
      expect(await h1(page)).toBe('Beställare och fakturering');
      expect(await page.getByRole('combobox', { name: /^Kommun/ }).count()).toBe(1);
      for (const label of [/^Ditt namn/, /^Din e-postadress/, /^Fakturaadress/]) expect(await page.getByLabel(label).count()).toBe(1);
      await page.getByRole('link', { name: 'Tillgänglighetsredogörelse' }).click();
      await page.waitForURL('**/tillganglighet');
      expect(await h1(page)).toBe('Tillgänglighetsredogörelse');
      expect(await page.title()).toBe('Tillgänglighetsredogörelse – Beställ insatser vid tillfällig vistelse');
    } finally {
      await context.close();
    }
  });

  it('with JavaScript each page is taken over without errors; what was typed before is kept, and so are the answers of a reload', async () => {
    const context = await browser!.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(5_000);
      const guards = await guardPage(context, page);

      // The app's JavaScript held back: the page is already there and can be filled in.
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      const held: Route[] = [];
      await context.route(/\/assets\/index-[\w-]+\.js$/, async (route) => {
        held.push(route);
        await released;
        await route.continue();
      });
      // (Until the held script has run the page is not even "DOMContentLoaded": it is painted, though.)
      await page.goto(`${stack!.baseUrl}/bestallning/bestallare`, { waitUntil: 'commit' });
      await page.getByRole('heading', { level: 1, name: 'Beställare och fakturering' }).waitFor();
      await page.getByRole('combobox', { name: /^Kommun/ }).fill('Katrineholm');
      await page.getByLabel(/^Ditt namn/).fill('Anna Berglund');
      await page.getByLabel(/^Fakturaadress/).fill('Katrineholms kommun, Fakturaenheten');
      expect(held.length).toBe(1);
      release();

      // Taken over: the municipality's code follows from the name typed, and the step checks its fields.
      await page.getByText('Kommunkod: 0483').waitFor();
      expect(await page.getByLabel(/^Ditt namn/).inputValue()).toBe('Anna Berglund');
      expect(await page.getByLabel(/^Fakturaadress/).inputValue()).toBe('Katrineholms kommun, Fakturaenheten');
      await expectNoAxeViolations(page, 'the first step, hydrated');
      await page.getByRole('button', { name: 'Fortsätt' }).click();
      const summary = page.locator('.error-summary');
      await summary.waitFor();
      expect(await summary.getByRole('link').allTextContents()).toEqual([
        'Ange en e-postadress',
        expect.stringMatching(/telefonnummer/),
        expect.stringMatching(/förvaltning|enhet/i),
        'Ange referensnummer för fakturan',
      ]);

      // A reload: the prerendered (empty) step is shown, then the tab's answers are put back.
      await page.getByLabel(/^Din e-postadress/).fill('anna.berglund@katrineholm.example');
      await page.reload();
      await expect.poll(() => page.getByLabel(/^Din e-postadress/).inputValue()).toBe('anna.berglund@katrineholm.example');
      expect(await page.getByRole('combobox', { name: /^Kommun/ }).inputValue()).toBe('Katrineholm');
      expect(await page.getByLabel(/^Ditt namn/).inputValue()).toBe('Anna Berglund');
      await page.getByText('Kommunkod: 0483').waitFor();

      // The start page and the statement, opened directly: the app runs in them (a link moves in-app).
      for (const [path, heading] of [
        ['/', 'Beställ insatser vid tillfällig vistelse'],
        ['/tillganglighet', 'Tillgänglighetsredogörelse'],
      ] as const) {
        await page.goto(`${stack!.baseUrl}${path}`);
        expect(await h1(page)).toBe(heading);
        await page.waitForFunction(() => !!document.querySelector('#root')?.hasAttribute('data-prerendered'));
        await page.evaluate(() => ((window as unknown as { stayedInApp: boolean }).stayedInApp = true));
        // React has taken the page over once its links navigate in-app.
        await expect
          .poll(async () => {
            await page.getByRole('link', { name: 'Beställ insatser vid tillfällig vistelse' }).click();
            return page.evaluate(() => (window as unknown as { stayedInApp?: boolean }).stayedInApp === true && location.pathname === '/');
          })
          .toBe(true);
        await expectNoAxeViolations(page, `${path}, hydrated`);
      }
      // A prerendered step opened with a query is rendered afresh (its back link goes to the check page).
      await page.goto(`${stack!.baseUrl}/bestallning/bestallare?tillbaka=kontrollera`);
      await expect.poll(() => page.getByRole('link', { name: 'Tillbaka' }).getAttribute('href')).toBe('/bestallning/kontrollera');

      expect(guards.consoleErrors, 'console errors (a hydration mismatch is one)').toEqual([]);
      expect(guards.foreignRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
