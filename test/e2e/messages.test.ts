import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack';
import { actorEmailsFor } from '../support/access-matrix';
import { startLocalStack, waitForMails, type ReceivedMail } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { addDays } from '../../shared/dates';
import { loginAs } from '../support/portal';
import { realAdapters } from '../support/wiring';
import { assertWebAppBuilt, expectNoAxeViolations, guardPage, launchBrowser, skipBrowserTests, type PageGuards } from './browser';

/**
 * Secure messages end to end in Chromium: the orderer opens the receipt mail's link, enters the
 * one-time code from the second mail, reads the provider's confirmation, writes a message with a
 * PDF attached; the caseworker sees it unread in the inbox and opens it; the orderer then sees it
 * read. axe-core checks every new page.
 */
describe.skipIf(skipBrowserTests)('secure messages in a browser', () => {
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

  async function newPage(): Promise<{ page: Page; guards: PageGuards }> {
    const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const page = await context.newPage();
    return { page, guards: await guardPage(context, page) };
  }

  /**
   * Chromium logs the 400 of the wrong code the test enters; nothing else. Neither page causes a 401:
   * each asks the server only when its readable cookie says a session was opened here
   * (`shared/readable-cookies.ts`).
   */
  const unexpected = (guards: PageGuards) => guards.consoleErrors.filter((e) => !/status of 400 \(Bad Request\) \(http:\/\/localhost:\d+\/api\/orderer\/cases\/[^/]+\/session\)/.test(e));

  const mailTo = (to: string, subject: RegExp) => (mails: ReceivedMail[]) => mails.filter((m) => m.destination.to.includes(to) && subject.test(m.subject));

  it('the orderer opens the case with a code, reads the confirmation, writes with a PDF; the caseworker reads it; the orderer sees it read', async () => {
    const order: any = exampleOrder();
    order.decision.insatser = [order.decision.insatser[0]];
    order.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
    const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
    const { reference } = (await res.json()) as { reference: string };
    const adapters = realAdapters(stack);
    const view = (await adapters.stores.cases.find((await adapters.stores.cases.findIdByReference(reference))!))!;
    const caseworker = actorEmailsFor('ordinary', view.routing.caseworkerId!).assigned;
    const provider = await loginAs(stack, 'sara.lind@duvbo-omsorg.example');
    expect((await provider.post(`/portal/cases/${reference}/assignments/hemtjanst/confirm`, { startDate: order.stay.from, contactName: 'Sara Lind', contactPhone: '08-555 123 45' })).status).toBe(200);

    const orderer = 'anna.berglund@katrineholm.example';
    const receipt = mailTo(orderer, new RegExp(`^Beställningen är mottagen – ärende ${reference}$`))(await waitForMails(stack.mailUrl, (all) => mailTo(orderer, new RegExp(reference))(all).length > 0))[0];
    const link = /Öppna ärendet: (\S+)/.exec(receipt.body.text!)![1];
    expect(link).toBe(`${stack.baseUrl}/arende/${reference}`);

    // The orderer follows the link: a code is sent at once to the address the order came from.
    const { page, guards } = await newPage();
    await page.goto(link);
    await page.getByLabel('Engångskod').waitFor();
    const codeMails = await waitForMails(stack.mailUrl, (all) => mailTo(orderer, new RegExp(`^Engångskod för ärende ${reference}$`))(all).length > 0);
    const code = /: (\d{8})/.exec(mailTo(orderer, /^Engångskod/)(codeMails).at(-1)!.body.text!)![1];
    expect(page.url()).not.toContain(code);
    await expectNoAxeViolations(page, 'the orderer’s code page');

    await page.getByLabel('Engångskod').fill(code === '00000000' ? '00000001' : '00000000');
    await page.getByRole('button', { name: 'Öppna ärendet' }).click();
    await page.getByRole('heading', { name: 'Det finns fel i formuläret' }).waitFor();
    await expectNoAxeViolations(page, 'the orderer’s code page with an error');
    await page.getByLabel('Engångskod').fill(code);
    await page.getByRole('button', { name: 'Öppna ärendet' }).click();
    await page.getByRole('heading', { level: 1, name: `Ärende ${reference}` }).waitFor();
    await page.getByText('Kontaktperson').waitFor();
    expect(await page.locator('main').textContent()).toContain('Sara Lind');
    expect(await page.locator('main').textContent()).not.toMatch(/Karin|Lindqvist|19400612/);
    await page.getByRole('heading', { name: 'Meddelanden' }).waitFor();
    await expectNoAxeViolations(page, 'the orderer’s case page');

    // A message with a PDF attached.
    await page.getByLabel('Meddelande', { exact: true }).fill('Hej! Här kommer beslutet om hemtjänst.');
    await page.getByLabel('Bifoga fil').setInputFiles({ name: 'Beslut hemtjänst.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n') });
    await page.getByRole('button', { name: 'Ta bort Beslut hemtjänst.pdf' }).waitFor();
    await page.getByRole('button', { name: 'Skicka' }).click();
    await page.getByText('Meddelandet är skickat.').waitFor();
    await page.getByRole('link', { name: 'Beslut hemtjänst.pdf' }).waitFor();
    expect(await page.getByText('Inte läst ännu').count()).toBe(1);
    await expectNoAxeViolations(page, 'the orderer’s thread with a sent message');

    // The caseworker: one unread in the inbox, then the message with its file.
    const staff = await newPage();
    await staff.page.goto(`${stack.baseUrl}/portal`);
    await staff.page.getByLabel('E-postadress').fill(caseworker);
    await staff.page.getByLabel('Lösenord').fill('demo');
    await staff.page.getByRole('button', { name: 'Logga in' }).click();
    await staff.page.getByRole('table').waitFor();
    const row = staff.page.getByRole('row').filter({ hasText: reference });
    expect(await row.textContent()).toContain('1 oläst');
    await expectNoAxeViolations(staff.page, 'the caseworker’s inbox with an unread message');
    await row.getByRole('link', { name: reference }).click();
    await staff.page.getByText('Hej! Här kommer beslutet om hemtjänst.').waitFor();
    expect(await staff.page.locator('.message').last().textContent()).toContain('Oläst');
    await expectNoAxeViolations(staff.page, 'the case page with its messages');
    const download = await staff.page.request.get(`${stack.apiUrl}/cases/${reference}/attachments/${await staff.page.getByRole('link', { name: 'Beslut hemtjänst.pdf' }).getAttribute('href').then((h) => h!.split('/').pop())}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).toString()).toContain('%PDF-1.4');

    // The caseworker writes an internal note: the orderer never sees it.
    await staff.page.getByLabel('Intern anteckning').check();
    await staff.page.getByLabel('Meddelande', { exact: true }).fill('Intern: ring utförarens enhetschef.');
    await staff.page.getByRole('button', { name: 'Skicka' }).click();
    await staff.page.getByText('Meddelandet är skickat.').waitFor();
    await expectNoAxeViolations(staff.page, 'the case page with an internal note');

    // Back at the orderer's page (still within its 30 minutes): read by the caseworker.
    await page.reload();
    await page.getByRole('heading', { name: 'Meddelanden' }).waitFor();
    await page.getByText(/Läst av .*, Sundbyberg/).waitFor();
    expect(await page.locator('main').textContent()).not.toContain('ring utförarens enhetschef');

    await page.getByRole('button', { name: 'Stäng ärendet' }).click();
    await page.getByRole('heading', { name: 'Ärendet är stängt' }).waitFor();
    await expectNoAxeViolations(page, 'the orderer’s closed page');
    expect(unexpected(guards)).toEqual([]);
    expect(unexpected(staff.guards)).toEqual([]);
    expect(guards.foreignRequests).toEqual([]);
  }, 120_000);
  it('the caseworker asks for a completion; the case waits; the orderer answers with a file; the case runs again', async () => {
    const order: any = exampleOrder();
    order.decision.insatser = [order.decision.insatser[0]];
    order.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
    const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
    const { reference } = (await res.json()) as { reference: string };
    const adapters = realAdapters(stack);
    const view = (await adapters.stores.cases.find((await adapters.stores.cases.findIdByReference(reference))!))!;
    const caseworker = actorEmailsFor('ordinary', view.routing.caseworkerId!).assigned;
    const orderer = 'anna.berglund@katrineholm.example';

    const staff = await newPage();
    await staff.page.goto(`${stack.baseUrl}/portal/arenden/${reference}`);
    await staff.page.getByLabel('E-postadress').fill(caseworker);
    await staff.page.getByLabel('Lösenord').fill('demo');
    await staff.page.getByRole('button', { name: 'Logga in' }).click();
    await staff.page.getByRole('button', { name: 'Begär komplettering' }).waitFor();
    await staff.page.getByRole('button', { name: 'Begär komplettering' }).click();
    await staff.page.getByRole('heading', { name: 'Det finns fel i formuläret' }).waitFor();
    expect(await staff.page.getByRole('link', { name: /Skriv vad som saknas/ }).count()).toBe(1);
    await expectNoAxeViolations(staff.page, 'the completion form with an error');
    await staff.page.getByLabel('Vad saknas').fill('Biståndsbeslutet saknas som bilaga.');
    await staff.page.getByRole('button', { name: 'Begär komplettering' }).click();
    await staff.page.getByText('Begäran om komplettering är skickad.').waitFor();
    await staff.page.getByText('(pausad i väntan på komplettering)').waitFor();
    await staff.page.getByText('Biståndsbeslutet saknas som bilaga.').waitFor();
    await expectNoAxeViolations(staff.page, 'the case waiting for a completion');
    await staff.page.goto(`${stack.baseUrl}/portal`);
    await staff.page.getByRole('table').waitFor();
    await staff.page.getByRole('link', { name: /^Väntar på komplettering/ }).click();
    await staff.page.getByRole('row').filter({ hasText: reference }).waitFor();
    await expectNoAxeViolations(staff.page, 'the inbox of cases waiting for completions');

    const notice = mailTo(orderer, new RegExp(`^Komplettering behövs – ärende ${reference}$`))(await waitForMails(stack.mailUrl, (all) => mailTo(orderer, new RegExp(`^Komplettering behövs – ärende ${reference}$`))(all).length > 0))[0];
    expect(notice.body.text).not.toContain('Biståndsbeslutet');
    const link = /Öppna ärendet: (\S+)/.exec(notice.body.text!)![1];
    const { page, guards } = await newPage();
    await page.goto(link);
    await page.getByLabel('Engångskod').waitFor();
    const codeMails = await waitForMails(stack.mailUrl, (all) => mailTo(orderer, new RegExp(`^Engångskod för ärende ${reference}$`))(all).length > 0);
    await page.getByLabel('Engångskod').fill(/: (\d{8})/.exec(mailTo(orderer, new RegExp(`^Engångskod för ärende ${reference}$`))(codeMails).at(-1)!.body.text!)![1]);
    await page.getByRole('button', { name: 'Öppna ärendet' }).click();
    await page.getByText(/^Väntar på komplettering från er/).waitFor();
    await page.getByText('Biståndsbeslutet saknas som bilaga.').waitFor();
    await expectNoAxeViolations(page, 'the orderer’s case waiting for their completion');
    await page.getByLabel('Meddelande', { exact: true }).fill('Här kommer beslutet.');
    await page.getByLabel('Bifoga fil').setInputFiles({ name: 'Beslut.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n') });
    await page.getByRole('button', { name: 'Ta bort Beslut.pdf' }).waitFor();
    await page.getByRole('button', { name: 'Skicka' }).click();
    await page.getByText('Meddelandet är skickat.').waitFor();

    // The orderer shortens the stay with Ändra beställningen: the description stays ours, never sent back.
    await page.getByRole('button', { name: 'Ändra beställningen' }).click();
    const form = page.getByRole('form', { name: 'Ändra beställningen' });
    expect(await form.getByLabel('Ny beskrivning').inputValue()).toBe('');
    const to = addDays(order.stay.to, -7);
    await form.getByLabel('Vistelsens sista dag').fill(to);
    await expectNoAxeViolations(page, 'the orderer’s change form');
    await form.getByRole('button', { name: 'Spara ändringen' }).click();
    await page.getByText('Beställningen är ändrad. Handläggaren och de utförare som berörs har fått besked.').waitFor();
    await page.getByRole('region', { name: 'Ändringar' }).getByText(`Sista dag ${order.stay.to} → ${to} (förkortad)`).waitFor();
    await expectNoAxeViolations(page, 'the orderer’s case with its changes');
    expect(unexpected(guards)).toEqual([]);

    await waitForMails(stack.mailUrl, (all) => mailTo(caseworker, new RegExp(`^Kompletteringen har kommit – ärende ${reference}$`))(all).length > 0);
    await staff.page.goto(`${stack.baseUrl}/portal/arenden/${reference}`);
    await staff.page.getByText('Senaste komplettering').waitFor();
    await staff.page.getByRole('link', { name: 'Beslut.pdf' }).waitFor();
    expect(await staff.page.getByText('(pausad i väntan på komplettering)').count()).toBe(0);
    expect(unexpected(staff.guards)).toEqual([]);
  }, 120_000);
});
