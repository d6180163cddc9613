import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { principalFor } from '../../../functions/core/access/principals';
import { portalCases } from '../../../functions/core/cases/portal-cases';
import { extraVisits } from '../../../functions/core/extras/extra-visits';
import { chaseExtraVisits, isoWeek } from '../../../functions/core/extras/chase-extra-visits';
import { submitOrder } from '../../../functions/core/intake/submit-order';
import { invoicing } from '../../../functions/core/invoicing/invoicing';
import { DomainError } from '../../../functions/core/kernel/errors';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import { matrixOrder } from '../../support/access-matrix';
import { inMemoryStores } from '../../support/in-memory-stores';
import { testVault } from '../../support/wiring';

/**
 * Extra visits (issue 18, points 1–2; seed 004): **Registrera extrabesök** by the provider (late after
 * the first working day of the month after), the caseworker's **Extrabesök att granska** oldest first
 * with its age, **Godkänn** (billed on its own line), **Avslå** (kept with its reason) and **Fråga**
 * (the provider answers; the caseworker is told).
 */
const config = parseMunicipalityConfig(demo);
const person = (email: string) => principalFor(config, email)!;
const SARA = person('sara.lind@duvbo-omsorg.example');
const OLA = person('ola.persson@sundbyberg.example');
const EVA = person('eva.lundgren@sundbyberg.example');

async function setup() {
  const stores = inMemoryStores();
  let n = 0;
  let now = new Date('2026-11-23T10:00:00+01:00');
  const deps = { ...stores, vault: testVault(), clock: { now: () => now }, ids: { next: () => `ID${String(++n).padStart(6, '0')}` }, config, publicBaseUrl: 'https://vistelse.example' };
  const order = matrixOrder('ordinary', '2026-11-23');
  order.stay.from = '2026-11-23';
  order.stay.to = '2027-01-31';
  const { receipt } = await submitOrder(deps)({ body: order });
  const reference = receipt.reference;
  const caseId = (await stores.cases.findIdByReference(reference))!;
  const view = (await stores.cases.find(caseId))!;
  const caseworker = person(config.caseworkers.find((c) => c.id === view.routing.caseworkerId)!.email);
  const colleague = person(config.caseworkers.find((c) => c.unitId === view.routing.unitId && c.id !== view.routing.caseworkerId && c.active)!.email);
  const portal = portalCases(deps);
  await portal.confirm(SARA, reference, 'hemtjanst', { startDate: '2026-11-23', contactName: 'Sara Lind', contactPhone: '08-123 456 78' });
  const at = (iso: string) => {
    now = new Date(iso);
  };
  const mails = (kind: string) => [...stores.outbox.notifications.values()].map(({ message: m }) => ({ kind: m.kind, to: m.to, subject: m.mail.subject, text: m.mail.text })).filter((m) => m.kind === kind);
  return { stores, extras: extraVisits(deps), billing: invoicing(deps), chase: chaseExtraVisits(deps), reference, caseworker, colleague, at, mails };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error) => (error instanceof DomainError ? { status: error.status, fields: error.issues?.map((i) => i.path) } : Promise.reject(error)),
  );

const visit = (change: Record<string, unknown> = {}) => ({ insatsType: 'hemtjanst', date: '2026-11-25', minutes: 45, reason: 'Fallit i badrummet, hjälp att komma upp', ...change });

describe('Registrera extrabesök', () => {
  it('by the provider of the insats, a day of the stay so far; listed for the provider and the caseworker with its reason; late after the month’s deadline', async () => {
    const { extras, reference, caseworker, at } = await setup();
    at('2026-11-26T09:00:00+01:00');
    const registered = await extras.register(SARA, reference, visit());
    expect(registered.registerFor).toEqual(['hemtjanst']);
    expect(registered.rows).toEqual([expect.objectContaining({ date: '2026-11-25', minutes: 45, reason: 'Fallit i badrummet, hjälp att komma upp', late: false, status: 'open', statusLabel: 'Att granska', actions: { review: false, answer: false } })]);
    expect((await extras.caseList(caseworker, reference)).rows[0]).toMatchObject({ reason: 'Fallit i badrummet, hjälp att komma upp', actions: { review: true, answer: false } });
    // November's deadline is the first working day of December (Tuesday 1 December 2026).
    at('2026-12-01T16:00:00+01:00');
    expect((await extras.register(SARA, reference, visit({ date: '2026-11-30' }))).rows.at(-1)!.late).toBe(false);
    at('2026-12-02T08:00:00+01:00');
    expect((await extras.register(SARA, reference, visit({ date: '2026-11-30' }))).rows.at(-1)!.late).toBe(true);
  });

  it('names the field that is wrong, and is the provider’s of a confirmed insats only', async () => {
    const { extras, reference, caseworker, at } = await setup();
    at('2026-11-26T09:00:00+01:00');
    expect(await failure(extras.register(SARA, reference, visit({ date: '2026-11-27' })))).toEqual({ status: 400, fields: ['date'] });
    expect(await failure(extras.register(SARA, reference, visit({ date: '2026-11-22' })))).toEqual({ status: 400, fields: ['date'] });
    expect(await failure(extras.register(SARA, reference, visit({ minutes: 0 })))).toEqual({ status: 400, fields: ['minutes'] });
    expect(await failure(extras.register(SARA, reference, visit({ reason: ' ' })))).toEqual({ status: 400, fields: ['reason'] });
    expect(await failure(extras.register(SARA, reference, visit({ insatsType: 'trygghetslarm' })))).toEqual({ status: 400, fields: ['insatsType'] });
    // The alarm's provider has not confirmed: nothing to register on yet.
    expect(await failure(extras.register(OLA, reference, visit({ insatsType: 'trygghetslarm' })))).toMatchObject({ status: 409 });
    expect(await failure(extras.register(caseworker, reference, visit()))).toMatchObject({ status: 403 });
    expect(await failure(extras.register(person('karin.wik@sundbyberg.example'), reference, visit()))).toMatchObject({ status: 404 });
  });
});

