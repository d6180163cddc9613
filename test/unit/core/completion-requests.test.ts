import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { ordererPrincipalOf } from '../../../functions/core/access/orderer-access';
import { principalFor } from '../../../functions/core/access/principals';
import { chaseConfirmations } from '../../../functions/core/cases/chase-confirmations';
import { ordererCase } from '../../../functions/core/cases/orderer-case';
import { portalCases } from '../../../functions/core/cases/portal-cases';
import { submitOrder } from '../../../functions/core/intake/submit-order';
import { DomainError } from '../../../functions/core/kernel/errors';
import { caseMessages, type MessageDeps } from '../../../functions/core/messages/case-messages';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import { matrixOrder } from '../../support/access-matrix';
import { inMemoryStores } from '../../support/in-memory-stores';
import { testVault } from '../../support/wiring';

/**
 * **Begär komplettering** (seed 001: the order lacks something): the request in the conversation,
 * the orderer told, the case **Väntar på komplettering** with its clock paused, the orderer's answer
 * resuming it, and the one reminder.
 */
const config = parseMunicipalityConfig(demo);
const person = (email: string) => principalFor(config, email)!;
const SARA = person('sara.lind@duvbo-omsorg.example');
const RECEIVED = '2026-11-23T10:00:00+01:00';
const DAY = 86_400_000;
const later = (ms: number) => new Date(Date.parse(RECEIVED) + ms);

async function setup() {
  const stores = inMemoryStores();
  let n = 0;
  let now = new Date(RECEIVED);
  const deps = { ...stores, vault: testVault(), clock: { now: () => now }, ids: { next: () => `ID${String(++n).padStart(6, '0')}` }, config, publicBaseUrl: 'https://vistelse.example' };
  const { receipt } = await submitOrder(deps)({ body: matrixOrder('ordinary', '2026-11-23') });
  const reference = receipt.reference;
  const caseId = (await stores.cases.findIdByReference(reference))!;
  const view = (await stores.cases.find(caseId))!;
  const caseworker = person(config.caseworkers.find((c) => c.id === view.routing.caseworkerId)!.email);
  const orderer = ordererPrincipalOf(view, view.order.orderer.email);
  // No files in these tests: the attachment ports are never reached.
  const messages = caseMessages({ ...deps, storage: {} as MessageDeps['storage'], fileTypes: {} as MessageDeps['fileTypes'] });
  const portal = portalCases(deps);
  const chase = chaseConfirmations({ ...stores, ids: deps.ids, config, publicBaseUrl: deps.publicBaseUrl });
  const mails = (kind?: string) =>
    [...stores.outbox.notifications.values()].map(({ message: m }) => ({ kind: m.kind, to: m.to, subject: m.mail.subject, text: m.mail.text })).filter((m) => !kind || m.kind === kind);
  const at = (when: Date) => {
    now = when;
    return when;
  };
  return { stores, portal, messages, chase, reference, caseId, caseworker, orderer, mails, at };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error) => (error instanceof DomainError ? { status: error.status, fields: error.issues?.map((i) => i.path) } : Promise.reject(error)),
  );

