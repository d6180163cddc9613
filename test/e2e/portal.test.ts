import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack';
import { startLocalStack, waitForMails, type ReceivedMail } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { addDays, addMonths, stockholmToday } from '../../shared/dates';
import demo from '../../config/municipality.demo.json';
import { parseMunicipalityConfig } from '../../shared/municipality';
import { loginAs } from '../support/portal';
import { realAdapters } from '../support/wiring';
import { assertWebAppBuilt, expectNoAxeViolations, guardPage, launchBrowser, skipBrowserTests, type PageGuards } from './browser';

/**
 * The staff portal end to end in Chromium, on the real local stack: a provider follows the link in
 * its mail, logs in on the local identity provider's page and comes back to the assignment,
 * confirms it with a start date — and the orderer's mail arrives; a caseworker releases a held
 * assignment of a protected case — and the provider's mail arrives. axe-core checks every portal
 * page (and the login page) against WCAG 2.1 A/AA.
 */
const config = parseMunicipalityConfig(demo);

describe.skipIf(skipBrowserTests)('the staff portal in a browser', () => {
  let stack: LocalStack;
  let browser: Browser;
  const checked: string[] = [];

  beforeAll(async () => {
    assertWebAppBuilt();
    stack = await startLocalStack();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function submit(change: (o: any) => void) {
    const order: any = exampleOrder();
    change(order);
    const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
    expect(res.status).toBe(201);
    return { reference: (await res.json()).reference as string, order };
  }

  async function newPage(): Promise<{ page: Page; guards: PageGuards }> {
    const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const page = await context.newPage();
    return { page, guards: await guardPage(context, page) };
  }

  async function axe(page: Page, where: string) {
    await expectNoAxeViolations(page, where);
    checked.push(where);
  }

  /** The local identity provider's login page, filled in as a person would. */
  async function logIn(page: Page, email: string) {
    await page.getByLabel('E-postadress').waitFor();
    await axe(page, 'the login page');
    await page.getByLabel('E-postadress').fill(email);
    await page.getByLabel('Lösenord').fill('demo');
    await page.getByRole('button', { name: 'Logga in' }).click();
  }

  const mailTo = (to: string, reference: string, subject: RegExp) => (mails: ReceivedMail[]) =>
    mails.find((m) => m.destination.to.includes(to) && m.subject.includes(reference) && subject.test(m.subject));

  it('a provider follows the mail’s link, logs in, confirms with a start date; the orderer is told', async () => {
    const { reference, order } = await submit((o) => {
      o.decision.insatser = [o.decision.insatser[0]];
      o.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
    });
    const mails = await waitForMails(stack.mailUrl, (all) => Boolean(mailTo('order@duvbo-omsorg.example', reference, /^Nytt uppdrag/)(all)));
    const assignmentMail = mailTo('order@duvbo-omsorg.example', reference, /^Nytt uppdrag/)(mails)!;
    const link = /(http:\/\/localhost:\d+\/portal\/uppdrag\/[^\s]+)/.exec(assignmentMail.body.text!)![1];
    expect(link).toBe(`${stack.baseUrl}/portal/uppdrag/${reference}`);

    const { page, guards } = await newPage();
    // A first visit goes straight to the login: the page asks who is logged in only after a login here (no 401 in the console).
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/auth/me')) asked.push(page.url());
    });
    await page.goto(link);
    await logIn(page, 'sara.lind@duvbo-omsorg.example');
    await page.waitForURL(link);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Uppdrag ${reference}`);
    expect(asked).toEqual([link]);
    await page.getByRole('button', { name: 'Bekräfta uppdraget' }).waitFor();
    await axe(page, 'the provider’s assignment page');

    // Sent empty: the error summary names the fields and links to them.
    await page.getByLabel('Kontaktperson hos er').fill('');
    await page.getByRole('button', { name: 'Bekräfta uppdraget' }).click();
    await page.getByRole('heading', { name: 'Det finns fel i formuläret' }).waitFor();
    await axe(page, 'the assignment page with errors');

    await page.getByLabel('Startdatum').fill(order.stay.from);
    await page.getByLabel('Kontaktperson hos er').fill('Sara Lind');
    await page.getByLabel('Kontaktpersonens telefon').fill('08-555 123 45');
    await page.getByRole('button', { name: 'Bekräfta uppdraget' }).click();
    await page.getByText('Uppdraget är bekräftat.').waitFor();
    await axe(page, 'the confirmed assignment');

    const ordererMails = await waitForMails(stack.mailUrl, (all) => Boolean(mailTo('anna.berglund@katrineholm.example', reference, /^Uppdraget är bekräftat/)(all)));
    const confirmed = mailTo('anna.berglund@katrineholm.example', reference, /^Uppdraget är bekräftat/)(ordererMails)!;
    expect(confirmed.body.text).toContain('Insatsen startar');
    expect(confirmed.body.text).not.toMatch(/Karin|Lindqvist|19400612/);

    await page.getByRole('link', { name: 'Alla ärenden' }).click();
    await page.getByRole('table').waitFor();
    await axe(page, 'the provider’s inbox');
    expect(guards.consoleErrors).toEqual([]);
    expect(guards.foreignRequests).toEqual([]);
  });

  it('the providers record Insatsen har startat and Larmet är installerat; the orderer and economy hear of the alarm', async () => {
    const today = stockholmToday(new Date());
    const { reference, order } = await submit((o) => {
      o.stay.from = today;
      o.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
    });
    expect(order.decision.insatser.map((i: { type: string }) => i.type)).toEqual(['hemtjanst', 'trygghetslarm']);
    const link = `${stack.baseUrl}/portal/uppdrag/${reference}`;

    const { page, guards } = await newPage();
    await page.goto(link);
    await logIn(page, 'sara.lind@duvbo-omsorg.example');
    await page.waitForURL(link);
    await page.getByLabel('Startdatum').fill(today);
    await page.getByLabel('Kontaktperson hos er').fill('Sara Lind');
    await page.getByLabel('Kontaktpersonens telefon').fill('08-555 123 45');
    await page.getByRole('button', { name: 'Bekräfta uppdraget' }).click();
    await page.getByText('Uppdraget är bekräftat.').waitFor();
    await page.getByText('(inom 1 dag)').waitFor();
    // A day in the future is refused, the summary naming the field.
    await page.getByLabel('Startdag').fill(addDays(today, 1));
    await page.getByRole('button', { name: 'Insatsen har startat' }).click();
    await page.getByRole('heading', { name: 'Det finns fel i formuläret' }).waitFor();
    await axe(page, 'the start form with errors');
    await page.getByLabel('Startdag').fill(today);
    await page.getByRole('button', { name: 'Insatsen har startat' }).click();
    await page.getByText('Starten är registrerad.').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Insatsen har startat' }).count()).toBe(0);
    await axe(page, 'the started assignment');
    // The future day is the server's to refuse (the browser does not know the stay's rules): that 400 is expected.
    expect(guards.consoleErrors.filter((e) => !/status of 400 \(Bad Request\) .*\/assignments\/hemtjanst\/start\)/.test(e))).toEqual([]);

    const alarm = await newPage();
    await alarm.page.goto(link);
    await logIn(alarm.page, 'ola.persson@sundbyberg.example');
    await alarm.page.waitForURL(link);
    await alarm.page.getByLabel('Startdatum').fill(today);
    await alarm.page.getByLabel('Kontaktperson hos er').fill('Ola Persson');
    await alarm.page.getByLabel('Kontaktpersonens telefon').fill('08-706 80 00');
    await alarm.page.getByRole('button', { name: 'Bekräfta uppdraget' }).click();
    await alarm.page.getByText('(inom 3 vardagar)').waitFor();
    await alarm.page.getByLabel('Installationsdag').fill(today);
    await alarm.page.getByRole('button', { name: 'Larmet är installerat' }).click();
    await alarm.page.getByText('Installationen är registrerad.').waitFor();
    await axe(alarm.page, 'the installed alarm');
    expect(alarm.guards.consoleErrors).toEqual([]);

    const mails = await waitForMails(stack.mailUrl, (all) => ['anna.berglund@katrineholm.example', 'ekonomiassistenter@sundbyberg.example'].every((to) => mailTo(to, reference, /^Larmet är installerat/)(all)));
    for (const to of ['anna.berglund@katrineholm.example', 'ekonomiassistenter@sundbyberg.example']) {
      expect(mailTo(to, reference, /^Larmet är installerat/)(mails)!.body.text).not.toMatch(/Karin|Lindqvist|19400612/);
    }
  });

  it('a provider reports Vistelsen har avslutats; with the last report approved the case is Avslutat', async () => {
    const today = stockholmToday(new Date());
    const { reference } = await submit((o) => {
      o.stay.from = today;
      o.stay.to = addDays(today, 40);
      o.decision.insatser = [o.decision.insatser[0]];
      o.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
    });
    const provider = await loginAs(stack, 'sara.lind@duvbo-omsorg.example');
    expect((await provider.post(`/portal/cases/${reference}/assignments/hemtjanst/confirm`, { startDate: today, contactName: 'Sara Lind', contactPhone: '08-555 123 45' })).status).toBe(200);

    const { page, guards } = await newPage();
    await page.goto(`${stack.baseUrl}/portal/uppdrag/${reference}`);
    await logIn(page, 'sara.lind@duvbo-omsorg.example');
    await page.getByRole('button', { name: 'Vistelsen har avslutats' }).waitFor();
    await axe(page, 'the assignment page with the stay-end form');
    await page.getByLabel('Sista dag').fill(addDays(today, 1));
    await page.getByRole('button', { name: 'Vistelsen har avslutats' }).click();
    await page.getByRole('heading', { name: 'Det finns fel i formuläret' }).waitFor();
    await page.getByLabel('Sista dag').fill(today);
    await page.getByRole('button', { name: 'Vistelsen har avslutats' }).click();
    await page.getByText('Vistelsen är registrerad som avslutad.').waitFor();
    await page.getByText('Vistelsen avslutades').waitFor();
    await axe(page, 'the ended stay');
    expect(guards.consoleErrors.filter((e) => !/status of 400 \(Bad Request\) .*\/stay-end\)/.test(e))).toEqual([]);

    // The one month left reported and approved: the case closes.
    const month = today.slice(0, 7);
    const reportPath = `/portal/cases/${reference}/time-reports/hemtjanst/${month}`;
    expect((await provider.post(reportPath, { quantity: 60, extras: [] })).status).toBe(200);
    const view = (await realAdapters(stack).stores.cases.find((await realAdapters(stack).stores.cases.findIdByReference(reference))!))!;
    const caseworkerEmail = config.caseworkers.find((c) => c.id === view.routing.caseworkerId)!.email;
    const caseworker = await loginAs(stack, caseworkerEmail);
    expect((await caseworker.post(`${reportPath}/review`, { decision: 'approve' })).status).toBe(200);
    const staff = await newPage();
    await staff.page.goto(`${stack.baseUrl}/portal/arenden/${reference}`);
    await logIn(staff.page, caseworkerEmail);
    await staff.page.getByText('Ärendet avslutades', { exact: true }).first().waitFor();
    expect(await staff.page.getByRole('definition').filter({ hasText: /^Avslutat$/ }).count()).toBe(1);
    await axe(staff.page, 'the closed case');
    expect(staff.guards.consoleErrors).toEqual([]);
  });

  it('a caseworker cancels an order with Skäl; nothing reported, the case is Avslutat at once', async () => {
    const { reference } = await submit((o) => {
      o.decision.insatser = [o.decision.insatser[0]];
      o.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
    });
    const view = (await realAdapters(stack).stores.cases.find((await realAdapters(stack).stores.cases.findIdByReference(reference))!))!;
    const caseworkerEmail = config.caseworkers.find((c) => c.id === view.routing.caseworkerId)!.email;
    const { page, guards } = await newPage();
    await page.goto(`${stack.baseUrl}/portal/arenden/${reference}`);
    await logIn(page, caseworkerEmail);
    await page.getByRole('button', { name: 'Avbryt beställningen' }).click();
    await page.getByRole('heading', { name: 'Det finns fel i formuläret' }).waitFor();
    await axe(page, 'the cancel form with an error');
    await page.getByLabel('Skäl').fill('Personen har flyttat till särskilt boende.');
    await page.getByRole('button', { name: 'Avbryt beställningen' }).click();
    await page.getByText('Beställningen är avbruten.').waitFor();
    await page.getByText('Skäl: Personen har flyttat till särskilt boende.').waitFor();
    expect(await page.getByRole('definition').filter({ hasText: /^Avslutat$/ }).count()).toBe(1);
    await axe(page, 'the cancelled case');
    expect(guards.consoleErrors).toEqual([]);
    const mails = await waitForMails(stack.mailUrl, (all) => Boolean(mailTo('order@duvbo-omsorg.example', reference, /^Beställningen är avbruten/)(all)));
    expect(mailTo('order@duvbo-omsorg.example', reference, /^Beställningen är avbruten/)(mails)!.body.text).not.toContain('särskilt boende');
  });

  it('a caseworker releases a held assignment of a protected case; the provider is told', async () => {
    const { reference } = await submit((o) => {
      o.decision.insatser = [o.decision.insatser[0]];
      o.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
      o.person.protectedIdentity = true;
    });
    const adapters = realAdapters(stack);
    const view = (await adapters.stores.cases.find((await adapters.stores.cases.findIdByReference(reference))!))!;
    const caseworker = `${view.routing.caseworkerId!.replace('-', '.')}@sundbyberg.example`;

    const { page, guards } = await newPage();
    await page.goto(`${stack.baseUrl}/portal`);
    await logIn(page, caseworker);
    await page.waitForURL(`${stack.baseUrl}/portal`);
    await page.getByRole('table').waitFor();
    await axe(page, 'the caseworker’s inbox');
    await page.getByRole('link', { name: 'Väntar på bekräftelse' }).click();
    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { name: 'Skyddade personuppgifter' }).waitFor();
    await axe(page, 'the protected case page');

    await page.getByLabel('Enhetschefens namn').fill('Ulla Enhetschef');
    await page.getByRole('button', { name: 'Enhetschefen är informerad' }).click();
    await page.getByText('Uppdraget har skickats till utföraren.').waitFor();
    await waitForMails(stack.mailUrl, (all) => Boolean(mailTo('order@duvbo-omsorg.example', reference, /^Nytt uppdrag/)(all)));

    // Logging out ends the session here and at the identity provider.
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(new RegExp(`^${stack.oidcIssuer}/session/end`));
    // Its page names its icon: the browser asks for no /favicon.ico there, whose 404 it would log (found trying it by hand).
    expect(await page.locator('link[rel="icon"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(`${stack.baseUrl}/portal/utloggad`);
    await page.getByRole('heading', { name: 'Du är utloggad' }).waitFor();
    await axe(page, 'the logged-out page');
    expect((await page.request.get(`${stack.apiUrl}/portal/inbox`)).status()).toBe(401);
    expect(guards.consoleErrors).toEqual([]);
  });

  it('a caseworker changes the order (Ändra beställningen, an error first); the provider reads the change and confirms it (Bekräfta ändringen)', async () => {
    const { reference, order } = await submit((o) => {
      o.decision.insatser = [o.decision.insatser[0]];
      o.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
    });
    const sara = await loginAs(stack, 'sara.lind@duvbo-omsorg.example');
    expect((await sara.post(`/portal/cases/${reference}/assignments/hemtjanst/confirm`, { startDate: order.stay.from, contactName: 'Sara Lind', contactPhone: '08-123 456 78', orderVersion: 1 })).status).toBe(200);
    const view = (await realAdapters(stack).stores.cases.find((await realAdapters(stack).stores.cases.findIdByReference(reference))!))!;
    const caseworkerEmail = config.caseworkers.find((c) => c.id === view.routing.caseworkerId)!.email;
    const { page, guards } = await newPage();
    await page.goto(`${stack.baseUrl}/portal/arenden/${reference}`);
    await logIn(page, caseworkerEmail);
    await page.getByRole('button', { name: 'Ändra beställningen' }).click();
    const form = page.getByRole('form', { name: 'Ändra beställningen' });
    await form.getByLabel('Omfattning').fill('');
    await form.getByRole('button', { name: 'Spara ändringen' }).click();
    await page.getByRole('heading', { name: 'Det finns fel i formuläret' }).waitFor();
    await axe(page, 'the change form with an error');
    // The summary's link takes the keyboard to the field.
    await page.getByRole('link', { name: 'Ange omfattningen som ett tal' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('decision-insatser-0-scope-amount');
    await form.getByLabel('Omfattning').fill('30');
    const to = addDays(order.stay.to, 31);
    await form.getByLabel('Vistelsens sista dag').fill(to);
    await form.getByRole('button', { name: 'Spara ändringen' }).click();
    await page.getByText('Beställningen är ändrad. Beställaren och de utförare som berörs har fått besked.').waitFor();
    const changes = page.getByRole('region', { name: 'Ändringar' });
    await changes.getByText(`Sista dag ${order.stay.to} → ${to} (förlängd)`).waitFor();
    await changes.getByText('Hemtjänst: omfattning 22 timmar per månad → 30 timmar per månad').waitFor();
    await changes.getByText('Visa version 1').click();
    await axe(page, 'the case page with its changes');
    expect(guards.consoleErrors).toEqual([]);

    const provider = await newPage();
    await provider.page.goto(`${stack.baseUrl}/portal/arenden/${reference}`);
    await logIn(provider.page, 'sara.lind@duvbo-omsorg.example');
    await provider.page.getByRole('heading', { name: 'Beställningen är ändrad' }).waitFor();
    await provider.page.getByText(`Sista dag ${order.stay.to} → ${to} (förlängd)`).waitFor();
    await axe(provider.page, 'the provider’s change to confirm');
    await provider.page.getByRole('button', { name: 'Bekräfta ändringen' }).click();
    await provider.page.getByText('Ändringen är bekräftad.').waitFor();
    await provider.page.getByText('Version 2', { exact: false }).first().waitFor();
    expect(await provider.page.getByRole('button', { name: 'Bekräfta ändringen' }).count()).toBe(0);
    expect(provider.guards.consoleErrors).toEqual([]);
  });

  it('after the retention the case is purged: the unit head reads it in Gallringslogg and the case shows Gallrat', async () => {
    const { reference, order } = await submit((o) => {
      o.decision.insatser = [o.decision.insatser[0]];
      o.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
    });
    const unitHead = await loginAs(stack, 'maria.ek@sundbyberg.example');
    expect((await unitHead.post(`/portal/cases/${reference}/cancel`, { reason: 'Vistelsen blev inte av.' })).status).toBe(200);
    const due = addDays(addMonths(stockholmToday(new Date()), config.rules.retentionMonthsAfterClosure), 1);
    expect(await stack.runScheduled('Purge', new Date(`${due}T00:00:00Z`))).toMatchObject({ purged: expect.any(Number) });

    const { page, guards } = await newPage();
    await page.goto(`${stack.baseUrl}/portal`);
    await logIn(page, 'maria.ek@sundbyberg.example');
    await page.getByRole('link', { name: 'Gallringslogg' }).click();
    await page.getByRole('heading', { name: 'Gallringslogg' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: reference });
    await row.waitFor();
    expect(await row.textContent()).toContain('Personuppgifter');
    await axe(page, 'the purge log');
    await row.getByRole('link', { name: reference }).click();
    await page.getByRole('term').filter({ hasText: /^Gallrat$/ }).waitFor();
    expect(await page.content()).not.toContain(order.person.lastName);
    await axe(page, 'the purged case');
    expect(guards.consoleErrors).toEqual([]);
  });

  it('the unit head’s audit log, the economy assistant’s billing view and the login-failed page pass axe', async () => {
    const { reference } = await submit(() => {});
    const { page, guards } = await newPage();
    await page.goto(`${stack.baseUrl}/portal/arenden/${reference}`);
    await logIn(page, 'maria.ek@sundbyberg.example');
    await page.getByRole('heading', { name: 'Fördela ärendet' }).waitFor();
    await axe(page, 'the unit head’s case page');
    await page.getByRole('link', { name: 'Visa logg över läsningar av personuppgifter' }).click();
    await page.getByRole('table').waitFor();
    expect(await page.getByRole('table').textContent()).toContain('Maria Ek');
    await axe(page, 'the audit log');

    const economy = await newPage();
    await economy.page.goto(`${stack.baseUrl}/portal/arenden/${reference}`);
    await logIn(economy.page, 'eva.lundgren@sundbyberg.example');
    await economy.page.getByRole('heading', { name: `Faktureringsunderlag ${reference}` }).waitFor();
    expect(await economy.page.content()).not.toMatch(/Karin|Lindqvist|19400612/);
    await axe(economy.page, 'the billing view');

    await page.goto(`${stack.baseUrl}/portal/inloggningsfel?orsak=no_portal_account`);
    await page.getByRole('heading', { name: 'Inloggningen misslyckades' }).waitFor();
    await axe(page, 'the login-failed page');
    expect(guards.consoleErrors).toEqual([]);
    expect(checked.length).toBeGreaterThanOrEqual(10);
  });
});
