import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../shared/dates';
import { INBOX_PAGE_SIZE } from '../../shared/portal';
import { startLocalStack } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { assertWebAppBuilt, expectNoAxeViolations, launchBrowser, logInAs, newGuardedPage, skipBrowserTests } from './browser';

/**
 * Issue 19 in a browser: the warnings the orderer confirms on check-your-answers (and what the
 * caseworker then sees on the case page), and an inbox of more than 500 cases in pages.
 */
describe.skipIf(skipBrowserTests)('the intake’s checks and the inbox’s pages in a browser', () => {
  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
  let browser: Browser | undefined;
  const MARIA = 'maria.ek@sundbyberg.example'; // head of the fallback queue's unit (Äldreomsorg)

  beforeAll(async () => {
    assertWebAppBuilt();
    browser = await launchBrowser();
    stack = await startLocalStack({ background: false });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('the orderer confirms the warnings before sending (an error if not); the case page lists them, and the address outside, for the caseworker', async () => {
    const draft = exampleOrder();
    draft.person.stayAddress.postalCode = '641 30';
    draft.stay.to = addMonths(draft.stay.from, 8);
    draft.decision.insatser.push({ ...draft.decision.insatser[0]!, description: 'Hjälp med städning varannan vecka.' });

    const { page, guards } = await newGuardedPage(browser!);
    page.setDefaultTimeout(5_000);
    await page.goto(`${stack!.baseUrl}/`);
    await page.evaluate((order) => sessionStorage.setItem('vistelse.order.v1', JSON.stringify(order)), draft);
    await page.goto(`${stack!.baseUrl}/bestallning/kontrollera`);
    await page.getByRole('heading', { level: 1, name: 'Kontrollera dina svar' }).waitFor();
    const main = page.getByRole('main');
    await main.getByText(/^Adressen ligger inte i Sundbyberg/).first().waitFor();
    await main.getByText(/^Vistelsen är längre än sex månader/).first().waitFor();
    await main.getByText(/av samma slag som insats 1/).first().waitFor();
    const confirm = page.getByLabel('Jag har kontrollerat det som står under Observera, och uppgifterna stämmer');
    expect(await confirm.isChecked()).toBe(false);
    await expectNoAxeViolations(page, 'check-your-answers with warnings to confirm');

    // Sent unconfirmed: nothing is sent; the checkbox says why and has the focus.
    await page.getByRole('button', { name: 'Skicka beställningen' }).click();
    const error = page.getByRole('alert').filter({ hasText: 'Bekräfta att du har kontrollerat det som står under Observera.' });
    await error.waitFor();
    expect(await confirm.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await confirm.getAttribute('aria-describedby')).toBe('confirmedWarnings-error');
    await expectNoAxeViolations(page, 'check-your-answers, sent without confirming');

    await page.keyboard.press('Space');
    expect(await confirm.isChecked()).toBe(true);
    expect(await error.count()).toBe(0);
    await page.getByRole('button', { name: 'Skicka beställningen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Beställningen är skickad' }).waitFor({ timeout: 10_000 });
    const reference = (await page.getByTestId('reference').textContent())!.trim();
    expect(guards.consoleErrors).toEqual([]);

    // The unit head who distributes the fallback queue opens the case.
    const staff = await newGuardedPage(browser!);
    staff.page.setDefaultTimeout(10_000);
    await staff.page.goto(`${stack!.baseUrl}/portal/arenden/${reference}`);
    await logInAs(staff.page, MARIA);
    const checks = staff.page.getByRole('region', { name: 'Att kontrollera i beställningen' });
    await checks.waitFor();
    expect((await checks.getByRole('listitem').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^Vistelseadressen ligger inte i Sundbyberg \(demo\): postnummer 641 30 .* Beställaren fick samma varning i e-tjänsten\.$/),
      expect.stringMatching(/^Vistelsen är längre än sex månader\. .* Beställaren har bekräftat att uppgiften stämmer\.$/),
      expect.stringMatching(/av samma slag som insats 1.* Beställaren har bekräftat att uppgiften stämmer\.$/),
    ]);
    await expectNoAxeViolations(staff.page, 'the case page with its checks');
    expect(staff.guards.consoleErrors).toEqual([]);
  });

  it(`an inbox of more than ${INBOX_PAGE_SIZE} cases is shown in pages, the filter kept`, async () => {
    // More cases for the unit than a page holds (the first test's case is one of them).
    const more = INBOX_PAGE_SIZE + 9;
    const orders = Array.from({ length: more }, () => exampleOrder());
    for (let i = 0; i < orders.length; i += 10) {
      await Promise.all(
        orders.slice(i, i + 10).map(async (order) => {
          const res = await fetch(`${stack!.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
          expect(res.status).toBe(201);
        }),
      );
    }
    const total = more + 1;

    const { page, guards } = await newGuardedPage(browser!);
    page.setDefaultTimeout(10_000);
    await page.goto(`${stack!.baseUrl}/portal`);
    await logInAs(page, MARIA);
    const pager = page.getByRole('navigation', { name: 'Sidor' });
    await pager.getByText(`Sida 1 av 2 (1–${INBOX_PAGE_SIZE} av ${total} ärenden)`).waitFor();
    expect(await page.locator('table tbody tr').count()).toBe(INBOX_PAGE_SIZE);
    expect(await pager.getByRole('link', { name: 'Sida 1' }).getAttribute('aria-current')).toBe('page');
    await expectNoAxeViolations(page, 'the inbox, page 1');

    await pager.getByRole('link', { name: 'Nästa sida' }).click();
    await pager.getByText(`Sida 2 av 2 (${INBOX_PAGE_SIZE + 1}–${total} av ${total} ärenden)`).waitFor();
    expect(new URL(page.url()).searchParams.get('sida')).toBe('2');
    expect(await page.locator('table tbody tr').count()).toBe(total - INBOX_PAGE_SIZE);
    expect(await pager.getByRole('link', { name: 'Nästa sida' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'the inbox, page 2');

    // Another filter, then its second page: the filter stays in the page links.
    await page.getByRole('link', { name: /^Nya/ }).first().click();
    await pager.getByText(/^Sida 1 av 2/).waitFor();
    // By keyboard this time.
    await pager.getByRole('link', { name: 'Sida 2' }).focus();
    await page.keyboard.press('Enter');
    await pager.getByText(/^Sida 2 av 2/).waitFor();
    const url = new URL(page.url());
    expect([url.searchParams.get('filter'), url.searchParams.get('sida')]).toEqual(['new', '2']);
    await pager.getByRole('link', { name: 'Föregående sida' }).click();
    await pager.getByText(/^Sida 1 av 2/).waitFor();
    expect(new URL(page.url()).searchParams.get('filter')).toBe('new');
    expect(guards.consoleErrors).toEqual([]);
  }, 180_000);
});
