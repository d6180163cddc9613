import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack';
import { receivedMails, startLocalStack } from '../support/local-stack';
import { openAsOrderer } from '../support/orderer';
import { loginAs } from '../support/portal';
import { exampleOrder } from '../support/order-fixture';
import { personnummerFor } from '../support/personnummer';
import { scanAll } from '../support/table';
import { addDays, stockholmToday } from '../../shared/dates';
import demo from '../../config/municipality.demo.json';
import { parseMunicipalityConfig } from '../../shared/municipality';

const config = parseMunicipalityConfig(demo);

/**
 * No item in the table holds a person's name, personnummer, address, phone, relatives or health
 * text in the clear: the whole table — cases, assignments, notifications, turns, loads, counters,
 * idempotency answers, messages, files' names, receipts — is scanned after orders of every kind
 * went through the real stack, messages and a file about the person were sent, and the mails went.
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(async () => {
  await stack?.stop();
});

function person(i: number, protectedIdentity: boolean) {
  // Stays that began a few days ago, so that a month's time report can be sent.
  const order: any = exampleOrder(addDays(stockholmToday(new Date()), -25));
  const pnr = personnummerFor(`19${40 + i}-0${(i % 9) + 1}-1${i % 10}`, `${20 + i}${i % 10}`.slice(0, 3));
  order.person = {
    ...order.person,
    personnummer: pnr,
    firstName: `Förnamn${i}x`,
    lastName: `Efternamn${i}y`,
    protectedIdentity,
    stayAddress: { street: `Hemligagatan ${10 + i}`, postalCode: '172 35', city: 'Sundbyberg' },
    phone: `070-555 ${String(1000 + i).slice(-4, -2)} ${String(1000 + i).slice(-2)}`,
    relatives: [{ name: `Anhörig${i}z`, relation: 'son', phone: `073-444 ${String(2000 + i).slice(-4, -2)} ${String(2000 + i).slice(-2)}` }],
    housing: `Boende${i}text`,
    socialSituation: `Social${i}text`,
    disability: `Diagnos${i}text`,
    abilities: `Förmåga${i}text`,
  };
  order.decision.goal = `Mål${i}text för Förnamn${i}x`;
  order.decision.insatser[0].description = `Insatsbeskrivning${i}text`;
  const digits = pnr.replace('-', '');
  const secrets = [
    order.person.firstName,
    order.person.lastName,
    pnr,
    digits,
    digits.slice(2),
    `${digits.slice(2, 8)}-${digits.slice(8)}`,
    order.person.stayAddress.street,
    order.person.phone,
    order.person.phone.replace(/\D/g, ''),
    order.person.relatives[0].name,
    order.person.relatives[0].phone,
    order.person.housing,
    order.person.socialSituation,
    order.person.disability,
    order.person.abilities,
    `Mål${i}text`,
    order.decision.insatser[0].description,
  ];
  return { order, secrets };
}

describe('the table at rest', () => {
  it('holds no name, personnummer, address, phone, relative or health text in the clear', async () => {
    const people = [person(1, false), person(2, true), person(3, false)];
    const references: string[] = [];
    for (const [i, { order }] of people.entries()) {
      const res = await fetch(`${stack.apiUrl}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(i === 1 ? { 'idempotency-key': `scan-${crypto.randomUUID()}` } : {}) },
        body: JSON.stringify(order),
      });
      expect(res.status).toBe(201);
      references.push((await res.json()).reference);
    }
    // Messages speak of the person too: the orderer writes with a file named after them, the caseworker an internal note.
    const { order, secrets } = people[0];
    const orderer = await openAsOrderer(stack, references[0]);
    const file = Buffer.from('%PDF-1.4\n%%EOF\n');
    const ticket = await orderer.post(`/cases/${references[0]}/attachments`, { fileName: `Utredning ${order.person.firstName} ${order.person.lastName}.pdf`, size: file.length, contentType: 'application/pdf' });
    await fetch(ticket.json.upload.url, { method: 'PUT', headers: ticket.json.upload.headers, body: new Uint8Array(file) });
    expect((await orderer.post(`/cases/${references[0]}/attachments/${ticket.json.attachmentId}/check`)).status).toBe(200);
    const text = `Gäller ${secrets.slice(0, 3).join(', ')}, ${order.person.disability}.`;
    expect((await orderer.post(`/cases/${references[0]}/messages`, { channel: 'conversation', text, attachmentIds: [ticket.json.attachmentId] })).status).toBe(201);
    const caseworker = await loginAs(stack, 'maria.ek@sundbyberg.example');
    expect((await caseworker.post(`/cases/${references[0]}/messages`, { channel: 'internal', text: `Ring ${order.person.relatives[0].name} på ${order.person.relatives[0].phone}.` })).status).toBe(201);
    expect((await caseworker.get(`/cases/${references[0]}/messages`)).json.messages.map((m: { text: string }) => m.text)).toEqual([text, expect.stringContaining(order.person.relatives[0].name)]);
    // A time report's extra visit and comment may name the person too; so may the caseworker's return, and the approval notices go out.
    const caseItem = (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).find((i) => i.type === 'case' && i.reference === references[0])!;
    const homeCare = (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).find((i) => i.type === 'assignment' && i.caseId === caseItem.caseId && i.insatsType === 'hemtjanst')!;
    const staff = config.providers.find((p) => p.id === homeCare.decision.providerId)!.staff[0].email;
    const provider = await loginAs(stack, staff);
    expect((await provider.post(`/portal/cases/${references[0]}/assignments/hemtjanst/confirm`, { startDate: order.stay.from, contactName: 'Kontakt Utförare', contactPhone: '08-123 456 78' })).status).toBe(200);
    const [first] = (await provider.get(`/portal/cases/${references[0]}/time-reports`)).json.reports;
    const path = `/portal/cases/${references[0]}/time-reports/${first.insatsType}/${first.month}`;
    expect((await provider.post(path, { quantity: 60, extras: [{ date: first.period.from, quantity: 1, reason: `${secrets[0]} föll, ${order.person.disability}` }], comment: `Kontakt: ${order.person.relatives[0].name}` })).status).toBe(200);
    expect((await caseworker.post(`${path}/review`, { decision: 'return', comment: `Fråga ${order.person.relatives[0].name} (${order.person.relatives[0].phone})` })).status).toBe(200);
    await stack.dispatcherIdle();
    const items = await scanAll(stack.dynamoDbEndpoint, stack.tableName);
    expect(items.filter((i) => i.type === 'case')).toHaveLength(people.length);
    const found: string[] = [];
    for (const item of items) {
      const text = JSON.stringify(item);
      for (const secret of people.flatMap((p) => p.secrets)) if (text.includes(secret)) found.push(`${item.pk}/${item.sk}: ${secret}`);
    }
    expect(found).toEqual([]);
    // Nor does any mail (the notices of the messages included).
    const mails = JSON.stringify(await receivedMails(stack.mailUrl));
    expect(people.flatMap((p) => p.secrets).filter((secret) => mails.includes(secret))).toEqual([]);
  });
});