describe('Begär komplettering', () => {
  it('needs Vad saknas: refused without it, naming the field, and nothing is stored or sent', async () => {
    const { portal, reference, caseworker, stores, caseId, mails } = await setup();
    const before = mails().length;
    expect(await failure(portal.requestCompletion(caseworker, reference, {}))).toEqual({ status: 400, fields: ['missing'] });
    expect(await failure(portal.requestCompletion(caseworker, reference, { missing: '   ' }))).toEqual({ status: 400, fields: ['missing'] });
    expect((await stores.cases.find(caseId))!.completion).toBeUndefined();
    expect((await stores.messages.thread(caseId)).messages).toEqual([]);
    expect(mails().length).toBe(before);
  });

  it('stands in the conversation, tells the orderer without the text, and the case waits in its own filter', async () => {
    const { portal, messages, reference, caseworker, orderer, mails, stores, caseId } = await setup();
    const page = await portal.requestCompletion(caseworker, reference, { missing: 'Biståndsbeslutet saknas som bilaga.' });
    expect(page.phase).toBe('awaiting_completion');
    expect(page.completion).toMatchObject({ requestedBy: caseworker.name, waiting: true, remindAt: '2026-11-30T06:00:00.000Z' });
    expect(page.actions.requestCompletion).toBe(false);
    expect(page.timeline!.map((e) => e.text)).toContainEqual(expect.stringContaining('begärde komplettering'));

    const thread = await messages.thread(orderer, reference);
    expect(thread.messages.map((m) => m.text)).toEqual(['Begäran om komplettering\n\nBiståndsbeslutet saknas som bilaga.']);
    expect(thread.messages[0].sender.name).toBe(caseworker.name);
    const [notice] = mails('completion_requested');
    expect(notice.to).toBe('anna.berglund@katrineholm.example');
    expect(notice.subject).toBe(`Komplettering behövs – ärende ${reference}`);
    expect(notice.text).toContain(`/arende/${reference}`);
    expect(notice.text).not.toContain('Biståndsbeslutet');
    expect(notice.text).not.toMatch(/Elsa|Andersson|19\d{6}-?\d{4}|Storgatan/);

    const inbox = await portal.inbox(caseworker, 'awaiting_completion');
    expect(inbox.rows.map((r) => r.reference)).toEqual([reference]);
    expect(inbox.counts.awaiting_completion).toBe(1);
    expect(inbox.rows[0].phase).toBe('awaiting_completion');
    // The provider's list is about its assignment, not about the orderer's completion.
    expect((await portal.inbox(SARA, 'all')).rows.find((r) => r.reference === reference)!.phase).not.toBe('awaiting_completion');
    expect(ordererCase(config, (await stores.cases.find(caseId))!, 'x', new Date(RECEIVED)).status).toMatch(/^Väntar på komplettering/);
    // One request at a time.
    expect(await failure(portal.requestCompletion(caseworker, reference, { missing: 'Och en sak till.' }))).toMatchObject({ status: 409 });
  });

  it('is answered by the orderer in the conversation: the case runs again, the caseworker told once, the paused days left out', async () => {
    const { portal, messages, reference, caseworker, orderer, mails, at } = await setup();
    at(later(DAY));
    await portal.requestCompletion(caseworker, reference, { missing: 'Biståndsbeslutet saknas.' });
    at(later(4 * DAY));
    const waiting = await portal.read(caseworker, reference);
    expect(waiting.handlingTime).toEqual({ days: 1, paused: true });

    await messages.send(orderer, reference, { channel: 'conversation', text: 'Här kommer beslutet.' });
    const page = await portal.read(caseworker, reference);
    expect(page.phase).not.toBe('awaiting_completion');
    expect(page.completion).toMatchObject({ waiting: false, answeredAt: later(4 * DAY).toISOString() });
    expect(page.actions.requestCompletion).toBe(true);
    expect(page.timeline!.map((e) => e.text)).toContainEqual('Beställaren svarade på begäran om komplettering – handläggningen fortsätter');
    expect(mails('completion_answered').map((m) => m.to)).toEqual([caseworker.email]);
    // The answer's mail is the caseworker's notice: no second one for the same message.
    expect(mails('new_message').filter((m) => m.to === caseworker.email)).toEqual([]);
    expect((await portal.inbox(caseworker, 'awaiting_completion')).rows).toEqual([]);

    // Three days waited are not handling time: 1 day before, 2 days after.
    at(later(6 * DAY));
    expect((await portal.read(caseworker, reference)).handlingTime).toEqual({ days: 3, paused: false });
    // A later message of theirs is an ordinary message.
    await messages.send(orderer, reference, { channel: 'conversation', text: 'En fråga till.' });
    expect(mails('completion_answered')).toHaveLength(1);
    expect((await messages.thread(caseworker, reference)).messages.map((m) => m.text)).toEqual([
      'Begäran om komplettering\n\nBiståndsbeslutet saknas.',
      'Här kommer beslutet.',
      'En fråga till.',
    ]);
  });

  it('unanswered after the profile’s working days, reminds the orderer once, also when the chaser runs concurrently', async () => {
    const { portal, chase, reference, caseworker, mails, at } = await setup();
    await portal.requestCompletion(caseworker, reference, { missing: 'Biståndsbeslutet saknas.' });
    // Monday 10:00 + 5 working days: Monday 30 November at 07:00.
    expect(await chase(at(new Date('2026-11-30T06:59:00+01:00')))).toMatchObject({ completionReminded: 0 });
    const runs = await Promise.all([chase(at(new Date('2026-11-30T07:00:00+01:00'))), chase(at(new Date('2026-11-30T07:00:00+01:00')))]);
    expect(runs.reduce((sum, r) => sum + r.completionReminded, 0)).toBe(1);
    expect(await chase(at(new Date('2026-12-10T07:00:00+01:00')))).toMatchObject({ completionReminded: 0 });
    const reminders = mails('completion_reminder');
    expect(reminders.map((m) => m.to)).toEqual(['anna.berglund@katrineholm.example']);
    expect(reminders[0].subject).toBe(`Påminnelse: komplettering behövs – ärende ${reference}`);
    expect(reminders[0].text).not.toContain('Biståndsbeslutet');
    const page = await portal.read(caseworker, reference);
    expect(page.completion).toMatchObject({ waiting: true, remindedAt: '2026-11-30T06:00:00.000Z' });
    expect(page.timeline!.map((e) => e.text)).toContainEqual('Påminnelse till beställaren: kompletteringen har inte kommit');
  });

  it('answered before its day, is never reminded', async () => {
    const { portal, messages, chase, reference, caseworker, orderer, mails, at } = await setup();
    await portal.requestCompletion(caseworker, reference, { missing: 'Biståndsbeslutet saknas.' });
    at(later(DAY));
    await messages.send(orderer, reference, { channel: 'conversation', text: 'Bifogat.' });
    expect(await chase(at(new Date('2026-12-01T07:00:00+01:00')))).toMatchObject({ completionReminded: 0 });
    expect(mails('completion_reminder')).toEqual([]);
  });
});
