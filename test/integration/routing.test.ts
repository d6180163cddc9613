import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demo from '../../config/municipality.demo.json';
import { ulid } from 'ulid';
import { principalFor } from '../../functions/core/access/principals';
import { portalCases } from '../../functions/core/cases/portal-cases';
import { parseMunicipalityConfig } from '../../shared/municipality';
import type { LocalStack } from '../../infra/local/stack';
import { startLocalStack, waitForMails, type ReceivedMail } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { findPersonnummer } from '../support/personal-data';
import { personnummerFor } from '../support/personnummer';
import { realAdapters } from '../support/wiring';

let stack: LocalStack;
let adapters: ReturnType<typeof realAdapters>;
beforeAll(async () => {
  stack = await startLocalStack();
  adapters = realAdapters(stack);
});
afterAll(async () => {
  await stack?.stop();
});

async function submit(change: (o: any) => void = () => {}) {
  const order: any = exampleOrder();
  change(order);
  const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
  expect(res.status).toBe(201);
  const { reference } = await res.json();
  const caseId = (await adapters.stores.cases.findIdByReference(reference))!;
  return { reference, caseId, order };
}

const mailsFor = (mails: ReceivedMail[], reference: string) => mails.filter((m) => m.subject.includes(reference) || m.body.text?.includes(reference));

