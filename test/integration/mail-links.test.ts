import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demo from '../../config/municipality.demo.json';
import { parseMunicipalityConfig } from '../../shared/municipality';
import type { LocalStack } from '../../infra/local/stack';
import { actorEmailsFor, matrixOrder } from '../support/access-matrix';
import { receivedMails, startLocalStack, waitForMails, type ReceivedMail } from '../support/local-stack';
import { openAsOrderer } from '../support/orderer';
import { loginAs, type PortalClient } from '../support/portal';
import { realAdapters } from '../support/wiring';

/**
 * Every link in every mail the system sends to staff leads through login straight back to the
 * page it named, and that page opens for the person who got the mail; every link to the orderer
 * leads to the case's page for the orderer, which a one-time code mailed to them opens. The mails come from a real
 * run: orders routed, a held assignment released, an assignment confirmed, one declined (the next
 * provider in the rotation is mailed), a case reassigned, the chaser's reminder and escalation.
 */
const config = parseMunicipalityConfig(demo);
const HOUR = 3_600_000;
let stack: LocalStack;
const sessions = new Map<string, PortalClient>();
const as = async (email: string) => {
  if (!sessions.has(email)) sessions.set(email, await loginAs(stack, email));
  return sessions.get(email)!;
};

beforeAll(async () => {
  stack = await startLocalStack();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

async function submit(kind: 'ordinary' | 'protectedHeld') {
  const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(matrixOrder(kind)) });
  expect(res.status).toBe(201);
  const { reference } = (await res.json()) as { reference: string };
  const adapters = realAdapters(stack);
  const view = (await adapters.stores.cases.find((await adapters.stores.cases.findIdByReference(reference))!))!;
  return { reference, from: view.order.stay.from, caseworkerId: view.routing.caseworkerId!, base: `/portal/cases/${encodeURIComponent(reference)}` };
}

/** Who reads what arrives at an address: a shared mailbox is read by the people of its role. */
function readerOf(address: string): string | undefined {
  const { mailboxes, officials } = config;
  if (address === mailboxes.economy) return officials.economyAssistants[0].email;
  if (address === mailboxes.fees) return officials.feeAdministrators[0].email;
  if (address === mailboxes.systemAdmin) return officials.systemAdministrators[0].email;
  const provider = config.providers.find((p) => p.email === address);
  if (provider) return provider.staff[0].email;
  const staff = [
    ...config.caseworkers.filter((c) => c.active),
    ...config.units.map((u) => u.head),
    ...config.providers.flatMap((p) => p.staff),
    ...officials.economyAssistants,
    ...officials.feeAdministrators,
    ...officials.systemAdministrators,
  ];
  return staff.find((s) => s.email === address)?.email;
}

const linksIn = (mail: ReceivedMail) => [...(mail.body.text ?? '').matchAll(/https?:\/\/\S+/g)].map((m) => new URL(m[0]));

