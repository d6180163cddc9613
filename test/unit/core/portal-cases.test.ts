import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { principalFor } from '../../../functions/core/access/principals';
import { portalCases } from '../../../functions/core/cases/portal-cases';
import { submitOrder } from '../../../functions/core/intake/submit-order';
import { DomainError } from '../../../functions/core/kernel/errors';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import { matrixOrder } from '../../support/access-matrix';
import { inMemoryStores } from '../../support/in-memory-stores';
import { testVault } from '../../support/wiring';

/**
 * The portal's actions as the people using them notice them: what a confirmation, a decline, a
 * reassignment, a release and a registration change on the case, and who is told.
 */
const config = parseMunicipalityConfig(demo);
const NOW = new Date('2026-11-23T10:00:00+01:00');
const person = (email: string) => principalFor(config, email)!;
const SARA = person('sara.lind@duvbo-omsorg.example');
const KARIN = person('karin.wik@sundbyberg.example');
const MARIA = person('maria.ek@sundbyberg.example');
const IVAR = person('ivar.dahl@sundbyberg.example');

async function setup(kind: 'ordinary' | 'protectedHeld' = 'ordinary') {
  const stores = inMemoryStores();
  let n = 0;
  const deps = { ...stores, vault: testVault(), clock: { now: () => NOW }, ids: { next: () => `ID${String(++n).padStart(6, '0')}` }, config, publicBaseUrl: 'https://vistelse.example' };
  const { receipt } = await submitOrder(deps)({ body: matrixOrder(kind, '2026-11-23') });
  const caseId = (await stores.cases.findIdByReference(receipt.reference))!;
  const view = (await stores.cases.find(caseId))!;
  const caseworkerId = view.routing.caseworkerId!;
  const caseworker = person(config.caseworkers.find((c) => c.id === caseworkerId)!.email);
  const mailsSince = (before: number) =>
    [...stores.outbox.notifications.values()].slice(before).map(({ message: m, status }) => ({ kind: m.kind, to: m.to, held: status === 'held', subject: m.mail.subject, text: m.mail.text }));
  return { stores, portal: portalCases(deps), reference: receipt.reference, caseId, stay: view.order.stay, caseworker, caseworkerId, mailsSince };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error) => (error instanceof DomainError ? { status: error.status, fields: error.issues?.map((i) => i.path) } : Promise.reject(error)),
  );

describe('Bekräfta uppdraget', () => {
  it('confirms with a start date and the provider’s contact, and tells the orderer and the caseworker without personal data', async () => {
    const { portal, reference, stay, caseworker, mailsSince, stores } = await setup();
    const before = stores.outbox.messages.length;
    const page = await portal.confirm(SARA, reference, 'hemtjanst', { startDate: stay.from, contactName: 'Sara Lind', contactPhone: '08-123 456 78' });
    const assignment = page.assignments.find((a) => a.insatsType === 'hemtjanst')!;
    expect(assignment.status).toBe('confirmed');
    expect(assignment.confirmation).toMatchObject({ startDate: stay.from, contactName: 'Sara Lind', contactPhone: '08-123 456 78' });
    expect(assignment.actions).toEqual({ release: false, confirm: false, decline: false, recordStart: true, confirmChange: false });
    const mails = mailsSince(before);
    expect(mails.map((m) => [m.kind, m.to])).toEqual([
      ['assignment_confirmed', 'anna.berglund@katrineholm.example'],
      ['assignment_confirmed', caseworker.email],
    ]);
    for (const mail of mails) expect(mail.text).not.toMatch(/Elsa|Andersson|19\d{6}-?\d{4}|Storgatan/);
    // The caseworker's page shows it too.
    const theirs = await portal.read(caseworker, reference);
    expect(theirs.assignments.find((a) => a.insatsType === 'hemtjanst')!.confirmation?.startDate).toBe(stay.from);
    expect(theirs.timeline!.some((e) => e.text.includes('bekräftade'))).toBe(true);
  });

  it('names the start date outside the stay, and changes nothing', async () => {
    const { portal, reference, stay, mailsSince, stores } = await setup();
    const before = stores.outbox.messages.length;
    expect(await failure(portal.confirm(SARA, reference, 'hemtjanst', { startDate: '2020-01-01', contactName: 'Sara Lind', contactPhone: '08-123 456 78' }))).toEqual({ status: 400, fields: ['startDate'] });
    expect(await failure(portal.confirm(SARA, reference, 'hemtjanst', { startDate: stay.from, contactName: '', contactPhone: 'ring mig' }))).toEqual({ status: 400, fields: ['contactName', 'contactPhone'] });
    expect(mailsSince(before)).toEqual([]);
    expect((await portal.read(SARA, reference)).assignments[0].status).toBe('sent');
  });

  it('confirms once: a second confirmation or a decline afterwards is a conflict', async () => {
    const { portal, reference, stay } = await setup();
    const body = { startDate: stay.from, contactName: 'Sara Lind', contactPhone: '08-123 456 78' };
    await portal.confirm(SARA, reference, 'hemtjanst', body);
    expect(await failure(portal.confirm(SARA, reference, 'hemtjanst', body))).toMatchObject({ status: 409 });
    expect(await failure(portal.decline(SARA, reference, 'hemtjanst', { reason: 'Fel' }))).toMatchObject({ status: 409 });
  });
});