describe('Extrabesök att granska', () => {
  it('lists every undecided extra visit oldest first with its age; Godkänn bills it, Avslå keeps it with its reason, Fråga waits for the answer', async () => {
    const { extras, billing, reference, caseworker, colleague, at, mails } = await setup();
    at('2026-11-24T09:00:00+01:00');
    await extras.register(SARA, reference, visit({ date: '2026-11-24', minutes: 30, reason: 'Första' }));
    at('2026-11-26T09:00:00+01:00');
    await extras.register(SARA, reference, visit({ date: '2026-11-26', minutes: 90, reason: 'Andra' }));
    await extras.register(SARA, reference, visit({ date: '2026-11-26', minutes: 20, reason: 'Tredje' }));
    at('2026-12-03T09:00:00+01:00');
    const list = await extras.reviewList(caseworker);
    expect(list.rows.map((r) => [r.reason, r.ageDays])).toEqual([
      ['Första', 9],
      ['Andra', 7],
      ['Tredje', 7],
    ]);
    const [first, second, third] = list.rows;
    // A colleague who does not have the case does not review it.
    expect((await extras.reviewList(colleague)).rows).toEqual([]);
    expect(await failure(extras.review(colleague, reference, first.id, { decision: 'approve' }))).toMatchObject({ status: 403 });
    expect(await failure(extras.review(caseworker, reference, second.id, { decision: 'reject' }))).toEqual({ status: 400, fields: ['comment'] });
    expect(await failure(extras.review(caseworker, reference, third.id, { decision: 'question', comment: '' }))).toEqual({ status: 400, fields: ['comment'] });

    await extras.review(caseworker, reference, first.id, { decision: 'approve' });
    await extras.review(caseworker, reference, second.id, { decision: 'reject', comment: 'Ingår i ordinarie besök.' });
    await extras.review(caseworker, reference, third.id, { decision: 'question', comment: 'Vad hände vid besöket?' });
    expect(await failure(extras.review(caseworker, reference, first.id, { decision: 'reject', comment: 'igen' }))).toMatchObject({ status: 409 });
    const after = await extras.reviewList(caseworker);
    expect(after.rows.map((r) => [r.reason, r.status])).toEqual([['Tredje', 'questioned']]);

    // The provider sees the question and answers it; the caseworker is told; it is to be reviewed again.
    const theirs = await extras.caseList(SARA, reference);
    const questioned = theirs.rows.find((r) => r.id === third.id)!;
    expect(questioned).toMatchObject({ question: { text: 'Vad hände vid besöket?', answerDueOn: '2026-12-10' }, actions: { answer: true } });
    expect(theirs.rows.find((r) => r.id === second.id)).toMatchObject({ status: 'rejected', decision: { comment: 'Ingår i ordinarie besök.' } });
    expect(mails('extra_visit_question').map((m) => m.to)).toEqual(['order@duvbo-omsorg.example']);
    expect(await failure(extras.answer(SARA, reference, third.id, { answer: '' }))).toEqual({ status: 400, fields: ['answer'] });
    await extras.answer(SARA, reference, third.id, { answer: 'Personen behövde hjälp med medicinen.' });
    expect(mails('extra_visit_answered').map((m) => m.to)).toEqual([caseworker.email]);
    for (const m of [...mails('extra_visit_question'), ...mails('extra_visit_answered')]) {
      expect(m.text).toContain(reference);
      expect(m.text).not.toMatch(/Vad hände|medicinen|Lindqvist|19\d{6}/);
    }
    expect((await extras.reviewList(caseworker)).rows).toEqual([expect.objectContaining({ id: third.id, status: 'open', question: expect.objectContaining({ answer: 'Personen behövde hjälp med medicinen.' }) })]);

    // Only the approved one is billed: 30 minutes at the home municipality's 495 kr an hour.
    const november = await billing.basis(EVA, '2026-11');
    const lines = november.groups.flatMap((g) => g.lines).filter((l) => l.charge === 'extra_visit');
    expect(lines).toEqual([expect.objectContaining({ caseReference: reference, insatsType: 'hemtjanst', quantity: 30, amountOre: 24_750 })]);
  });
});

