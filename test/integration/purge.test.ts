import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demo from '../../config/municipality.demo.json';
import { keys } from '../../functions/adapters/dynamodb/keys';
import { S3AttachmentStorage } from '../../functions/adapters/s3-attachment-storage';
import { purgeCase } from '../../functions/core/purge/purge-cases';
import { ATTACHMENTS_BUCKET, type LocalStack } from '../../infra/local/stack';
import { addDays, addMonths, stockholmToday } from '../../shared/dates';
import { parseMunicipalityConfig } from '../../shared/municipality';
import { startLocalStack } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { codesSent, openAsOrderer } from '../support/orderer';
import { loginAs } from '../support/portal';
import { scanAll } from '../support/table';
import { realAdapters } from '../support/wiring';

/**
 * Gallring on the real stack: a case lives its whole life through the API (ordered, confirmed,
 * talked about with a file, reported on with free texts, ended, approved, closed), another is
 * declined and cancelled with a reason; `purge` as of the day their retention has run deletes what
 * the routine says, and then neither the table nor the object storage holds any value of the
 * person's record or any ciphertext the cases had — while the invoice basis is the same file.
 */
const config = parseMunicipalityConfig(demo);
const ROOT = resolve(import.meta.dirname, '../..');
let stack: LocalStack;
let adapters: ReturnType<typeof realAdapters>;
let s3: S3Client;

const cli = (args: string[]) =>
  new Promise<{ code: number | null; out: string }>((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/job.ts', ...args], { cwd: ROOT, env: { ...process.env, PORT: new URL(stack.baseUrl).port } });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => done({ code, out }));
  });

beforeAll(async () => {
  // With the stream's dispatcher: the orderer's code arrives by mail.
  stack = await startLocalStack();
  adapters = realAdapters(stack);
  s3 = new S3Client({ endpoint: stack.s3Endpoint, forcePathStyle: true, region: 'eu-north-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
}, 120_000);
afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
});

const PDF = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

/** Every value of the example's person record that says something of the person (the city is the stay municipality's own name). */
function personValues(order: ReturnType<typeof exampleOrder>): string[] {
  const p = order.person;
  const pnr = p.personnummer;
  return [
    pnr,
    pnr.replace('-', ''),
    pnr.slice(2),
    pnr.slice(2).replace('-', ''),
    p.firstName,
    p.lastName,
    p.stayAddress.street,
    p.stayAddress.postalCode,
    p.stayAddress.postalCode.replace(' ', ''),
    p.phone,
    ...p.relatives.flatMap((r) => [r.name, r.phone]),
    p.housing,
    p.socialSituation,
    p.disability,
    p.abilities,
    order.decision.goal,
    ...order.decision.insatser.map((i) => i.description),
  ];
}

async function objectTexts(): Promise<{ key: string; text: string }[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: ATTACHMENTS_BUCKET }));
  return Promise.all(
    (out.Contents ?? []).map(async (o) => ({ key: o.Key!, text: await (await s3.send(new GetObjectCommand({ Bucket: ATTACHMENTS_BUCKET, Key: o.Key! }))).Body!.transformToString() })),
  );
}

/** Every sealed value of the case's items: what a purge must leave none of. */
function sealedValuesOf(items: Record<string, any>[]): string[] {
  const found: string[] = [];
  const walk = (v: unknown, name = '') => {
    if (typeof v === 'string' && (/^sealed/.test(name) || name === 'personalData')) found.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, name));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, name === 'personalData' ? name : k);
  };
  items.forEach((i) => walk(i));
  return found;
}

