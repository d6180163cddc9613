import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack';
import { addDays, stockholmToday } from '../../shared/dates';
import { divideRoundHalfUp, formatOre } from '../../shared/invoice-basis';
import { monthLabel } from '../../shared/time-reports';
import { startLocalStack } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { loginAs } from '../support/portal';
import { realAdapters } from '../support/wiring';
import { assertWebAppBuilt, expectNoAxeViolations, guardPage, launchBrowser, skipBrowserTests, type PageGuards } from './browser';

/**
 * Monthly time reports end to end in Chromium, on the real local stack: the provider reports a
 * month (hours and minutes, and an extra visit with its reason) on the case page; the caseworker
 * sees the deviation from the granted scope, tries to return the report without a comment, and
 * approves it; the economy assistant finds the case and its amount in the month's invoice basis.
 * The home municipality's own template goes with a report as a message in the case; a file whose
 * content is not allowed leaves the report submitted and says so. axe-core checks the report form, the review and the invoice basis page against WCAG 2.1 A/AA.
 */
describe.skipIf(skipBrowserTests)('time reports and the invoice basis in a browser', () => {
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

  async function logIn(page: Page, email: string) {
    await page.getByLabel('E-postadress').waitFor();
    await page.getByLabel('E-postadress').fill(email);
    await page.getByLabel('Lösenord').fill('demo');
    await page.getByRole('button', { name: 'Logga in' }).click();
  }

  /**
   * A hemtjänst case (22 h a month at 495 kr an hour) whose stay began 20 days ago (within the
   * municipality's 30 days of grace), confirmed by its provider from the stay's first day through
   * the API: its first report month is this month or the last, as in real life.
   */
  async function confirmedCase() {
    const today = stockholmToday(new Date());
    const order: any = exampleOrder(today);
    order.stay.from = addDays(today, -20);
    order.stay.to = addDays(today, 40);
    order.decision.decidedOn = addDays(today, -25);
    order.decision.insatser = [order.decision.insatser[0]];
    order.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
    const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
    expect(res.status).toBe(201);
    const reference = (await res.json()).reference as string;
    const provider = await loginAs(stack, 'sara.lind@duvbo-omsorg.example');
    await expect
      .poll(async () => (await provider.post(`/portal/cases/${reference}/assignments/hemtjanst/confirm`, { startDate: order.stay.from, contactName: 'Sara Lind', contactPhone: '08-555 123 45' })).status, { timeout: 15_000 })
      .toBe(200);
    return { today, order, reference, month: order.stay.from.slice(0, 7) as string, provider };
  }

  /** The e-mail address of the caseworker the case was routed to. */
  async function caseworkerOf(reference: string) {
    const adapters = realAdapters(stack);
    const view = (await adapters.stores.cases.find((await adapters.stores.cases.findIdByReference(reference))!))!;
    return `${view.routing.caseworkerId!.replace('-', '.')}@sundbyberg.example`;
  }

  it('the provider reports a month, the caseworker approves it, the economy assistant invoices it', async () => {
    const { today, order, reference, month } = await confirmedCase();

    // --- The provider reports the month: 30 h 15 min within the order, and one extra visit of 1 h 30 min.
    const { page, guards } = await newPage();
    await page.goto(`${stack.baseUrl}/portal/uppdrag/${reference}`);
    await logIn(page, 'sara.lind@duvbo-omsorg.example');
    await page.getByRole('heading', { name: 'Tidrapporter', level: 2 }).waitFor();
    const form = page.getByRole('form', { name: `Rapportera tid för ${monthLabel(month)}` });
    await form.waitFor();
    const within = form.getByRole('group', { name: 'Utförd tid inom beställningen' });
    await within.getByLabel('Timmar').fill('30');
    await within.getByLabel('Minuter').fill('15');
    await form.getByRole('button', { name: 'Lägg till extrabesök' }).click();
    const extra = form.getByRole('group', { name: 'Extrabesök 1' });
    // The new row's first field has the focus.
    await expect.poll(() => extra.getByLabel('Datum').evaluate((el) => el === document.activeElement)).toBe(true);
    await extra.getByLabel('Datum').fill(order.stay.from);
    await extra.getByRole('group', { name: 'Omfattning' }).getByLabel('Timmar').fill('1');
    await extra.getByRole('group', { name: 'Omfattning' }).getByLabel('Minuter').fill('30');
    await extra.getByLabel('Skäl').fill('Fallolycka i badrummet, extra tillsyn på kvällen');
    await form.getByText('Summa: 31 tim 45 min').waitFor();
    // The home municipality's own template, besides the totals: labelled, with its hint.
    const template = form.getByLabel('Hemkommunens mall (valfritt)');
    const templateHint = (await template.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${templateHint}"]`).textContent()).toContain('T.ex. hemkommunens egen tidrapportmall. Den skickas som ett meddelande till hemkommunen i ärendet.');
    await template.setInputFiles({ name: 'Tidrapportmall Katrineholm.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await expectNoAxeViolations(page, 'the case page with the report form');

    // A date outside the month's period: the server's error is shown at the field, and the summary links to it.
    await extra.getByLabel('Datum').fill(addDays(order.stay.from, -1));
    await form.getByRole('button', { name: 'Skicka tidrapporten' }).click();
    await form.getByRole('heading', { name: 'Det finns fel i formuläret' }).waitFor();
    const dateError = `Ange ett datum från ${order.stay.from} till`;
    await form.getByRole('link', { name: dateError }).click();
    await expect.poll(() => extra.getByLabel('Datum').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await extra.getByLabel('Datum').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'the report form with an error');
    await extra.getByLabel('Datum').fill(order.stay.from);

    await form.getByRole('button', { name: 'Skicka tidrapporten' }).click();
    const doneText = (await page.getByRole('status').filter({ hasText: 'Tidrapporten är inskickad.' }).textContent())!;
    expect(doneText).toContain('Mallen är skickad till hemkommunen som meddelande.');
    await page.getByText('Inskickad, väntar på avstämning').first().waitFor();
    await expect.poll(() => page.getByRole('form', { name: `Rapportera tid för ${monthLabel(month)}` }).count()).toBe(0);
    // The template is in the case's messages, with the home municipality, sent once (not with the refused first try).
    const templateText = `Tidrapport hemtjänst ${monthLabel(month)} (version 1): hemkommunens mall bifogad.`;
    const messages = page.getByRole('region', { name: 'Meddelanden' });
    const templateMessage = messages.locator('.message').filter({ hasText: templateText });
    await templateMessage.getByRole('link', { name: 'Tidrapportmall Katrineholm.pdf' }).waitFor();
    expect(await templateMessage.count()).toBe(1);
    expect(await templateMessage.textContent()).toContain('Med hemkommunen');
    // The one 400 is the date outside the period, sent on purpose above.
    expect(guards.consoleErrors.filter((e) => !/status of 400 \(Bad Request\) \(http:\/\/localhost:\d+\/api\/portal\/cases\/[^/]+\/time-reports\/hemtjanst\/\d{4}-\d{2}\)/.test(e))).toEqual([]);
    expect(guards.foreignRequests).toEqual([]);

    // --- The provider's own list, Tidrapporter: this month waits for the caseworker now.
    await page.getByRole('navigation', { name: 'Portalen' }).getByRole('link', { name: 'Tidrapporter' }).click();
    await page.getByRole('heading', { name: 'Tidrapporter', level: 1 }).waitFor();
    const row = page.getByRole('row').filter({ hasText: reference }).filter({ hasText: monthLabel(month) });
    expect(await row.textContent()).toContain('Inskickad, väntar på avstämning');
    await expectNoAxeViolations(page, 'the provider’s Tidrapporter page');

    // --- The caseworker reconciles it: more than granted, said in words.
    const caseworker = await caseworkerOf(reference);
    const reviewer = await newPage();
    await reviewer.page.goto(`${stack.baseUrl}/portal/arenden/${reference}`);
    await logIn(reviewer.page, caseworker);
    const review = reviewer.page.getByRole('form', { name: `Stäm av tidrapporten för ${monthLabel(month)}` });
    await review.waitFor();
    expect(await review.textContent()).toContain('Avvikelse: mer än beviljat');
    expect(await review.textContent()).toContain('Rapporterat: 31 tim 45 min');
    const report = reviewer.page.getByRole('article', { name: `Hemtjänst, ${monthLabel(month)}` });
    expect(await report.textContent()).toContain('Fallolycka i badrummet, extra tillsyn på kvällen');
    // The template reached the home municipality's side of the case: the caseworker reads it too.
    const received = reviewer.page.getByRole('region', { name: 'Meddelanden' }).locator('.message').filter({ hasText: templateText });
    const templateLink = received.getByRole('link', { name: 'Tidrapportmall Katrineholm.pdf' });
    await templateLink.waitFor();
    const templateFile = await reviewer.page.request.get(`${stack.baseUrl}${await templateLink.getAttribute('href')}`);
    expect(templateFile.status()).toBe(200);
    expect((await templateFile.body()).toString()).toContain('%PDF-1.4');
    await expectNoAxeViolations(reviewer.page, 'the case page in review');

    // Returning needs a comment: the error is shown at the field and in the summary.
    await review.getByRole('button', { name: 'Skicka tillbaka' }).click();
    await review.getByRole('heading', { name: 'Det finns fel i formuläret' }).waitFor();
    await review.getByText('Skriv vad utföraren ska rätta').first().waitFor();
    expect(await review.getByLabel('Kommentar').getAttribute('aria-describedby')).toContain('error');
    await expectNoAxeViolations(reviewer.page, 'the review with an error');

    await review.getByRole('button', { name: 'Godkänn' }).click();
    await reviewer.page.getByRole('status').filter({ hasText: 'Tidrapporten är godkänd' }).waitFor();
    await report.getByText('Godkänd').first().waitFor();
    expect(reviewer.guards.consoleErrors).toEqual([]);

    // --- The economy assistant: the month's invoice basis holds the case and its amount.
    const amount = `${formatOre(divideRoundHalfUp(1905 * 49_500, 60))} kr`; // 31 h 45 min at 495 kr an hour
    const economy = await newPage();
    await economy.page.goto(`${stack.baseUrl}/portal/fakturaunderlag?manad=${month}`);
    await logIn(economy.page, 'eva.lundgren@sundbyberg.example');
    await economy.page.getByRole('heading', { name: 'Fakturaunderlag', level: 1 }).waitFor();
    const table = economy.page.getByRole('table');
    await table.waitFor();
    const text = (await table.textContent()) ?? '';
    expect(text).toContain(reference);
    expect(text).toContain('VOF-2026-1187');
    expect(text).toContain(amount);
    expect(await economy.page.getByRole('main').textContent()).toContain('Underlaget innehåller inga personuppgifter.');
    expect(await economy.page.getByRole('main').textContent()).not.toMatch(/Karin|Lindqvist|19400612|Fallolycka/);
    expect(await economy.page.getByRole('link', { name: 'Ladda ner CSV (Excel)' }).getAttribute('href')).toBe(`/api/portal/invoice-basis/csv?month=${month}`);
    expect(await economy.page.getByRole('link', { name: 'Ladda ner PDF' }).getAttribute('href')).toBe(`/api/portal/invoice-basis/pdf?month=${month}`);
    await economy.page.getByRole('navigation', { name: 'Portalen' }).getByRole('link', { name: 'Fakturaunderlag' }).waitFor();
    expect(await economy.page.title()).toBe(`Fakturaunderlag ${monthLabel(month)} – Vistelse för personal`);
    await expectNoAxeViolations(economy.page, 'the invoice basis page');
    // The file links work with the session's cookie.
    const csv = await economy.page.request.get(`${stack.baseUrl}/api/portal/invoice-basis/csv?month=${month}`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(reference);

    // Another month through the picker: empty, and said so in words.
    await economy.page.getByLabel('Månad').fill(`${Number(month.slice(0, 4)) + 1}-${month.slice(5)}`);
    await economy.page.getByRole('button', { name: 'Visa' }).click();
    await economy.page.getByText('Det finns inga godkända tidrapporter').waitFor();
    // The user bar's link opens last month's basis.
    await economy.page.getByRole('navigation', { name: 'Portalen' }).getByRole('link', { name: 'Fakturaunderlag' }).click();
    await economy.page.waitForURL(`${stack.baseUrl}/portal/fakturaunderlag`);
    const lastMonth = today.slice(5, 7) === '01' ? `${Number(today.slice(0, 4)) - 1}-12` : `${today.slice(0, 4)}-${String(Number(today.slice(5, 7)) - 1).padStart(2, '0')}`;
    await expect.poll(() => economy.page.getByLabel('Månad').inputValue()).toBe(lastMonth);
    await economy.page.getByRole('heading', { name: `Underlag för ${monthLabel(lastMonth)}` }).waitFor();

    // The case's billing view shows the approved report, without the extra visit's reason.
    await economy.page.goto(`${stack.baseUrl}/portal/arenden/${reference}`);
    const billed = economy.page.getByRole('article', { name: `Hemtjänst, ${monthLabel(month)}` });
    await billed.getByText('Godkänd').first().waitFor();
    expect(await billed.textContent()).toContain('31 tim 45 min');
    expect(await economy.page.getByRole('main').textContent()).not.toMatch(/Karin|Lindqvist|19400612|Fallolycka/);
    expect(economy.guards.consoleErrors).toEqual([]);
    expect(economy.guards.foreignRequests).toEqual([]);

    // The provider has no invoice basis: no link, and the page says whom it is for.
    await page.goto(`${stack.baseUrl}/portal/fakturaunderlag?manad=${month}`);
    await page.getByText('Fakturaunderlaget är för ekonomiassistenter och avgiftshandläggare.').waitFor();
    expect(await page.getByRole('navigation', { name: 'Portalen' }).getByRole('link', { name: 'Fakturaunderlag' }).count()).toBe(0);
  }, 120_000);

  it('a returned report keeps its first version readable; the provider sends a corrected one', async () => {
    const { reference, month, provider } = await confirmedCase();
    const reportPath = `/portal/cases/${reference}/time-reports/hemtjanst/${month}`;
    expect((await provider.post(reportPath, { quantity: 600, extras: [] })).status).toBe(200);
    const caseworker = await loginAs(stack, await caseworkerOf(reference));
    expect((await caseworker.post(`${reportPath}/review`, { decision: 'return', comment: 'Tiden verkar låg, stämmer 10 timmar?' })).status).toBe(200);

    const { page, guards } = await newPage();
    await page.goto(`${stack.baseUrl}/portal/uppdrag/${reference}`);
    await logIn(page, 'sara.lind@duvbo-omsorg.example');
    const report = page.getByRole('article', { name: `Hemtjänst, ${monthLabel(month)}` });
    await report.getByText('Återsänd för rättelse').waitFor();
    expect(await report.textContent()).toContain('Tiden verkar låg, stämmer 10 timmar?');
    const form = report.getByRole('form', { name: `Rapportera tid för ${monthLabel(month)}` });
    const within = form.getByRole('group', { name: 'Utförd tid inom beställningen' });
    await within.getByLabel('Timmar').fill('12');
    await within.getByLabel('Minuter').fill('5');
    await form.getByLabel('Kommentar').fill('Rättat: två besök saknades.');
    await form.getByText('Summa: 12 tim 5 min').waitFor();
    // A program renamed to a PDF as the template: its content is refused after the upload, the report stays in.
    await form.getByLabel('Hemkommunens mall (valfritt)').setInputFiles({ name: 'mall.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1') });
    await form.getByRole('button', { name: 'Skicka tidrapporten' }).click();
    const templateError = page.locator('.error-summary').filter({ hasText: 'Hemkommunens mall kunde inte bifogas' });
    await templateError.waitFor();
    const errorText = (await templateError.textContent())!;
    expect(errorText).toContain('Tidrapporten är inskickad, men mallen kunde inte bifogas: Filen är inte en');
    expect(errorText).toContain('vi ser på innehållet, inte på namnet');
    expect(errorText).toContain('Bifoga den i meddelandena nedan.');
    await expect.poll(() => templateError.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByRole('status').filter({ hasText: 'Tidrapporten är inskickad.' }).count()).toBe(0);
    // The summary links to **Bifoga fil** of the messages, where the template can be sent again.
    await templateError.getByRole('link', { name: 'Bifoga mallen under Meddelanden' }).click();
    await expect.poll(() => page.getByLabel('Bifoga fil').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByRole('region', { name: 'Meddelanden' }).getByText('hemkommunens mall bifogad').count()).toBe(0);
    await expectNoAxeViolations(page, 'the case page with the template refused');

    await report.getByRole('heading', { name: 'Version 2 (senaste)' }).waitFor();
    expect(await report.textContent()).toContain('Inskickad, väntar på avstämning');
    expect(await report.textContent()).toContain('Rättat: två besök saknades.');
    await report.getByText('Tidigare version').click();
    const earlier = report.locator('details');
    await earlier.getByRole('heading', { name: 'Version 1' }).waitFor();
    expect(await earlier.textContent()).toContain('10 tim');
    expect(await earlier.textContent()).toContain('Skickad tillbaka');
    expect(await earlier.textContent()).toContain('Tiden verkar låg, stämmer 10 timmar?');
    await expectNoAxeViolations(page, 'a report with an earlier version');
    // The one 400 is the template's check, refused on purpose above.
    expect(guards.consoleErrors.filter((e) => !/status of 400 \(Bad Request\) \(http:\/\/localhost:\d+\/api\/cases\/[^/]+\/attachments\/[^/]+\/check\)/.test(e))).toEqual([]);
    expect(guards.foreignRequests).toEqual([]);
  }, 120_000);
});