describe('Avböj uppdraget', () => {
  it('moves the assignment to the next provider in the non-choice rotation, records the turn, and tells the caseworker and the new provider', async () => {
    const { portal, reference, caseId, caseworker, mailsSince, stores } = await setup();
    const before = stores.outbox.messages.length;
    const turnsBefore = stores.routing.turns.size;
    expect(await portal.decline(SARA, reference, 'hemtjanst', { reason: '  Ingen personal ledig de veckorna ' })).toEqual({ declined: true });

    // Duvbo no longer sees it; Hemtjänst Sundbyberg (the rotation's next eligible) does.
    expect(await failure(portal.read(SARA, reference))).toMatchObject({ status: 404 });
    const page = await portal.read(caseworker, reference);
    const assignment = page.assignments.find((a) => a.insatsType === 'hemtjanst')!;
    expect(assignment).toMatchObject({ providerId: 'hemtjanst-sundbyberg', status: 'sent' });
    expect(assignment.reason).toMatch(/Duvbo Omsorg AB avböjde → ickevalsalternativet, tur \d+ → Hemtjänst Sundbyberg/);
    expect(assignment.declines).toEqual([expect.objectContaining({ providerName: 'Duvbo Omsorg AB', reason: 'Ingen personal ledig de veckorna' })]);
    expect(stores.routing.turns.size).toBe(turnsBefore + 1);
    expect([...stores.routing.turns.values()].at(-1)).toMatchObject({ caseId, providerId: 'hemtjanst-sundbyberg' });
    // The load moved with it.
    expect(stores.routing.providers['duvbo-omsorg']?.clients ?? 0).toBe(0);

    const mails = mailsSince(before);
    expect(mails.map((m) => [m.kind, m.to, m.held])).toEqual([
      ['assignment_declined', caseworker.email, false],
      ['new_assignment', 'hemtjanst@sundbyberg.example', false],
    ]);
    expect(mails[0].text).toContain('Uppdraget har gått vidare till Hemtjänst Sundbyberg (egen regi)');
    expect(mails[0].text).not.toContain('Ingen personal ledig');
    expect((await portal.read(KARIN, reference)).assignments[0].actions).toEqual({ release: false, confirm: true, decline: true, recordStart: false, confirmChange: false });
  });

  it('leaves the assignment waiting for the caseworker when no other provider can take it', async () => {
    const { portal, reference, caseworker, mailsSince, stores } = await setup();
    await portal.decline(SARA, reference, 'hemtjanst', { reason: 'Fullt' });
    const before = stores.outbox.messages.length;
    await portal.decline(KARIN, reference, 'hemtjanst', { reason: 'Fullt här med' });
    const assignment = (await portal.read(caseworker, reference)).assignments.find((a) => a.insatsType === 'hemtjanst')!;
    expect(assignment.status).toBe('needs_provider');
    expect(assignment.declines?.map((d) => d.providerName)).toEqual(['Duvbo Omsorg AB', 'Hemtjänst Sundbyberg (egen regi)']);
    expect(mailsSince(before).map((m) => [m.kind, m.to])).toEqual([['assignment_declined', caseworker.email]]);
  });

  it('holds the next provider’s assignment again for a protected identity, until its unit head is told', async () => {
    const { portal, reference, caseworker, mailsSince, stores } = await setup('protectedHeld');
    await portal.release(caseworker, reference, 'hemtjanst', { unitHeadName: 'Sara Enhetschef', toldAt: new Date(NOW.getTime() - 60_000).toISOString() });
    const before = stores.outbox.messages.length;
    await portal.decline(SARA, reference, 'hemtjanst', { reason: 'Fullt' });
    expect(mailsSince(before).map((m) => [m.kind, m.to, m.held])).toEqual([
      ['assignment_declined', caseworker.email, false],
      ['new_assignment', 'hemtjanst@sundbyberg.example', true],
    ]);
    expect(await failure(portal.read(KARIN, reference))).toMatchObject({ status: 404 });
    expect((await portal.read(caseworker, reference)).assignments.find((a) => a.insatsType === 'hemtjanst')!.status).toBe('held');
  });

  it('asks for the reason by name', async () => {
    const { portal, reference } = await setup();
    expect(await failure(portal.decline(SARA, reference, 'hemtjanst', { reason: '   ' }))).toEqual({ status: 400, fields: ['reason'] });
  });
});