describe('mail links', () => {
  it('lead every member of staff through login back to the page the mail named, which opens for them', async () => {
    const confirmed = await submit('ordinary');
    const declined = await submit('ordinary');
    await submit('ordinary'); // left unconfirmed: the chaser's reminder and escalation
    const held = await submit('protectedHeld');

    const provider = await as('sara.lind@duvbo-omsorg.example');
    expect((await provider.post(`${confirmed.base}/assignments/hemtjanst/confirm`, { startDate: confirmed.from, contactName: 'Sara Lind', contactPhone: '08-123 456 78' })).status).toBe(200);
    expect((await provider.post(`${declined.base}/assignments/hemtjanst/decline`, { reason: 'Ingen personal ledig de veckorna' })).status).toBe(200);
    const heldCaseworker = await as(actorEmailsFor('protectedHeld', held.caseworkerId).assigned);
    expect((await heldCaseworker.post(`${held.base}/assignments/hemtjanst/release`, { unitHeadName: 'Sara Enhetschef', toldAt: new Date(Date.now() - 60_000).toISOString() })).status).toBe(200);
    const colleague = config.caseworkers.find((c) => c.unitId === 'aldreomsorg' && c.active && c.districtIds.includes('centrala') && c.id !== confirmed.caseworkerId)!;
    expect((await (await as('maria.ek@sundbyberg.example')).post(`${confirmed.base}/reassign`, { caseworkerId: colleague.id })).status).toBe(200);
    await stack.runScheduled('ChaseConfirmations', new Date(Date.now() + 25 * HOUR));
    await stack.runScheduled('ChaseConfirmations', new Date(Date.now() + 49 * HOUR));

    const expected = [
      'Nytt ärende',
      'Nytt uppdrag',
      'Underlag för fakturering',
      'Registrera ärende',
      'Handläggare för ärende',
      'Uppdraget är bekräftat',
      'Uppdraget avböjdes',
      'har fördelats till dig',
      'Påminnelse: bekräfta uppdraget',
      'Uppdraget är inte bekräftat',
    ];
    await waitForMails(stack.mailUrl, (mails) => expected.every((s) => mails.some((m) => m.subject.includes(s))), 30_000);
    // Let the dispatcher finish what the last steps queued.
    let mails = await receivedMails(stack.mailUrl);
    for (let settled = 0; settled < 5; ) {
      await new Promise((r) => setTimeout(r, 200));
      const now = await receivedMails(stack.mailUrl);
      settled = now.length === mails.length ? settled + 1 : 0;
      mails = now;
    }

    const checked = new Set<string>();
    const subjectsChecked = new Set<string>();
    const toOrderer: string[] = [];
    const ordererChecked = new Set<string>();
    for (const mail of mails) {
      const links = linksIn(mail);
      expect(links.length, mail.subject).toBeGreaterThan(0);
      for (const link of links) {
        expect(link.origin).toBe(new URL(stack.baseUrl).origin);
        for (const address of mail.destination.to) {
          const reader = readerOf(address);
          if (!reader) {
            // The orderer, in another municipality, has no account with us: the link is the case's
            // page for the orderer, which a one-time code to this very address opens.
            expect(address, mail.subject).toBe('anna.berglund@katrineholm.example');
            if (mail.subject.startsWith('Engångskod')) continue;
            expect(link.pathname, mail.subject).toMatch(/^\/arende\/TV-\d{4}-\d{5}$/);
            toOrderer.push(mail.subject);
            const reference = decodeURIComponent(link.pathname.split('/').pop()!);
            if (!ordererChecked.has(reference)) {
              ordererChecked.add(reference);
              const orderer = await openAsOrderer(stack, reference);
              expect((await orderer.get(`/orderer/cases/${encodeURIComponent(reference)}`)).status, mail.subject).toBe(200);
            }
            continue;
          }
          const page = link.pathname;
          expect(page, `${mail.subject} → ${address}`).toMatch(/^\/portal\/(arenden|uppdrag)\/TV-\d{4}-\d{5}$/);
          subjectsChecked.add(mail.subject);
          if (checked.has(`${reader} ${page}`)) continue;
          checked.add(`${reader} ${page}`);
          const session = await loginAs(stack, reader, 'demo', page);
          expect(session.landedOn, `${reader} following “${mail.subject}”`).toBe(page);
          const reference = decodeURIComponent(page.split('/').pop()!);
          const opened = await session.get(`/portal/cases/${encodeURIComponent(reference)}`);
          // A provider that declined no longer has the assignment: its old mail's page answers as for
          // anything it may not see.
          const gone = reference === declined.reference && reader === 'sara.lind@duvbo-omsorg.example';
          expect(opened.status, `${reader} opening ${page} from “${mail.subject}”`).toBe(gone ? 404 : 200);
        }
      }
    }
    for (const subject of expected.filter((s) => s !== 'Handläggare för ärende')) {
      expect([...subjectsChecked].some((s) => s.includes(subject)), subject).toBe(true);
    }
    expect(toOrderer.some((s) => s.startsWith('Handläggare för ärende'))).toBe(true);
    expect(toOrderer.some((s) => s.startsWith('Uppdraget är bekräftat'))).toBe(true);
    expect(toOrderer.some((s) => s.startsWith('Beställningen är mottagen'))).toBe(true);
    expect(checked.size).toBeGreaterThanOrEqual(10);
  }, 180_000);
});