describe('routing an order the moment it is stored', () => {
  it('routes to a caseworker by target group and district, each insats to a provider, and tells everyone', async () => {
    const { reference, caseId, order } = await submit();
    const view = (await adapters.stores.cases.find(caseId))!;

    expect(view.routing).toMatchObject({ kind: 'caseworker', unitId: 'aldreomsorg', districtId: 'centrala' });
    expect(['anders-holm', 'britt-sandberg']).toContain(view.routing.caseworkerId);
    expect(view.routing.reason).toMatch(/^Postnummer 172 35 → Centrala Sundbyberg; 86 år vid vistelsens start → äldreomsorg → Äldreomsorgens myndighetsenhet → (Anders Holm|Britt Sandberg), /);

    const byType = Object.fromEntries(view.assignments.map((a) => [a.insatsType, a]));
    expect(byType.hemtjanst).toMatchObject({ status: 'sent', decision: { kind: 'rotation' } });
    expect(['duvbo-omsorg', 'hemtjanst-sundbyberg']).toContain((byType.hemtjanst.decision as any).providerId);
    expect(byType.trygghetslarm).toMatchObject({ status: 'sent', decision: { kind: 'rotation', providerId: 'larmpatrullen' } });

    const caseworkerEmail = demo.caseworkers.find((c) => c.id === view.routing.caseworkerId)!.email;
    const providerEmail = demo.providers.find((p) => p.id === (byType.hemtjanst.decision as any).providerId)!.email;
    const expected: [string, RegExp][] = [
      [order.orderer.email, /^Beställningen är mottagen/],
      [order.orderer.email, /^Handläggare för ärende/],
      [caseworkerEmail, /^Nytt ärende/],
      [providerEmail, /^Nytt uppdrag/],
      ['larm@sundbyberg.example', /^Nytt uppdrag/],
      ['ekonomiassistenter@sundbyberg.example', /^Underlag för fakturering/],
      ['systemadmin@sundbyberg.example', /^Registrera ärende/],
    ];
    const mails = await waitForMails(stack.mailUrl, (all) => mailsFor(all, reference).length >= expected.length);
    const ours = mailsFor(mails, reference);
    expect(ours).toHaveLength(expected.length);
    for (const [to, subject] of expected) {
      expect(ours.some((m) => m.destination.to[0] === to && subject.test(m.subject)), `${to} ${subject}`).toBe(true);
    }
    const handledBy = ours.find((m) => m.subject.startsWith('Handläggare'))!;
    expect(handledBy.body.text).toContain(caseworkerEmail);
    const assignmentMail = ours.find((m) => m.destination.to[0] === providerEmail)!;
    expect(assignmentMail.body.text).toMatch(/inom 24 timmar, senast \d{1,2} \w+ \d{4} kl\. \d{2}:\d{2}/);
    expect(assignmentMail.body.text).toContain(`${stack.baseUrl}/portal/uppdrag/${reference}`);

    await stack.dispatcherIdle();
    const after = (await adapters.stores.cases.find(caseId))!;
    expect(after.notifications.map((n) => n.status)).toEqual(after.notifications.map(() => 'sent'));
    expect(new Set(after.notifications.map((n) => n.recipient))).toEqual(new Set(['orderer', 'caseworker', 'provider', 'economy', 'system_admin']));
  });

  it('routes a young person to the disability unit and boendestöd to social psychiatry', async () => {
    const young = await submit((o) => {
      o.person.personnummer = personnummerFor('1990-03-04');
      o.person.stayAddress.postalCode = '174 50';
    });
    expect((await adapters.stores.cases.find(young.caseId))!.routing).toMatchObject({ caseworkerId: 'elin-stahl', unitId: 'funktionsnedsattning' });
    const boendestod = await submit((o) => {
      o.decision.insatser = [{ type: 'boendestod', description: 'Stöd i vardagen.', scope: { amount: 4, unit: 'hours_per_week' }, rate: { amountSek: 450, per: 'hour' } }];
    });
    const view = (await adapters.stores.cases.find(boendestod.caseId))!;
    expect(view.routing).toMatchObject({ caseworkerId: 'fredrik-nilsson' });
    // No provider in the demo performs boendestöd: the case waits for one and the caseworker is told why.
    expect(view.assignments).toEqual([expect.objectContaining({ insatsType: 'boendestod', status: 'needs_provider' })]);
    const mails = await waitForMails(stack.mailUrl, (all) => all.some((m) => m.subject === `Nytt ärende ${boendestod.reference}`));
    const toCaseworker = mails.find((m) => m.subject === `Nytt ärende ${boendestod.reference}`)!;
    expect(toCaseworker.destination.to).toEqual(['fredrik.nilsson@sundbyberg.example']);
    expect(toCaseworker.body.text).toMatch(/Ingen utförare kunde väljas automatiskt:\n– Boendestöd i Centrala Sundbyberg: ingen utförare kan ta uppdraget/);
  });

  it('sends an address outside every district to the fallback queue, never dropping it', async () => {
    const { caseId, reference } = await submit((o) => (o.person.stayAddress.postalCode = '641 80'));
    const view = (await adapters.stores.cases.find(caseId))!;
    expect(view.routing).toMatchObject({ kind: 'fallback', unitId: 'aldreomsorg' });
    expect(view.assignments.every((a) => a.status === 'needs_provider')).toBe(true);
    const mails = await waitForMails(stack.mailUrl, (all) => all.some((m) => m.subject === `Nytt ärende ${reference}`));
    const queueMail = mails.find((m) => m.subject === `Nytt ärende ${reference}`)!;
    expect(queueMail.destination.to).toEqual(['maria.ek@sundbyberg.example']);
    expect(queueMail.body.text).toMatch(/kunde inte fördelas automatiskt och ligger i er kö/);
  });

  it('gives the chosen provider the insats when it can take it', async () => {
    const { caseId } = await submit((o) => (o.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' }));
    const view = (await adapters.stores.cases.find(caseId))!;
    expect(view.assignments.find((a) => a.insatsType === 'hemtjanst')).toMatchObject({ decision: { kind: 'chosen', providerId: 'duvbo-omsorg' } });
    expect(view.assignments.find((a) => a.insatsType === 'trygghetslarm')).toMatchObject({ decision: { kind: 'rotation', providerId: 'larmpatrullen' } });
  });
});

describe('protected identity (Gotland’s routine)', () => {
  it('routes as usual but holds the assignments until the unit head was told orally, and mails nothing identifying', async () => {
    const { reference, caseId } = await submit((o) => (o.person.protectedIdentity = true));
    const held = (await adapters.stores.cases.find(caseId))!;
    expect(held.protectedIdentity).toBe(true);
    expect(held.assignments.map((a) => a.status)).toEqual(['held', 'held']);
    expect(held.notifications.filter((n) => n.kind === 'new_assignment').map((n) => n.status)).toEqual(['held', 'held']);

    await stack.dispatcherIdle();
    let mails = mailsFor(await waitForMails(stack.mailUrl, (all) => all.some((m) => m.subject === `Nytt ärende ${reference}`)), reference);
    expect(mails.some((m) => m.subject.startsWith('Nytt uppdrag'))).toBe(false);
    const toCaseworker = mails.find((m) => m.subject === `Nytt ärende ${reference}`)!;
    expect(toCaseworker.body.text).toMatch(/skyddade personuppgifter\. De 2 uppdragen till utförare skickas inte förrän du har informerat utförarens enhetschef muntligt/);

    const config = parseMunicipalityConfig(demo);
    const portal = portalCases({ ...adapters.stores, vault: adapters.vault, clock: { now: () => new Date() }, ids: { next: () => ulid() }, config, publicBaseUrl: stack.baseUrl });
    const caseworkerEmail = demo.caseworkers.find((c) => c.id === held.routing.caseworkerId)!.email;
    const caseworker = principalFor(config, caseworkerEmail)!;
    const colleague = principalFor(config, demo.caseworkers.find((c) => c.active && c.unitId === held.routing.unitId && c.email !== caseworkerEmail)!.email)!;
    const told = { unitHeadName: 'Sara Enhetschef', toldAt: new Date().toISOString() };
    // A colleague in the same unit does not see a protected case at all: as if it did not exist.
    await expect(portal.release(colleague, reference, 'hemtjanst', told)).rejects.toMatchObject({ status: 404 });
    for (const insats of ['hemtjanst', 'trygghetslarm'] as const) await portal.release(caseworker, reference, insats, told);
    await expect(portal.release(caseworker, reference, 'hemtjanst', told)).rejects.toMatchObject({ status: 409 });

    mails = mailsFor(await waitForMails(stack.mailUrl, (all) => mailsFor(all, reference).filter((m) => m.subject.startsWith('Nytt uppdrag')).length === 2), reference);
    expect(mails.filter((m) => m.subject.startsWith('Nytt uppdrag')).map((m) => m.destination.to[0])).toContain('larm@sundbyberg.example');
    const released = (await adapters.stores.cases.find(caseId))!;
    expect(released.assignments.map((a) => a.status)).toEqual(['sent', 'sent']);
    expect(released.events).toEqual([
      expect.objectContaining({ type: 'unit_head_told', by: caseworkerEmail, unitHeadName: 'Sara Enhetschef', insatsType: 'hemtjanst' }),
      expect.objectContaining({ type: 'unit_head_told', by: caseworkerEmail, unitHeadName: 'Sara Enhetschef', insatsType: 'trygghetslarm' }),
    ]);
  });
});

describe('every mail routing sent', () => {
  it('carries a reference and a link, never the person’s name, personnummer, address or health text', async () => {
    await stack.dispatcherIdle();
    const mails = await waitForMails(stack.mailUrl, (all) => all.length > 0);
    const order = exampleOrder();
    const secrets = [order.person.firstName, order.person.lastName, order.person.stayAddress.street, order.person.phone!, 'höftfraktur', 'rollator', 'Eva Lindqvist', personnummerFor('1990-03-04')];
    for (const mail of mails) {
      const all = `${mail.subject}\n${mail.body.text}\n${mail.body.html}`;
      for (const s of secrets) expect(all, `"${s}" in "${mail.subject}"`).not.toContain(s);
      expect(findPersonnummer(all)).toEqual([]);
      expect(all).toMatch(/TV-\d{4}-\d{5}/);
      expect(all).toMatch(/https?:\/\//);
    }
  });
});