describe('gallring: a case through its whole life, purged', () => {
  const today = stockholmToday(new Date());
  const order: any = exampleOrder(addDays(today, -25));
  order.decision.insatser = [order.decision.insatser[0]];
  order.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
  const person = personValues(order);
  let reference: string;
  let caseId: string;
  let cancelled: { reference: string; caseId: string };
  let months: string[] = [];
  let sealedBefore: string[];
  let closedAt: string;
  const csvBefore = new Map<string, string>();

  it('lives: confirmed, talked about with a file, reported on with free texts, ended, approved and closed', async () => {
    const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
    expect(res.status).toBe(201);
    reference = (await res.json()).reference;
    caseId = (await adapters.stores.cases.findIdByReference(reference))!;
    const sara = await loginAs(stack, 'sara.lind@duvbo-omsorg.example');
    expect((await sara.post(`/portal/cases/${reference}/assignments/hemtjanst/confirm`, { startDate: order.stay.from, contactName: 'Sara Lind', contactPhone: '08-123 456 78' })).status).toBe(200);
    const view = (await adapters.stores.cases.find(caseId))!;
    const caseworker = await loginAs(stack, `${view.routing.caseworkerId!.replace('-', '.')}@sundbyberg.example`);

    // The orderer writes with a file about the person; the caseworker answers and notes internally.
    const orderer = await openAsOrderer(stack, reference);
    const ticket = await orderer.post(`/cases/${reference}/attachments`, { fileName: `Läkarintyg ${order.person.firstName} ${order.person.lastName}.pdf`, size: PDF(order.person.personnummer).length, contentType: 'application/pdf' });
    expect(ticket.status).toBe(201);
    expect((await fetch(ticket.json.upload.url, { method: 'PUT', headers: ticket.json.upload.headers, body: new Uint8Array(PDF(order.person.personnummer)) })).status).toBe(200);
    expect((await orderer.post(`/cases/${reference}/attachments/${ticket.json.attachmentId}/check`)).status).toBe(200);
    const said = await orderer.post(`/cases/${reference}/messages`, { channel: 'conversation', text: `${order.person.firstName} har ${order.person.disability}`, attachmentIds: [ticket.json.attachmentId] });
    expect(said.status).toBe(201);
    expect((await caseworker.post(`/cases/${reference}/messages`, { channel: 'conversation', text: `Tack, vi ringer ${order.person.phone}.` })).status).toBe(201);
    expect((await caseworker.post(`/cases/${reference}/messages`, { channel: 'internal', text: `${order.person.lastName}: ${order.person.socialSituation}` })).status).toBe(201);

    // The provider ends the stay today; every month left is reported with free texts and approved.
    expect((await sara.post(`/portal/cases/${reference}/stay-end`, { endedOn: today })).status).toBe(200);
    const reports = (await sara.get(`/portal/cases/${reference}/time-reports`)).json.reports as { month: string; period: { from: string } }[];
    months = reports.map((r) => r.month);
    expect(months.length).toBeGreaterThan(0);
    for (const r of reports) {
      const path = `/portal/cases/${reference}/time-reports/hemtjanst/${r.month}`;
      const sent = await sara.post(path, { quantity: 300, extras: [{ date: r.period.from, quantity: 30, reason: `${order.person.firstName} föll i duschen` }], comment: `Ring ${order.person.relatives[0].name}` });
      expect(sent.status, JSON.stringify(sent.json)).toBe(200);
      expect((await caseworker.post(`${path}/review`, { decision: 'approve', comment: `Stämmer för ${order.person.lastName}` })).status).toBe(200);
    }
    const closed = (await adapters.stores.cases.find(caseId))!;
    expect(closed.status).toBe('closed');
    closedAt = closed.closedAt!;

    const eva = await loginAs(stack, 'eva.lundgren@sundbyberg.example');
    for (const month of months) {
      const csv = await eva.fetch(`${stack.apiUrl}/portal/invoice-basis/csv?month=${month}`);
      csvBefore.set(month, await csv.text());
      expect(csvBefore.get(month)).toContain(`;${reference};`);
    }
  }, 120_000);

  it('and a case declined and cancelled with reasons that speak of the person closes at once', async () => {
    const other: any = exampleOrder();
    other.decision.insatser = [other.decision.insatser[0]];
    other.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
    const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(other) });
    const ref = (await res.json()).reference as string;
    const id = (await adapters.stores.cases.findIdByReference(ref))!;
    const sara = await loginAs(stack, 'sara.lind@duvbo-omsorg.example');
    expect((await sara.post(`/portal/cases/${ref}/assignments/hemtjanst/decline`, { reason: `${other.person.firstName} bor för långt bort` })).status).toBe(200);
    const unitHead = await loginAs(stack, 'maria.ek@sundbyberg.example');
    const done = await unitHead.post(`/portal/cases/${ref}/cancel`, { reason: `${other.person.lastName} flyttar till ${other.person.relatives[0].name}` });
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    expect((await adapters.stores.cases.find(id))!.status).toBe('closed');
    cancelled = { reference: ref, caseId: id };
    const items = (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).filter((i) => [keys.case(caseId).pk, keys.case(id).pk, keys.ordererCode(caseId).pk].includes(i.pk));
    sealedBefore = sealedValuesOf(items);
    // Sealed: the file's name, three messages, the extras' reasons, the comments, the review's comment, the cancellation's reason, the person.
    expect(sealedBefore.length).toBeGreaterThan(10);
    // Before the purge the routing's reason names the stay's postal code.
    expect(JSON.stringify(items)).toContain(order.person.stayAddress.postalCode);
  }, 60_000);

  it('keeps both until their retention has run', async () => {
    const dayBefore = addDays(addMonths(closedAt.slice(0, 10), config.rules.retentionMonthsAfterClosure), -1);
    const early = await stack.runScheduled('Purge', new Date(`${dayBefore}T23:00:00Z`));
    expect(early).toMatchObject({ purged: 0 });
    expect((await adapters.stores.cases.find(caseId))!.purged).toBeUndefined();
  });

  it('purges them once as of that day however often and concurrently it runs (npm run job -- purge --at …), leaving no value of the person anywhere', async () => {
    const due = addDays(addMonths(closedAt.slice(0, 10), config.rules.retentionMonthsAfterClosure), 1);
    const [ran, concurrent] = await Promise.all([cli(['purge', '--at', `${due}T01:00`]), stack.runScheduled('Purge', new Date(`${due}T00:00:30Z`))]);
    expect(ran.code, ran.out).toBe(0);
    const results = [JSON.parse(ran.out.slice(ran.out.indexOf('{'))), concurrent] as { purged: number; anotherRunActive?: boolean }[];
    // One run held the lease (the other did nothing, or came after it and found nothing left).
    expect(results.reduce((n, r) => n + r.purged, 0)).toBe(2);
    const again = await stack.runScheduled('Purge', new Date(`${due}T02:00:00Z`));
    expect(again).toMatchObject({ purged: 0 });

    const items = await scanAll(stack.dynamoDbEndpoint, stack.tableName);
    const all = JSON.stringify(items);
    for (const value of person) expect(all, value).not.toContain(value);
    for (const sealed of sealedBefore) expect(all.includes(sealed), 'a sealed value is left').toBe(false);
    for (const o of await objectTexts()) {
      expect(o.key).not.toContain(caseId);
      for (const value of person) expect(o.text).not.toContain(value);
    }
    // One log entry per case, whatever ran.
    const logs = items.filter((i) => i.type === 'purge_log');
    expect(logs.filter((l) => l.caseId === caseId)).toHaveLength(1);
    expect(logs.filter((l) => l.caseId === cancelled.caseId)).toHaveLength(1);
    expect(logs.find((l) => l.caseId === caseId)!.purged).toMatchObject({ personalData: 2, messages: 3, attachments: 1, ordererAccess: 1 });
    expect(logs.find((l) => l.caseId === cancelled.caseId)!.purged).toMatchObject({ personalData: 2, freeTexts: 2 });
    // What stays: the reference, the dates, the routing without the person, the billing figures.
    const kept = (await adapters.stores.cases.find(caseId))!;
    expect(kept).toMatchObject({ reference, status: 'closed', closedAt, order: { stay: { from: order.stay.from } } });
    expect(kept.routing.reason).toContain('Postnumret');
    // Audit events stay, with no personal data in them.
    expect(items.filter((i) => i.pk === keys.audit(caseId, '').pk).length).toBeGreaterThan(0);

    // The invoice basis of a purged month is the same file.
    const eva = await loginAs(stack, 'eva.lundgren@sundbyberg.example');
    for (const month of months) expect(await (await eva.fetch(`${stack.apiUrl}/portal/invoice-basis/csv?month=${month}`)).text()).toBe(csvBefore.get(month));
  }, 120_000);

  it('shows a purged case as Gallrat, takes no more messages or files, lets its orderer in no more', async () => {
    const view = (await adapters.stores.cases.find(caseId))!;
    const caseworker = await loginAs(stack, `${view.routing.caseworkerId!.replace('-', '.')}@sundbyberg.example`);
    const page = await caseworker.get(`/portal/cases/${reference}`);
    expect(page.status).toBe(200);
    expect(page.json.purgedAt).toEqual(expect.any(String));
    expect(page.json.person).toBeUndefined();
    const said = await caseworker.post(`/cases/${reference}/messages`, { channel: 'internal', text: 'En anteckning till' });
    expect(said.status).toBe(409);
    expect(said.json.error.message).toContain('gallrat');
    expect((await caseworker.post(`/cases/${reference}/attachments`, { fileName: 'a.pdf', size: 10, contentType: 'application/pdf' })).status).toBe(409);
    const before = await codesSent(stack, reference);
    // The same answer as for any reference, and no code is sent.
    expect((await fetch(`${stack.apiUrl}/orderer/cases/${reference}/code`, { method: 'POST', headers: { 'content-type': 'application/json', origin: stack.baseUrl }, body: '{}' })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 500));
    expect(await codesSent(stack, reference)).toBe(before);
    expect(stack.contractViolations()).toEqual([]);
  }, 60_000);

  it('Gallringslogg: the unit head reads which references, what kinds, when; nobody else', async () => {
    const unitHead = await loginAs(stack, 'maria.ek@sundbyberg.example');
    const log = await unitHead.get('/portal/purge-log');
    expect(log.status).toBe(200);
    expect(log.json).toMatchObject({ retentionMonths: config.rules.retentionMonthsAfterClosure });
    const entry = log.json.entries.find((e: any) => e.reference === reference);
    expect(entry).toMatchObject({ closedAt, purgedAt: expect.any(String) });
    expect(entry.kinds.map((k: any) => k.label)).toEqual(expect.arrayContaining(['Meddelanden och anteckningar', 'Bifogade filer (alla versioner)']));
    expect(JSON.stringify(log.json)).not.toMatch(new RegExp(person.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')));
    for (const email of ['anders.holm@sundbyberg.example', 'sara.lind@duvbo-omsorg.example', 'eva.lundgren@sundbyberg.example', 'ivar.dahl@sundbyberg.example']) {
      expect((await (await loginAs(stack, email)).get('/portal/purge-log')).status, email).toBe(403);
    }
  }, 60_000);

  it('purges a case once when two purges race for it, with one log entry', async () => {
    const other: any = exampleOrder();
    other.decision.insatser = [other.decision.insatser[0]];
    const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(other) });
    const ref = (await res.json()).reference as string;
    const id = (await adapters.stores.cases.findIdByReference(ref))!;
    const unitHead = await loginAs(stack, 'maria.ek@sundbyberg.example');
    expect((await unitHead.post(`/portal/cases/${ref}/cancel`, { reason: 'Planerna ändrades' })).status).toBe(200);
    const storage = new S3AttachmentStorage(s3, ATTACHMENTS_BUCKET, 'none', 'none');
    const deps = { purges: adapters.stores.purges, storage };
    const now = new Date(Date.now() + 800 * 86_400_000);
    const raced = await Promise.all([purgeCase(deps, id, now, 'run-a'), purgeCase(deps, id, now, 'run-b'), purgeCase(deps, id, now, 'run-c')]);
    expect(raced.filter(Boolean)).toHaveLength(1);
    const logs = (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).filter((i) => i.type === 'purge_log' && i.caseId === id);
    expect(logs).toHaveLength(1);
  }, 60_000);
});
