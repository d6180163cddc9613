import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack';
import { addDays, stockholmToday } from '../../shared/dates';
import { startLocalStack, waitForMails, type ReceivedMail } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { loginAs } from '../support/portal';
import { realAdapters } from '../support/wiring';
import { assertWebAppBuilt, expectNoAxeViolations, launchBrowser, logInAs, newGuardedPage, skipBrowserTests } from './browser';

/**
 * Extra visits end to end in Chromium, on the real local stack (issue 18; seed 004): the caseworker
 * records an **Överenskommelse om extrainsats**; the provider uses **Registrera extrabesök** (an error
 * first); the caseworker finds it under **Extrabesök att granska**, asks (**Fråga**, the comment
 * missing first); the provider reads the question and answers; the caseworker approves
 * (**Godkänn**), and the list is empty. The mails carry the reference and a link only. axe-core
 * checks every new page and form state.
 */
describe.skipIf(skipBrowserTests)('extra visits in a browser', () => {
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

  const mailTo = (to: string, reference: string, subject: RegExp) => (mails: ReceivedMail[]) =>
    mails.find((m) => m.destination.to.includes(to) && m.subject.includes(reference) && subject.test(m.subject));

  it('register → question → answer → approve, under an agreement, with axe-core at every step', async () => {
    const today = stockholmToday(new Date());
    const order: any = exampleOrder(today);
    order.stay.from = addDays(today, -10);
    order.stay.to = addDays(today, 40);
    order.decision.decidedOn = addDays(today, -15);
    order.decision.insatser = [order.decision.insatser[0]];
    order.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
    const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
    expect(res.status).toBe(201);
    const reference = (await res.json()).reference as string;
    const sara = await loginAs(stack, 'sara.lind@duvbo-omsorg.example');
    await expect
      .poll(async () => (await sara.post(`/portal/cases/${reference}/assignments/hemtjanst/confirm`, { startDate: order.stay.from, contactName: 'Sara Lind', contactPhone: '08-555 123 45' })).status, { timeout: 15_000 })
      .toBe(200);
    const adapters = realAdapters(stack);
    const view = (await adapters.stores.cases.find((await adapters.stores.cases.findIdByReference(reference))!))!;
    const caseworkerEmail = `${view.routing.caseworkerId!.replace('-', '.')}@sundbyberg.example`;
    const visitDay = addDays(today, -2);

    // The caseworker records the agreement on the case page.
    const staff = await newGuardedPage(browser);
    await staff.page.goto(`${stack.baseUrl}/portal/arenden/${reference}`);
    await logInAs(staff.page, caseworkerEmail);
    const agreement = staff.page.getByRole('form', { name: 'Överenskommelse om extrainsats' });
    await agreement.waitFor();
    await agreement.getByRole('button', { name: 'Registrera överenskommelsen' }).click();
    await agreement.getByRole('heading', { name: 'Det finns fel i formuläret' }).waitFor();
    await expectNoAxeViolations(staff.page, 'the agreement form with errors');
    await agreement.getByLabel('Från och med').fill(addDays(today, -5));
    await agreement.getByLabel('Till och med').fill(today);
    await agreement.getByLabel('Vad ni har kommit överens om').fill('Tillsyn även på natten i en vecka efter fallet');
    await agreement.getByRole('button', { name: 'Registrera överenskommelsen' }).click();
    await staff.page.getByText('Överenskommelsen är registrerad.').waitFor();
    await staff.page.getByText('Tillsyn även på natten i en vecka efter fallet').waitFor();

    // The provider registers the visit: the minutes missing first.
    const provider = await newGuardedPage(browser);
    await provider.page.goto(`${stack.baseUrl}/portal/uppdrag/${reference}`);
    await logInAs(provider.page, 'sara.lind@duvbo-omsorg.example');
    const register = provider.page.getByRole('form', { name: 'Registrera extrabesök' });
    await register.waitFor();
    await register.getByLabel('Datum').fill(visitDay);
    await register.getByLabel('Anledning').fill('Hade fallit i hallen, hjälp att komma upp och tillsyn');
    await register.getByRole('button', { name: 'Registrera extrabesök' }).click();
    await register.getByRole('link', { name: 'Ange tiden i minuter som ett heltal' }).click();
    expect(await provider.page.evaluate(() => document.activeElement?.id)).toBe('register-extra-minutes');
    await expectNoAxeViolations(provider.page, 'the extra visit form with an error');
    await register.getByLabel('Minuter').fill('40');
    await register.getByRole('button', { name: 'Registrera extrabesök' }).click();
    await provider.page.getByText('Extrabesöket är registrerat och väntar på handläggarens granskning.').waitFor();
    await provider.page.getByText('Enligt överenskommelse').first().waitFor();
    await expectNoAxeViolations(provider.page, 'the registered extra visit');

    // The caseworker's weekly review: the question's comment missing first.
    await staff.page.getByRole('link', { name: 'Extrabesök att granska' }).click();
    await staff.page.getByRole('heading', { level: 1, name: 'Extrabesök att granska' }).waitFor();
    await staff.page.getByText('Hade fallit i hallen, hjälp att komma upp och tillsyn').waitFor();
    await expectNoAxeViolations(staff.page, 'Extrabesök att granska');
    const item = staff.page.getByRole('listitem').filter({ hasText: reference });
    await item.getByRole('button', { name: 'Fråga' }).click();
    await item.getByRole('link', { name: 'Skriv din fråga till utföraren' }).waitFor();
    await expectNoAxeViolations(staff.page, 'the review with an error');
    await item.getByLabel('Kommentar').fill('Hur länge var ni där, och behövs tillsynen fortsatt?');
    await item.getByRole('button', { name: 'Fråga' }).click();
    await staff.page.getByText(`${reference}: Frågan är skickad till utföraren, som ska svara inom en vecka.`).waitFor();

    const questionMail = mailTo('order@duvbo-omsorg.example', reference, /Fråga om extrabesök/);
    const mails = await waitForMails(stack.mailUrl, (all) => Boolean(questionMail(all)));
    const question = questionMail(mails)!;
    expect(question.body.text).toContain(`${stack.baseUrl}/portal/uppdrag/${reference}`);
    expect(question.body.text).not.toMatch(/fallit|tillsyn|Karin|Lindqvist/i);

    // The provider answers.
    await provider.page.reload();
    await provider.page.getByText('Hur länge var ni där, och behövs tillsynen fortsatt?').waitFor();
    await expectNoAxeViolations(provider.page, 'the question to answer');
    await provider.page.getByLabel('Svar', { exact: true }).fill('40 minuter. Tillsynen behövs inte längre.');
    await provider.page.getByRole('button', { name: 'Skicka svaret' }).click();
    await provider.page.getByText('Svaret är skickat till handläggaren.').waitFor();

    // The caseworker reads the answer and approves: the list is empty.
    await staff.page.reload();
    await staff.page.getByText('40 minuter. Tillsynen behövs inte längre.').waitFor();
    await staff.page.getByRole('listitem').filter({ hasText: reference }).getByRole('button', { name: 'Godkänn' }).click();
    await staff.page.getByText('Det finns inga extrabesök att granska.').waitFor();
    await staff.page.goto(`${stack.baseUrl}/portal/arenden/${reference}`);
    await staff.page.getByRole('region', { name: 'Extrabesök' }).getByText('Godkänt', { exact: true }).first().waitFor();
    await expectNoAxeViolations(staff.page, 'the case page with an approved extra visit');
    expect(staff.guards.consoleErrors).toEqual([]);
    expect(provider.guards.consoleErrors).toEqual([]);
    expect(staff.guards.foreignRequests).toEqual([]);
  });
});
