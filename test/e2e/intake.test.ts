import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, stockholmToday } from '../../shared/dates';
import { startLocalStack, waitForMails } from '../support/local-stack';
import { findPersonnummer } from '../support/personal-data';
import {
  assertWebAppBuilt,
  expectNoAxeViolations,
  guardPage,
  launchBrowser,
  skipBrowserTests,
  type PageGuards,
} from './browser';

/**
 * The public e-service end to end, as a caseworker in another municipality uses it: every step
 * filled in by label and role, one validation error, a reload mid-way, one "Ändra", the order
 * sent to the real local stack (DynamoDB Local, local SES), the receipt and the receipt e-mail.
 * axe-core checks every page against WCAG 2.1 A/AA on the way.
 */

/** A URL as a person would read it (a malformed escape stays as it is). */
function decoded(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A field by its label, whatever "(obligatoriskt)" / "(frivilligt)" follows it. */
function field(scope: Page | Locator, label: string) {
  return scope.getByLabel(new RegExp(`^${escape(label)}( \\((obligatoriskt|frivilligt)\\))?$`));
}

function group(scope: Page | Locator, name: string | RegExp) {
  return scope.getByRole('group', { name: typeof name === 'string' ? new RegExp(`^${escape(name)}`) : name });
}

async function expectStep(page: Page, number: number, heading: string) {
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
  expect(await page.title()).toMatch(new RegExp(`^Steg ${number} av 5: .+ – Beställ insatser vid tillfällig vistelse$`));
}

async function continueButton(page: Page) {
  await page.getByRole('button', { name: 'Fortsätt' }).click();
}

describe.skipIf(skipBrowserTests)('the public e-service in a browser', () => {
  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let guards: PageGuards;
  /** Every URL the browser requested or showed (client-side routes too): none may carry a personnummer. */
  const visited: string[] = [];

  beforeAll(async () => {
    assertWebAppBuilt();
    browser = await launchBrowser(); // first: a missing browser fails fast, before any server starts
    stack = await startLocalStack();
    context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    page = await context.newPage();
    page.setDefaultTimeout(5_000);
    guards = await guardPage(context, page);
    context.on('request', (request) => visited.push(request.url()));
    page.on('framenavigated', (frame) => visited.push(frame.url()));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  it('takes an order through every step, sends it and shows the receipt', async () => {
    const base = stack!.baseUrl;
    const today = stockholmToday(new Date());
    const email = `anna.berglund+${Date.now()}@katrineholm.example`;

    // Start page: skip link first in the tab order, then the start button.
    await page.goto(`${base}/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Beställ insatser vid tillfällig vistelse');
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Hoppa till innehållet');
    await expectNoAxeViolations(page, 'the start page');
    await page.getByRole('link', { name: /Starta beställningen/ }).click();

    // Step 1, with one required field left empty.
    await expectStep(page, 1, 'Beställare och fakturering');
    await expectNoAxeViolations(page, 'step 1');
    // Bosättningskommun, by keyboard: a few letters, the list, down to the second, Enter.
    const municipality = page.getByRole('combobox', { name: /^Kommun/ });
    await municipality.pressSequentially('katr');
    await page.getByRole('option', { name: 'Katrineholm' }).waitFor();
    await expectNoAxeViolations(page, 'step 1 with the municipalities listed');
    await municipality.press('ArrowDown');
    expect(await municipality.getAttribute('aria-activedescendant')).toBeTruthy();
    await municipality.press('Enter');
    expect(await municipality.inputValue()).toBe('Katrineholm');
    await page.getByText('Kommunkod: 0483').waitFor();
    expect(await page.getByRole('listbox', { name: 'Kommuner' }).isVisible()).toBe(false);
    await field(page, 'Ditt namn').fill('Anna Berglund');
    await field(page, 'Din e-postadress').fill(email);
    await field(page, 'Ditt telefonnummer').fill('0150-48 80 00');
    await field(page, 'Förvaltning eller enhet').fill('Vård- och omsorgsförvaltningen, myndighetsenheten');
    await field(page, 'Fakturaadress').fill('Katrineholms kommun, Fakturaenheten, 641 80 Katrineholm');
    await continueButton(page);

    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('heading').textContent()).toBe('Det finns fel i formuläret');
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.title()).toMatch(/^Fel: Steg 1 av 5/);
    const errorLink = summary.getByRole('link', { name: 'Ange referensnummer för fakturan' });
    expect(await errorLink.getAttribute('href')).toBe('#billing-reference');
    const reference = field(page, 'Referensnummer för fakturan');
    expect(await reference.getAttribute('aria-invalid')).toBe('true');
    expect(await reference.getAttribute('aria-describedby')).toContain('billing-reference-error');
    await expectNoAxeViolations(page, 'step 1 with an error');
    await errorLink.click();
    expect(await reference.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('VOF-2026-1187');
    await page.keyboard.press('Enter'); // submits the step like "Fortsätt"

    // Step 2, then a reload mid-way: the answers are still there.
    await expectStep(page, 2, 'Personen och vistelseadressen');
    expect(await summary.count()).toBe(0);
    await field(page, 'Personnummer eller samordningsnummer').fill('19400612-2388');
    await field(page, 'Förnamn').fill('Karin');
    await field(page, 'Efternamn').fill('Lindqvist');
    const protectedIdentity = group(page, 'Har personen skyddade personuppgifter?');
    await protectedIdentity.getByRole('radio', { name: 'Ja' }).check();
    await page.getByText('Vi skickar aldrig uppgifter som kan identifiera personen med e-post').waitFor();
    await protectedIdentity.getByRole('radio', { name: 'Nej' }).check();
    await field(page, 'Gatuadress under vistelsen').fill('Järnvägsgatan 12');
    await field(page, 'Postnummer').fill('172 35');

    await page.reload();
    await expectStep(page, 2, 'Personen och vistelseadressen');
    expect(await field(page, 'Personnummer eller samordningsnummer').inputValue()).toBe('19400612-2388');
    expect(await field(page, 'Postnummer').inputValue()).toBe('172 35');
    expect(await group(page, 'Har personen skyddade personuppgifter?').getByRole('radio', { name: 'Nej' }).isChecked()).toBe(true);

    await field(page, 'Ort').fill('Sundbyberg');
    await field(page, 'Personens telefonnummer under vistelsen').fill('070-123 45 67');
    await page.getByRole('button', { name: 'Lägg till närstående' }).click();
    const relative = group(page, 'Närstående 1');
    await field(relative, 'Namn').fill('Eva Lindqvist');
    await field(relative, 'Relation till personen').fill('dotter');
    await field(relative, 'Telefonnummer').fill('070-765 43 21');
    await field(page, 'Bostaden').fill('Lägenhet i dotterns hus, två trappor med hiss, duschkabin.');
    await field(page, 'Resurser och förmågor').fill('Klarar själv av att äta; behöver hjälp med dusch och påklädning.');
    await expectNoAxeViolations(page, 'step 2');
    await continueButton(page);

    // Step 3: dates relative to today, a warning for a short lead time, two insatser.
    await expectStep(page, 3, 'Vistelsen och beslutet');
    await field(page, 'Vistelsens första dag').fill(addDays(today, 5));
    await field(page, 'Vistelsens sista dag').fill(addDays(today, 84));
    const warning = page.locator('.warning');
    await warning.getByText('Observera').waitFor();
    await warning.getByText(/Vistelsen börjar om 5 dagar/).waitFor();
    await field(page, 'Datum för beslutet').fill(addDays(today, -3));
    await field(page, 'Beslutets målsättning').fill('Karin ska kunna bo hos sin dotter under vistelsen med trygghet och god hygien.');
    const first = group(page, 'Insats 1');
    await field(first, 'Insats').selectOption({ label: 'Hemtjänst' });
    await field(first, 'Beskrivning').fill('Hjälp med dusch två gånger i veckan och påklädning varje morgon.');
    await field(first, 'Omfattning').fill('22');
    await field(first, 'Enhet').selectOption({ label: 'timmar per månad' });
    await field(first, 'Ersättning i kronor').fill('495,50');
    await field(first, 'Ersättningen gäller').selectOption({ label: 'per timme' });
    await page.getByRole('button', { name: 'Lägg till en insats till' }).click();
    const second = group(page, 'Insats 2');
    expect(await field(second, 'Insats').evaluate((el) => el === document.activeElement)).toBe(true);
    await field(second, 'Insats').selectOption({ label: 'Trygghetslarm' });
    await field(second, 'Beskrivning').fill('Trygghetslarm med larmknapp.');
    await field(second, 'Omfattning').fill('1');
    await field(second, 'Enhet').selectOption({ label: 'larm' });
    await field(second, 'Ersättning i kronor').fill('310');
    await field(second, 'Ersättningen gäller').selectOption({ label: 'per månad' });
    await expectNoAxeViolations(page, 'step 3 with a warning');
    await field(page, 'Vistelsens första dag').fill(addDays(today, 22));
    await expect.poll(() => warning.count()).toBe(0);
    await continueButton(page);

    // Step 4: the providers of the address's district for what is ordered.
    await expectStep(page, 4, 'Utförare');
    await page.getByText(/ligger i distriktet Centrala Sundbyberg/).waitFor();
    const providers = group(page, 'Välj utförare');
    expect(await providers.getByRole('radio', { name: 'Trygga Händer i Sundbyberg AB' }).isDisabled()).toBe(true);
    await page.getByText(/Tar inte emot nya kunder just nu/).waitFor();
    expect(await providers.getByRole('radio', { name: 'Stadens matdistribution (egen regi)' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'step 4');
    const chosen = providers.getByRole('radio', { name: 'Hemtjänst Sundbyberg (egen regi)' });
    await chosen.focus();
    await page.keyboard.press('Space');
    expect(await chosen.isChecked()).toBe(true);
    await continueButton(page);

    // Check your answers; change one answer and come back.
    await expectStep(page, 5, 'Kontrollera dina svar');
    const main = page.getByRole('main');
    await main.getByText('Karin Lindqvist').waitFor();
    await main.getByText('Hemtjänst Sundbyberg (egen regi)').waitFor();
    await main.getByText('495,5 kr per timme').waitFor();
    await expectNoAxeViolations(page, 'the check-answers page');
    await page.getByRole('link', { name: 'Ändra personen och vistelseadressen' }).click();
    await expectStep(page, 2, 'Personen och vistelseadressen');
    expect(await field(page, 'Förnamn').inputValue()).toBe('Karin');
    await field(page, 'Förnamn').fill('Karin Maria');
    await continueButton(page);
    await expectStep(page, 5, 'Kontrollera dina svar');
    await main.getByText('Karin Maria Lindqvist').waitFor();

    // Send: the receipt shows the case reference, also after a reload.
    await page.getByRole('button', { name: 'Skicka beställningen' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 10_000 }).toBe('Beställningen är skickad');
    const caseReference = (await page.getByTestId('reference').textContent())?.trim() ?? '';
    expect(caseReference).toMatch(/^TV-\d{4}-\d{5}$/);
    await page.getByRole('heading', { name: 'Vad händer nu' }).waitFor();
    await expectNoAxeViolations(page, 'the receipt page');
    await page.reload();
    expect((await page.getByTestId('reference').textContent())?.trim()).toBe(caseReference);
    expect(await page.evaluate(() => sessionStorage.getItem('vistelse.order.v1'))).toBeNull();

    // The receipt e-mail reached the orderer, with the reference and without personal data.
    const mails = await waitForMails(stack!.mailUrl, (all) =>
      all.some((m) => m.destination.to.includes(email) && (m.body.text ?? '').includes(caseReference)),
    );
    const receipt = mails.find((m) => m.destination.to.includes(email))!;
    expect(receipt.subject).toContain(caseReference);
    const mailText = `${receipt.subject}\n${receipt.body.text ?? ''}\n${receipt.body.html ?? ''}`;
    for (const secret of ['19400612-2388', '194006122388', 'Lindqvist', 'Järnvägsgatan']) {
      expect(mailText).not.toContain(secret);
    }

    // The accessibility statement, from the footer.
    await page.getByRole('contentinfo').getByRole('link', { name: 'Tillgänglighetsredogörelse' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tillgänglighetsredogörelse');
    await page.getByText('Myndigheten för digital förvaltning (DIGG)', { exact: false }).first().waitFor();
    await expectNoAxeViolations(page, 'the accessibility statement');

    expect(guards.consoleErrors, 'console errors').toEqual([]);
    expect(guards.foreignRequests, 'requests leaving this machine').toEqual([]);
    expect(visited.some((url) => url.includes('/bestallning/')), 'client-side routes recorded').toBe(true);
    expect(visited.some((url) => url.endsWith('/api/orders')), 'API requests recorded').toBe(true);
    expect(visited.flatMap((url) => findPersonnummer(decoded(url))), 'a personnummer in a URL').toEqual([]);
  }, 60_000);
});
