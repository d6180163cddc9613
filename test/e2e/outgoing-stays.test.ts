import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack';
import { addDays, stockholmToday } from '../../shared/dates';
import { startLocalStack } from '../support/local-stack';
import { personnummerFor } from '../support/personnummer';
import { assertWebAppBuilt, expectNoAxeViolations, launchBrowser, logInAs, newGuardedPage, skipBrowserTests } from './browser';

/**
 * An outgoing stay end to end in Chromium, on the real local stack (issue 18): the caseworker
 * registers **Ny utgående vistelse** (an error first, the summary's link to the field), downloads
 * the order's PDF, records **Beställning skickad**, the confirmation and **Tidrapport mottagen**; the
 * inbox lists it under **Utgående vistelser**. axe-core checks every new page.
 */
describe.skipIf(skipBrowserTests)('outgoing stays in a browser', () => {
  let stack: LocalStack;
  let browser: Browser;

  beforeAll(async () => {
    assertWebAppBuilt();
    stack = await startLocalStack();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });


  it('registered (an error first), its PDF downloaded, sent, confirmed, a report recorded and the stay ended early; axe-core at every step', async () => {
    const today = stockholmToday(new Date());
    const { page, guards } = await newGuardedPage(browser, { acceptDownloads: true });
    await page.goto(`${stack.baseUrl}/portal`);
    await logInAs(page, 'anders.holm@sundbyberg.example');
    await page.getByRole('heading', { name: 'Utgående vistelser' }).waitFor();
    await page.getByText('Inga utgående vistelser.').waitFor();
    await page.getByRole('link', { name: 'Ny utgående vistelse' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ny utgående vistelse' }).waitFor();
    await expectNoAxeViolations(page, 'Ny utgående vistelse');

    await page.getByLabel('Vistelsekommun', { exact: true }).selectOption({ label: 'Leksand' });
    await page.getByLabel('Vistelsens första dag').fill(addDays(today, -40));
    await page.getByLabel('Vistelsens sista dag').fill(addDays(today, 30));
    await page.getByLabel('Personnummer', { exact: true }).fill(personnummerFor('1938-04-12'));
    await page.getByLabel('Förnamn', { exact: true }).fill('Greta');
    await page.getByLabel('Efternamn', { exact: true }).fill('Sommarlund');
    await page.getByLabel('Gatuadress under vistelsen').fill('Sjövägen 3');
    await page.getByLabel('Postnummer', { exact: true }).fill('793 31');
    await page.getByLabel('Ort', { exact: true }).fill('Leksand');
    await page.getByLabel('Beslutsdatum', { exact: true }).fill(addDays(today, -45));
    await page.getByLabel('Beslutets målsättning').fill('Kunna bo kvar i sommarhuset');
    await page.getByLabel('Insats', { exact: true }).selectOption({ label: 'Hemtjänst' });
    await page.getByLabel('Beskrivning', { exact: true }).fill('Dusch två gånger i veckan');
    await page.getByLabel('Omfattning', { exact: true }).fill('20');
    await page.getByLabel('Avtalat pris i kronor').fill('480');
    await page.getByLabel('Kontaktpersonens namn').fill('Lena Dahl');
    await page.getByLabel('Kontaktens e-postadress').fill('inte en adress');
    await page.getByLabel('När ska vistelsekommunen lämna tidrapporten?').selectOption({ label: 'Senast en viss vardag i månaden efter' });
    await page.getByLabel('Vilken vardag i månaden efter?').fill('3');
    await page.getByLabel('Ditt telefonnummer').fill('08-706 80 00');
    await page.getByLabel('Fakturaadress', { exact: true }).fill('Sundbybergs stad, Box 1, 172 92 Sundbyberg');
    await page.getByLabel('Referens på fakturan').fill('ÄO-4711');
    await page.getByRole('button', { name: 'Registrera vistelsen' }).click();
    await page.getByRole('link', { name: /giltig e-postadress/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('outgoing-contact.email');
    await expectNoAxeViolations(page, 'Ny utgående vistelse with an error');
    await page.getByLabel('Kontaktens e-postadress').fill('bistand@leksand.example');
    await page.getByRole('button', { name: 'Registrera vistelsen' }).click();

    await page.getByText('Den utgående vistelsen är registrerad.', { exact: false }).waitFor();
    const reference = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Utgående vistelse ', '');
    expect(reference).toMatch(/^UV-\d{4}-\d{5}$/);
    await expectNoAxeViolations(page, 'the outgoing stay');
    await page.getByText('Senast 3:e vardagen i månaden efter').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Hämta beställningen som PDF' }).click()]);
    expect(download.suggestedFilename()).toBe(`bestallning-${reference}.pdf`);

    await page.getByLabel('Hur den skickades').selectOption({ label: 'Säker e-post' });
    await page.getByRole('button', { name: 'Beställning skickad' }).click();
    await page.getByText('Det är registrerat att beställningen har skickats.').waitFor();
    await page.getByRole('button', { name: 'Registrera bekräftelsen' }).click();
    await page.getByText('Vistelsekommunens bekräftelse är registrerad.').waitFor();
    const report = page.getByRole('form', { name: /^Tidrapport mottagen/ }).first();
    await report.getByRole('button', { name: 'Tidrapport mottagen' }).click();
    await report.getByRole('heading', { name: 'Det finns fel i formuläret' }).waitFor();
    await expectNoAxeViolations(page, 'the report form with an error');
    await report.getByLabel('Minuter').fill('600');
    await report.getByRole('button', { name: 'Tidrapport mottagen' }).click();
    await page.getByText('är registrerad som mottagen.', { exact: false }).waitFor();
    await page.getByText('Mottagen', { exact: true }).first().waitFor();
    await expectNoAxeViolations(page, 'the outgoing stay with a report received');

    // Vistelsen avslutad: the day missing first, then the stay ended early.
    const end = page.getByRole('form', { name: 'Vistelsen avslutad' });
    await end.getByLabel('Vad har hänt?').selectOption({ label: 'Vistelsen avslutades i förtid' });
    await end.getByRole('button', { name: 'Registrera att vistelsen avslutats' }).click();
    await end.getByRole('link', { name: 'Ange vistelsens sista dag (ÅÅÅÅ-MM-DD)' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('end-lastDay');
    await expectNoAxeViolations(page, 'Vistelsen avslutad with an error');
    await end.getByLabel('Vistelsens sista dag').fill(addDays(today, 10));
    await end.getByRole('button', { name: 'Registrera att vistelsen avslutats' }).click();
    await page.getByText('Det är registrerat att vistelsen har avslutats.', { exact: false }).waitFor();
    await page.getByText('Avslutad i förtid', { exact: true }).waitFor();
    expect(await page.getByRole('form', { name: 'Vistelsen avslutad' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'the outgoing stay ended');

    await page.getByRole('link', { name: 'Alla ärenden' }).click();
    await page.getByRole('link', { name: reference }).waitFor();
    await expectNoAxeViolations(page, 'the inbox with Utgående vistelser');
    expect(guards.consoleErrors).toEqual([]);
    expect(guards.foreignRequests).toEqual([]);
  });
});