describe('Enhetschefen är informerad', () => {
  it('records who was told and when, and sends the held assignment’s mail', async () => {
    const { portal, reference, caseworker, stores, mailsSince } = await setup('protectedHeld');
    const held = mailsSince(0).filter((m) => m.kind === 'new_assignment' && m.held);
    expect(held.map((m) => m.to).sort()).toEqual(['larm@sundbyberg.example', 'order@duvbo-omsorg.example']);
    const toldAt = new Date(NOW.getTime() - 3_600_000).toISOString();
    const page = await portal.release(caseworker, reference, 'hemtjanst', { unitHeadName: 'Sara Enhetschef', toldAt });
    expect(page.assignments.find((a) => a.insatsType === 'hemtjanst')!.status).toBe('sent');
    expect(page.assignments.find((a) => a.insatsType === 'trygghetslarm')!.status).toBe('held');
    expect(page.timeline!.some((e) => e.text.includes('Sara Enhetschef'))).toBe(true);
    const statuses = stores.outbox.ofCase((await stores.cases.findIdByReference(reference))!);
    expect(statuses.find((s) => s.to === 'order@duvbo-omsorg.example')!.status).not.toBe('held');
    expect(statuses.find((s) => s.to === 'larm@sundbyberg.example')!.status).toBe('held');
    expect((await portal.read(SARA, reference)).protectedIdentity).toBe(true);
  });

  it('refuses a time in the future, naming the field', async () => {
    const { portal, reference, caseworker } = await setup('protectedHeld');
    expect(await failure(portal.release(caseworker, reference, 'hemtjanst', { unitHeadName: 'Sara', toldAt: new Date(NOW.getTime() + 3_600_000).toISOString() }))).toEqual({ status: 400, fields: ['toldAt'] });
  });
});

describe('reassigning a case', () => {
  it('gives the case to another active caseworker of the unit, who is told; loads follow', async () => {
    const { portal, reference, caseworkerId, mailsSince, stores } = await setup();
    const other = config.caseworkers.find((c) => c.unitId === 'aldreomsorg' && c.active && c.id !== caseworkerId)!;
    const before = stores.outbox.messages.length;
    const page = await portal.reassign(MARIA, reference, { caseworkerId: other.id });
    expect(page.routing?.handler).toContain(other.name);
    expect(mailsSince(before).map((m) => [m.kind, m.to])).toEqual([['case_reassigned', other.email]]);
    expect(stores.routing.caseworkers[other.id].openCases).toBe(1);
    expect(stores.routing.caseworkers[caseworkerId].openCases).toBe(0);
    expect(await failure(portal.reassign(MARIA, reference, { caseworkerId: other.id }))).toMatchObject({ status: 409 });
  });

  it('refuses an inactive caseworker or one of another unit, naming the field', async () => {
    const { portal, reference } = await setup();
    expect(await failure(portal.reassign(MARIA, reference, { caseworkerId: 'gun-akesson' }))).toEqual({ status: 400, fields: ['caseworkerId'] });
    expect(await failure(portal.reassign(MARIA, reference, { caseworkerId: 'david-oberg' }))).toEqual({ status: 400, fields: ['caseworkerId'] });
  });
});

describe('registrerad i verksamhetssystemet', () => {
  it('is marked once by the system administrator', async () => {
    const { portal, reference, caseworker } = await setup();
    expect((await portal.read(IVAR, reference)).actions.markRegistered).toBe(true);
    const page = await portal.markRegistered(IVAR, reference);
    expect(page.registered?.by).toBe(IVAR.email);
    expect(page.actions.markRegistered).toBe(false);
    expect(await failure(portal.markRegistered(IVAR, reference))).toMatchObject({ status: 409 });
    expect(await failure(portal.markRegistered(caseworker, reference))).toMatchObject({ status: 403 });
  });

  it('for a protected identity is the caseworker’s task, mailed to them, and the system administrator never sees the case', async () => {
    const { portal, reference, caseworker, stores } = await setup('protectedHeld');
    const register = stores.outbox.messages.filter((m) => m.kind === 'register_case');
    expect(register.map((m) => [m.recipient, m.to])).toEqual([['caseworker', caseworker.email]]);
    expect(register[0].mail.text).toContain('skyddade personuppgifter');
    expect(await failure(portal.read(IVAR, reference))).toMatchObject({ status: 404 });
    expect(await failure(portal.markRegistered(IVAR, reference))).toMatchObject({ status: 404 });
    expect((await portal.read(caseworker, reference)).actions.markRegistered).toBe(true);
    expect((await portal.markRegistered(caseworker, reference)).registered?.by).toBe(caseworker.email);
  });
});
