import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack';
import { actorEmailsFor, matrixOrder } from '../support/access-matrix';
import { receivedMails, startLocalStack, waitForMails } from '../support/local-stack';
import { codesSent, nextCode, openAsOrderer, OrdererClient } from '../support/orderer';
import { loginAs, type PortalClient } from '../support/portal';
import { realAdapters } from '../support/wiring';

/**
 * Secure messages on the real local stack: the orderer opens the case with a one-time code from
 * the mail; the orderer, the caseworker and the provider write in the case's conversation, staff
 * and provider in its internal notes; files go straight to the local object storage and are
 * checked by content; reading is receipted and audited; notices say only that there is something.
 */
let stack: LocalStack;
const cases: { reference: string; caseworker: string }[] = [];
const sessions = new Map<string, PortalClient>();
const orderers = new Map<string, OrdererClient>();
/** The orderer's session of a case, opened once (codes are limited to 5 an hour per case). */
const ordererOf = async (reference: string) => {
  if (!orderers.has(reference)) orderers.set(reference, await openAsOrderer(stack, reference));
  return orderers.get(reference)!;
};
const as = async (email: string) => {
  if (!sessions.has(email)) sessions.set(email, await loginAs(stack, email));
  return sessions.get(email)!;
};
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from('PE\0\0'), Buffer.alloc(200)]);

beforeAll(async () => {
  stack = await startLocalStack();
  const adapters = realAdapters(stack);
  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(matrixOrder('ordinary')) });
    const { reference } = await res.json();
    const view = (await adapters.stores.cases.find((await adapters.stores.cases.findIdByReference(reference))!))!;
    cases.push({ reference, caseworker: actorEmailsFor('ordinary', view.routing.caseworkerId!).assigned });
  }
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

/** Uploads a file as a browser would: the ticket, the PUT straight to storage, the check. */
async function attach(client: PortalClient | OrdererClient, reference: string, fileName: string, bytes: Buffer, contentType = 'application/pdf') {
  const ticket = await client.post(`/cases/${reference}/attachments`, { fileName, size: bytes.length, contentType });
  if (ticket.status !== 201) return { ticket };
  const put = await fetch(ticket.json.upload.url, { method: 'PUT', headers: ticket.json.upload.headers, body: new Uint8Array(bytes) });
  expect(put.status).toBe(200);
  const checked = await client.post(`/cases/${reference}/attachments/${ticket.json.attachmentId}/check`);
  return { ticket, checked, id: ticket.json.attachmentId as string };
}