describe('Överenskommelse om extrainsats', () => {
  const agreement = (change: Record<string, unknown> = {}) => ({ insatsType: 'hemtjanst', from: '2026-11-24', to: '2026-11-30', note: 'Extra tillsyn på natten efter fallet, enligt samtal med Duvbo', ...change });

  it('the caseworker records it on the case; extras of that insats in those days are marked so, and reviewed like every other', async () => {
    const { extras, reference, caseworker, at, stores } = await setup();
    at('2026-11-24T09:00:00+01:00');
    const recorded = await extras.agree(caseworker, reference, agreement());
    expect(recorded.agreeFor).toContain('hemtjanst');
    expect(recorded.agreements).toEqual([expect.objectContaining({ insatsType: 'hemtjanst', insatsLabel: 'Hemtjänst', from: '2026-11-24', to: '2026-11-30', note: 'Extra tillsyn på natten efter fallet, enligt samtal med Duvbo' })]);
    // The provider reads the agreements of its own insatser, and may not record one.
    expect((await extras.caseList(SARA, reference)).agreements).toHaveLength(1);
    expect((await extras.caseList(SARA, reference)).agreeFor).toEqual([]);
    at('2026-12-01T09:00:00+01:00');
    await extras.register(SARA, reference, visit({ date: '2026-11-25' }));
    const rows = (await extras.register(SARA, reference, visit({ date: '2026-11-23' }))).rows;
    expect(rows.map((r) => [r.date, r.underAgreement])).toEqual([
      ['2026-11-25', true],
      ['2026-11-23', false],
    ]);
    const review = await extras.reviewList(caseworker);
    expect(review.rows.map((r) => r.underAgreement)).toEqual([true, false]);
    const approved = await extras.review(caseworker, reference, review.rows[0]!.id, { decision: 'approve' });
    expect(approved.rows[0]).toMatchObject({ status: 'approved', underAgreement: true });
    // The note is sealed in the store.
    expect(JSON.stringify([...stores.extras.agreements.values()])).not.toContain('tillsyn');
  });

  it('names the field that is wrong; only the case’s caseworker or unit head records one', async () => {
    const { extras, reference, caseworker, colleague, at } = await setup();
    at('2026-11-24T09:00:00+01:00');
    expect(await failure(extras.agree(caseworker, reference, agreement({ note: '' })))).toEqual({ status: 400, fields: ['note'] });
    expect(await failure(extras.agree(caseworker, reference, agreement({ to: '2026-11-20' })))).toEqual({ status: 400, fields: ['to'] });
    expect(await failure(extras.agree(caseworker, reference, agreement({ from: '2026-11-01' })))).toEqual({ status: 400, fields: ['from'] });
    expect(await failure(extras.agree(caseworker, reference, agreement({ insatsType: 'matdistribution' })))).toEqual({ status: 400, fields: ['insatsType'] });
    expect(await failure(extras.agree(colleague, reference, agreement()))).toEqual({ status: 403, fields: undefined });
    expect(await failure(extras.agree(SARA, reference, agreement()))).toEqual({ status: 403, fields: undefined });
    expect((await extras.caseList(caseworker, reference)).agreements).toEqual([]);
  });
});

describe('chase-extra-visits', () => {
  it('over simulated weeks, run repeatedly and concurrently: the caseworker once a week while visits wait longer than a week; an unanswered question once, to the provider and the caseworker', async () => {
    const { extras, chase, reference, caseworker, at, mails } = await setup();
    expect(isoWeek('2026-12-07')).toBe('2026-W50');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    at('2026-11-24T09:00:00+01:00');
    await extras.register(SARA, reference, visit({ date: '2026-11-24', reason: 'Väntar' }));
    await extras.register(SARA, reference, visit({ date: '2026-11-24', reason: 'Frågas' }));
    const [, asked] = (await extras.reviewList(caseworker)).rows;
    at('2026-11-26T09:00:00+01:00');
    await extras.review(caseworker, reference, asked.id, { decision: 'question', comment: 'Hur länge?' });
    const days = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08'];
    for (const day of days) {
      const now = new Date(`${day}T07:00:00+01:00`);
      at(now.toISOString());
      await Promise.all([chase(now), chase(now), chase(now)]);
    }
    // Older than a week from 2 December: reminded in the week of 30 November (on the 2nd) and in the next week.
    expect(mails('extra_visits_to_review').map((m) => m.to)).toEqual([caseworker.email, caseworker.email]);
    expect(mails('extra_visits_to_review')[0].text).toContain(reference);
    expect(mails('extra_visits_to_review')[0].text).not.toMatch(/Väntar|Frågas|Hur länge/);
    // Asked on 26 November, due 3 December: reminded on the 4th, once.
    expect(mails('extra_visit_question_reminder').map((m) => m.to)).toEqual(['order@duvbo-omsorg.example']);
    expect(mails('extra_visit_question_unanswered').map((m) => m.to)).toEqual([caseworker.email]);
  });
});