describe('the orderer ends or cancels the order through HTTP', () => {
  it('Vistelsen har avslutats names endedOn for a stay not begun; Avbryt beställningen needs Skäl, needs the CSRF token, and closes the case', async () => {
    const { reference, caseworker } = cases[4];
    const client = await openAsOrderer(stack, reference);
    const page = await client.get(`/orderer/cases/${reference}`);
    expect(page.json).toMatchObject({ canCancel: true, canReportStayEnd: false });
    const early = await client.post(`/orderer/cases/${reference}/stay-end`, { endedOn: new Date().toISOString().slice(0, 10) });
    expect(early.status).toBe(400);
    expect(early.json.error.issues.map((i: { path: string }) => i.path)).toEqual(['endedOn']);
    const empty = await client.post(`/orderer/cases/${reference}/cancel`, {});
    expect(empty.status).toBe(400);
    expect(empty.json.error.issues.map((i: { path: string }) => i.path)).toEqual(['reason']);
    expect((await client.post(`/orderer/cases/${reference}/cancel`, { reason: 'x' }, { 'x-csrf-token': 'wrong' })).status).toBe(403);
    const adapters = realAdapters(stack);
    const caseId = (await adapters.stores.cases.findIdByReference(reference))!;
    expect((await adapters.stores.cases.find(caseId))!.ended).toBeUndefined();

    const cancelled = await client.post(`/orderer/cases/${reference}/cancel`, { reason: 'Personen stannar hemma.' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.case).toMatchObject({ status: 'Avslutat', canCancel: false, ended: { cancelled: true } });
    expect((await client.post(`/orderer/cases/${reference}/cancel`, { reason: 'igen' })).status).toBe(409);
    const staff = await loginAs(stack, caseworker);
    const seen = await staff.get(`/portal/cases/${reference}`);
    expect(seen.json).toMatchObject({ phase: 'closed', ended: { cancelled: { late: false, reason: 'Personen stannar hemma.' } } });
    await waitForMails(stack.mailUrl, (all) => all.some((m) => m.destination.to.includes(caseworker) && m.subject === `Beställningen är avbruten – ärende ${reference}`));
  });
});

describe('the orderer’s one-time code', () => {
  it('opens the case for the address the order came from, once; a wrong code names the field', async () => {
    const { reference } = cases[0];
    const client = new OrdererClient(stack, reference);
    const before = await codesSent(stack, reference);
    expect((await client.post(`/orderer/cases/${reference}/code`)).status).toBe(202);
    const code = await nextCode(stack, reference, before);
    const mail = (await receivedMails(stack.mailUrl)).filter((m) => m.subject === `Engångskod för ärende ${reference}`).at(-1)!;
    expect(mail.destination.to).toEqual(['anna.berglund@katrineholm.example']);
    // The code is in the mail's text, never in a link.
    expect((mail.body.text ?? '').match(/https?:\/\/\S+/g) ?? []).toEqual([]);

    const wrong = await client.post(`/orderer/cases/${reference}/session`, { code: code === '00000000' ? '11111111' : '00000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.issues.map((i: { path: string }) => i.path)).toEqual(['code']);
    expect(wrong.json.error.message).toMatch(/4 gånger till/);
    expect((await client.get(`/orderer/cases/${reference}`)).status).toBe(401);

    const opened = await client.post(`/orderer/cases/${reference}/session`, { code });
    expect(opened.status).toBe(200);
    expect(opened.headers.getSetCookie().join(';')).toMatch(/vistelse-orderer=.*HttpOnly.*SameSite=Lax/i);
    // Its companion the page reads (which case is open here, no secret): not HttpOnly, the same lifetime.
    const hint = opened.headers.getSetCookie().find((c) => c.startsWith('vistelse-orderer-open='))!;
    expect(hint).toMatch(new RegExp(`^vistelse-orderer-open=${reference}; Max-Age=1800; Path=/; SameSite=Lax$`));
    const page = await client.get(`/orderer/cases/${reference}`);
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ reference, status: expect.any(String), handler: { email: cases[0].caseworker } });

    // Used once: the same code again opens nothing.
    const again = new OrdererClient(stack, reference);
    expect((await again.post(`/orderer/cases/${reference}/session`, { code })).status).toBe(400);
  });

  it('does not open another case, and a session opens only its own case', async () => {
    const [a, b] = cases;
    const before = await codesSent(stack, a.reference);
    const client = new OrdererClient(stack, a.reference);
    await client.post(`/orderer/cases/${a.reference}/code`);
    const code = await nextCode(stack, a.reference, before);
    expect((await client.post(`/orderer/cases/${b.reference}/session`, { code })).status).toBe(400);
    const opened = await openAsOrderer(stack, a.reference);
    expect((await opened.get(`/orderer/cases/${b.reference}`)).status).toBe(401);
    expect((await opened.get(`/cases/${b.reference}/messages`)).status).toBe(401);
  });

  it('answers an unknown case as a known one, and sends nothing', async () => {
    const mailsBefore = (await receivedMails(stack.mailUrl)).length;
    const res = await new OrdererClient(stack, 'TV-2026-99999').post('/orderer/cases/TV-2026-99999/code');
    expect(res.status).toBe(202);
    await new Promise((r) => setTimeout(r, 500));
    expect((await receivedMails(stack.mailUrl)).length).toBe(mailsBefore);
  });

  it('kills a code after five wrong guesses', async () => {
    const { reference } = cases[1];
    const client = new OrdererClient(stack, reference);
    const before = await codesSent(stack, reference);
    await client.post(`/orderer/cases/${reference}/code`);
    const code = await nextCode(stack, reference, before);
    const wrong = code === '12345678' ? '87654321' : '12345678';
    for (let i = 0; i < 5; i++) expect((await client.post(`/orderer/cases/${reference}/session`, { code: wrong })).status).toBe(400);
    const dead = await client.post(`/orderer/cases/${reference}/session`, { code });
    expect(dead.status).toBe(400);
    expect(dead.json.error.message).toMatch(/spärrats/);
  });

  it('logs out', async () => {
    const client = await openAsOrderer(stack, cases[0].reference);
    const loggedOut = await client.post(`/orderer/cases/${cases[0].reference}/logout`);
    expect(loggedOut.status).toBe(200);
    expect(loggedOut.headers.getSetCookie()).toEqual([expect.stringMatching(/^vistelse-orderer=; Max-Age=0/), expect.stringMatching(/^vistelse-orderer-open=; Max-Age=0/)]);
    expect((await client.get(`/orderer/cases/${cases[0].reference}`)).status).toBe(401);
  });
});

describe('messages', () => {
  it('carry the orderer’s message to the caseworker, unread until opened, read-receipted back; internal notes never reach the orderer', async () => {
    const { reference, caseworker } = cases[2];
    const orderer = await ordererOf(reference);
    const staff = await as(caseworker);
    const provider = await as('sara.lind@duvbo-omsorg.example');
    const mailsBefore = (await receivedMails(stack.mailUrl)).length;

    // The orderer may not write internal notes, and needs the session's CSRF token.
    expect((await orderer.post(`/cases/${reference}/messages`, { channel: 'internal', text: 'Hej' })).status).toBe(400);
    expect((await orderer.post(`/cases/${reference}/messages`, { channel: 'conversation', text: 'Hej' }, { 'x-csrf-token': 'fel' })).status).toBe(403);

    const sent = await orderer.post(`/cases/${reference}/messages`, { channel: 'conversation', text: 'Elsa behöver hjälp med medicinen på morgonen.' }, { 'idempotency-key': 'msg-0001-abcdef' });
    expect(sent.status).toBe(201);
    expect(sent.json.thread.messages.at(-1)).toMatchObject({ own: true, channel: 'conversation', sender: { name: 'Anna Berglund', function: 'Vård- och omsorgsförvaltningen, myndighetsenheten, Katrineholm' } });
    // Sent again with the same key: not twice.
    const again = await orderer.post(`/cases/${reference}/messages`, { channel: 'conversation', text: 'Elsa behöver hjälp med medicinen på morgonen.' }, { 'idempotency-key': 'msg-0001-abcdef' });
    expect(again.status).toBe(201);
    expect(again.json.thread.messages.filter((m: { text: string }) => m.text.startsWith('Elsa behöver')).length).toBe(1);

    const inbox = await staff.get('/portal/inbox?filter=all');
    expect(inbox.json.rows.find((r: { reference: string }) => r.reference === reference).unread).toBe(1);
    const thread = await staff.get(`/cases/${reference}/messages`);
    expect(thread.status).toBe(200);
    expect(thread.json.channels).toEqual(['conversation', 'internal']);
    expect(thread.json.messages.at(-1)).toMatchObject({ unread: true, own: false, text: 'Elsa behöver hjälp med medicinen på morgonen.' });
    expect((await staff.get('/portal/inbox?filter=all')).json.rows.find((r: { reference: string }) => r.reference === reference).unread).toBe(0);

    const back = await orderer.get(`/cases/${reference}/messages`);
    expect(back.json.channels).toEqual(['conversation']);
    expect(back.json.messages.at(-1).readBy).toEqual([{ who: expect.stringMatching(/, Sundbyberg/), at: expect.any(String) }]);

    // An internal note: the provider sees it, the orderer never does (API and mail).
    expect((await staff.post(`/cases/${reference}/messages`, { channel: 'internal', text: 'Intern: ring enhetschefen först.' })).status).toBe(201);
    expect((await provider.get(`/cases/${reference}/messages`)).json.messages.some((m: { text: string }) => m.text === 'Intern: ring enhetschefen först.')).toBe(true);
    expect((await orderer.get(`/cases/${reference}/messages`)).json.messages.some((m: { channel: string }) => m.channel === 'internal')).toBe(false);

    // Notices: reference and link only; one per address within 15 minutes; none to the writer.
    const mails = (await waitForMails(stack.mailUrl, (all) => all.slice(mailsBefore).filter((m) => m.subject.startsWith('Nytt meddelande')).length >= 2)).slice(mailsBefore);
    await new Promise((r) => setTimeout(r, 500));
    const notices = (await receivedMails(stack.mailUrl)).slice(mailsBefore).filter((m) => m.subject === `Nytt meddelande i ärende ${reference}`);
    // The caseworker and both providers of the case (home care and the alarm), once each.
    expect(notices.map((m) => m.destination.to[0]).sort()).toEqual([caseworker, 'larm@sundbyberg.example', 'order@duvbo-omsorg.example'].sort());
    for (const m of [...mails, ...notices]) {
      expect(m.body.text).not.toMatch(/Elsa|medicin|enhetschefen först/);
      expect(m.body.html).not.toMatch(/Elsa|medicin|enhetschefen först/);
    }
  });

  it('mails the orderer of a conversation message, never of an internal note', async () => {
    const { reference, caseworker } = cases[3];
    const staff = await as(caseworker);
    const before = (await receivedMails(stack.mailUrl)).length;
    expect((await staff.post(`/cases/${reference}/messages`, { channel: 'internal', text: 'Bara internt.' })).status).toBe(201);
    const providers = await waitForMails(stack.mailUrl, (all) => all.slice(before).filter((m) => m.subject === `Nytt meddelande i ärende ${reference}`).length >= 2);
    expect(providers.slice(before).filter((m) => m.subject.startsWith('Nytt meddelande')).map((m) => m.destination.to[0]).sort()).toEqual(['larm@sundbyberg.example', 'order@duvbo-omsorg.example']);
    expect((await staff.post(`/cases/${reference}/messages`, { channel: 'conversation', text: 'Till hemkommunen.' })).status).toBe(201);
    const all = await waitForMails(stack.mailUrl, (m) => m.slice(before).some((x) => x.destination.to.includes('anna.berglund@katrineholm.example') && x.subject.startsWith('Nytt meddelande')));
    const toOrderer = all.slice(before).filter((m) => m.destination.to.includes('anna.berglund@katrineholm.example') && m.subject.startsWith('Nytt meddelande'));
    expect(toOrderer).toHaveLength(1);
    expect(toOrderer[0].body.text).toContain(`${stack.baseUrl}/arende/${reference}`);
    expect(toOrderer[0].body.text).not.toMatch(/internt|hemkommunen\./);
  });

  it('is not for those outside the case: the billing view, another unit, an uninvolved provider', async () => {
    const { reference } = cases[2];
    for (const email of ['eva.lundgren@sundbyberg.example', 'david.oberg@sundbyberg.example', 'karin.wik@sundbyberg.example']) {
      const client = await as(email);
      expect((await client.get(`/cases/${reference}/messages`)).status, email).toBe(404);
      expect((await client.post(`/cases/${reference}/messages`, { channel: 'conversation', text: 'Hej' })).status, email).toBe(404);
    }
    expect((await fetch(`${stack.apiUrl}/cases/${reference}/messages`)).status).toBe(401);
  });
});

describe('attachments', () => {
  it('go straight to storage, are checked by content, sent with a message, and downloaded by the other side (audited, receipted)', async () => {
    const { reference, caseworker } = cases[2];
    const staff = await as(caseworker);
    const orderer = await ordererOf(reference);
    const { checked, id } = await attach(orderer, reference, 'Beslut Elsa.pdf', PDF);
    expect(checked!.status).toBe(200);
    expect(checked!.json.attachment).toMatchObject({ id: expect.any(String), size: PDF.length, typeLabel: 'PDF' });

    // Before it is sent, only its uploader may fetch it.
    expect((await staff.get(`/cases/${reference}/attachments/${id}`)).status).toBe(404);
    const sent = await orderer.post(`/cases/${reference}/messages`, { channel: 'conversation', text: 'Beslutet bifogas.', attachmentIds: [id] });
    expect(sent.status).toBe(201);
    expect(sent.json.thread.messages.at(-1).attachments).toEqual([expect.objectContaining({ id, fileName: 'Beslut Elsa.pdf', downloadedBy: [] })]);

    const res = await staff.fetch(`${stack.apiUrl}/cases/${reference}/attachments/${id}`);
    expect(res.status).toBe(302);
    const file = await fetch(res.headers.get('location')!);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''Beslut%20Elsa.pdf");

    const mine = await orderer.get(`/cases/${reference}/messages`);
    expect(mine.json.messages.at(-1).attachments[0].downloadedBy).toEqual([{ who: expect.stringMatching(/, Sundbyberg/), at: expect.any(String) }]);
    // The same file can't go with a second message.
    expect((await orderer.post(`/cases/${reference}/messages`, { channel: 'conversation', text: 'Igen', attachmentIds: [id] })).status).toBe(400);

    const head = await as('maria.ek@sundbyberg.example');
    const audit = await head.get(`/portal/cases/${reference}/audit`);
    expect(audit.json.entries.some((e: { what: string[]; email: string }) => e.what.includes('attachment') && e.email === caseworker)).toBe(true);
    expect(audit.json.entries.some((e: { what: string[]; role: string }) => e.what.includes('messages') && e.role === 'orderer')).toBe(true);
  });

  it('refuses a renamed program and deletes it; refuses a file over 20 MB; refuses a file larger than it said', async () => {
    const { reference, caseworker } = cases[2];
    const staff = await as(caseworker);
    const exe = await attach(staff, reference, 'utredning.pdf', EXE);
    expect(exe.checked!.status).toBe(400);
    expect(exe.checked!.json.error.issues[0].path).toBe('file');
    expect(exe.checked!.json.error.message).toMatch(/innehållet/);
    // Gone from storage and from the case.
    const url = new URL(exe.ticket.json.upload.url);
    expect((await fetch(`${url.origin}${url.pathname}`)).status).toBe(404);
    expect((await staff.post(`/cases/${reference}/messages`, { channel: 'internal', text: 'x', attachmentIds: [exe.id] })).status).toBe(400);

    const big = await staff.post(`/cases/${reference}/attachments`, { fileName: 'stor.pdf', size: 20 * 1024 * 1024 + 1, contentType: 'application/pdf' });
    expect(big.status).toBe(400);
    expect(big.json.error.issues[0].path).toBe('size');

    const ticket = await staff.post(`/cases/${reference}/attachments`, { fileName: 'liten.pdf', size: 10, contentType: 'application/pdf' });
    await fetch(ticket.json.upload.url, { method: 'PUT', headers: ticket.json.upload.headers, body: new Uint8Array(PDF) });
    const liar = await staff.post(`/cases/${reference}/attachments/${ticket.json.attachmentId}/check`);
    expect(liar.status).toBe(400);
    expect(liar.json.error.issues[0].path).toBe('file');

    const named = await staff.post(`/cases/${reference}/attachments`, { fileName: 'program.exe', size: 100, contentType: 'application/octet-stream' });
    expect(named.status).toBe(400);
    expect(named.json.error.issues[0].path).toBe('fileName');
  });

  it('are not downloaded by someone outside the message’s conversation', async () => {
    const { reference, caseworker } = cases[2];
    const staff = await as(caseworker);
    const { id } = await attach(staff, reference, 'intern.pdf', PDF);
    expect((await staff.post(`/cases/${reference}/messages`, { channel: 'internal', text: 'Intern fil', attachmentIds: [id] })).status).toBe(201);
    const orderer = await ordererOf(reference);
    expect((await orderer.fetch(`${stack.apiUrl}/cases/${reference}/attachments/${id}`)).status).toBe(404);
    expect((await (await as('eva.lundgren@sundbyberg.example')).fetch(`${stack.apiUrl}/cases/${reference}/attachments/${id}`)).status).toBe(404);
    const other = await ordererOf(cases[3].reference);
    expect((await other.fetch(`${stack.apiUrl}/cases/${reference}/attachments/${id}`)).status).toBe(401);
    expect((await (await as('sara.lind@duvbo-omsorg.example')).fetch(`${stack.apiUrl}/cases/${reference}/attachments/${id}`)).status).toBe(302);
  });
});
