import { ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient } from '../../infra/local/dynamodb-local';
import { stockholmToday } from '../../shared/dates';
import type { LocalStack } from '../../infra/local/stack';
import {
  ACTIONS,
  actorEmailsFor,
  CASE_KINDS,
  INVALID_BODY,
  MATRIX,
  matrixOrder,
  matrixOutgoingStay,
  OUTGOING_ACTIONS,
  OUTGOING_KINDS,
  OUTGOING_MATRIX,
  OUTGOING_REGISTRAR,
  UNIT_ACTIONS,
  UNIT_MATRIX,
  type Action,
  type Actor,
  type CaseKind,
  type OutgoingAction,
  type OutgoingKind,
  type UnitAction,
} from '../support/access-matrix';
import { startLocalStack } from '../support/local-stack';
import { loginAs, type PortalClient } from '../support/portal';
import { realAdapters } from '../support/wiring';

/**
 * The portal's API on the real local stack: staff log in through the local identity provider (the
 * login page filled in, as a person would), and the access matrix (test/support/access-matrix.ts)
 * is run through HTTP; the session cookie tampered, expired, of another person; CSRF; logout.
 */
let stack: LocalStack;
const cases = {} as Record<CaseKind, { reference: string; caseworkerId: string }>;
const outgoing = {} as Record<OutgoingKind, string>;
const clients = new Map<string, PortalClient>();
const as = async (email: string) => {
  if (!clients.has(email)) clients.set(email, await loginAs(stack, email));
  return clients.get(email)!;
};

beforeAll(async () => {
  stack = await startLocalStack({ background: false });
  const adapters = realAdapters(stack);
  for (const kind of CASE_KINDS) {
    const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(matrixOrder(kind)) });
    const { reference } = await res.json();
    const view = (await adapters.stores.cases.find((await adapters.stores.cases.findIdByReference(reference))!))!;
    cases[kind] = { reference, caseworkerId: view.routing.caseworkerId! };
  }
  const released = cases.protectedReleased;
  const caseworker = await as(actorEmailsFor('protectedReleased', released.caseworkerId).assigned);
  const done = await caseworker.post(`/portal/cases/${released.reference}/assignments/hemtjanst/release`, { unitHeadName: 'Sara Enhetschef', toldAt: new Date(Date.now() - 60_000).toISOString() });
  expect(done.status).toBe(200);
  const registrar = await as(actorEmailsFor('ordinary', OUTGOING_REGISTRAR).assigned);
  for (const kind of OUTGOING_KINDS) {
    const res = await registrar.post('/portal/outgoing-stays', matrixOutgoingStay(kind, stockholmToday(new Date())));
    expect(res.status).toBe(201);
    outgoing[kind] = res.json.reference;
  }
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

describe('the access matrix through HTTP', () => {
  for (const kind of CASE_KINDS) {
    describe(kind, () => {
      it.each(Object.keys(MATRIX[kind]) as Actor[])('%s', async (actor) => {
        const { reference } = cases[kind];
        const client = await as(actorEmailsFor(kind, cases[kind === 'otherUnit' ? 'ordinary' : kind].caseworkerId)[actor]);
        const base = `/portal/cases/${encodeURIComponent(reference)}`;
        const got = {} as Record<Action, boolean | number>;
        const inbox = await client.get('/portal/inbox?filter=all');
        expect(inbox.status).toBe(200);
        got.list = inbox.json.rows.some((r: { reference: string }) => r.reference === reference);
        const read = await client.get(base);
        got.read = read.status;
        got.personalData = read.status === 200 && read.json.person !== undefined;
        got.confirm = (await client.post(`${base}/assignments/hemtjanst/confirm`, INVALID_BODY)).status;
        got.decline = (await client.post(`${base}/assignments/hemtjanst/decline`, INVALID_BODY)).status;
        got.start = (await client.post(`${base}/assignments/hemtjanst/start`, INVALID_BODY)).status;
        got.release = (await client.post(`${base}/assignments/hemtjanst/release`, INVALID_BODY)).status;
        got.reassign = (await client.post(`${base}/reassign`, INVALID_BODY)).status;
        got.audit = (await client.get(`${base}/audit`)).status;
        got.completion = (await client.post(`${base}/completion`, INVALID_BODY)).status;
        got.stayEnd = (await client.post(`${base}/stay-end`, INVALID_BODY)).status;
        got.cancel = (await client.post(`${base}/cancel`, INVALID_BODY)).status;
        got.change = (await client.post(`${base}/change`, INVALID_BODY)).status;
        got.confirmChange = (await client.post(`${base}/assignments/hemtjanst/confirm-change`, INVALID_BODY)).status;
        got.extraVisits = (await client.get(`${base}/extra-visits`)).status;
        got.registerExtra = (await client.post(`${base}/extra-visits`, INVALID_BODY)).status;
        got.reviewExtra = (await client.post(`${base}/extra-visits/NONE/review`, INVALID_BODY)).status;
        got.answerExtra = (await client.post(`${base}/extra-visits/NONE/answer`, INVALID_BODY)).status;
        got.agreeExtra = (await client.post(`${base}/extra-agreements`, INVALID_BODY)).status;
        expect(Object.fromEntries(ACTIONS.map((a) => [a, got[a]]))).toEqual(MATRIX[kind][actor]);
      });
    });
  }

  describe('beyond one case', () => {
    it.each(Object.keys(UNIT_MATRIX) as Actor[])('%s', async (actor) => {
      const client = await as(actorEmailsFor('ordinary', cases.ordinary.caseworkerId)[actor]);
      const got = { purgeLog: (await client.get('/portal/purge-log')).status, extraReview: (await client.get('/portal/extra-visits')).status, registerOutgoing: (await client.post('/portal/outgoing-stays', INVALID_BODY)).status } as Record<UnitAction, number>;
      expect(Object.fromEntries(UNIT_ACTIONS.map((a) => [a, got[a]]))).toEqual(UNIT_MATRIX[actor]);
    });
  });

  for (const kind of OUTGOING_KINDS) {
    describe(kind, () => {
      it.each(Object.keys(OUTGOING_MATRIX[kind]) as Actor[])('%s', async (actor) => {
        const client = await as(actorEmailsFor('ordinary', OUTGOING_REGISTRAR)[actor]);
        const base = `/portal/outgoing-stays/${encodeURIComponent(outgoing[kind])}`;
        const got = {} as Record<OutgoingAction, boolean | number>;
        const list = await client.get('/portal/outgoing-stays');
        expect(list.status).toBe(200);
        got.list = list.json.rows.some((r: { reference: string }) => r.reference === outgoing[kind]);
        const read = await client.get(base);
        got.read = read.status;
        got.personalData = read.status === 200 && read.json.person !== undefined;
        got.orderPdf = (await client.get(`${base}/order.pdf`)).status;
        got.sent = (await client.post(`${base}/sent`, INVALID_BODY)).status;
        got.confirmation = (await client.post(`${base}/confirmation`, INVALID_BODY)).status;
        const month = stockholmToday(new Date()).slice(0, 7);
        got.reportReceived = (await client.post(`${base}/reports/hemtjanst/${month}/received`, INVALID_BODY)).status;
        got.invoice = (await client.post(`${base}/reports/hemtjanst/${month}/invoice`, INVALID_BODY)).status;
        got.end = (await client.post(`${base}/end`, INVALID_BODY)).status;
        expect(Object.fromEntries(OUTGOING_ACTIONS.map((a) => [a, got[a]]))).toEqual(OUTGOING_MATRIX[kind][actor]);
      });
    });
  }

  it('answers a case one may not see exactly as one that does not exist', async () => {
    const outsider = await as('karin.wik@sundbyberg.example');
    const hidden = await outsider.get(`/portal/cases/${cases.ordinary.reference}`);
    const missing = await outsider.get('/portal/cases/TV-1999-99999');
    expect(hidden.status).toBe(404);
    expect(hidden.json).toEqual(missing.json);
  });
});

describe('sessions through HTTP', () => {
  const sessionCookie = 'vistelse-session';

  it('refuses a request without a session, and one with a tampered or made-up session cookie', async () => {
    const client = await loginAs(stack, 'maria.ek@sundbyberg.example');
    const id = client.jar.get(sessionCookie)!;
    expect((await client.get('/portal/inbox')).status).toBe(200);
    client.jar.set(sessionCookie, `${id.slice(0, -2)}${id.endsWith('AA') ? 'BB' : 'AA'}`);
    expect((await client.get('/portal/inbox')).status).toBe(401);
    client.jar.set(sessionCookie, 'made-up');
    expect((await client.get('/portal/inbox')).status).toBe(401);
    const anonymous = await fetch(`${stack.apiUrl}/portal/inbox`);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe('unauthenticated');
  });

  it('ends a session after 30 minutes without a request', async () => {
    const client = await loginAs(stack, 'johan.berg@sundbyberg.example');
    const db = localClient(stack.dynamoDbEndpoint);
    const sessions = ((await db.send(new ScanCommand({ TableName: stack.tableName, ConsistentRead: true }))).Items ?? []).map((i) => unmarshall(i)).filter((i) => i.type === 'session' && i.email === 'johan.berg@sundbyberg.example');
    const idle = new Date(Date.now() - 31 * 60_000).toISOString();
    for (const s of sessions) await db.send(new UpdateItemCommand({ TableName: stack.tableName, Key: marshall({ pk: s.pk, sk: s.sk }), UpdateExpression: 'SET lastSeenAt = :t', ExpressionAttributeValues: marshall({ ':t': idle }) }));
    db.destroy();
    expect((await client.get('/portal/inbox')).status).toBe(401);
  });

  it('gives each person their own session: one cookie does not open another’s cases', async () => {
    const provider = await loginAs(stack, 'omar.aziz@omsorgsteamet.example');
    const economy = await loginAs(stack, 'eva.lundgren@sundbyberg.example');
    expect((await provider.get('/auth/me')).json).toMatchObject({ role: 'provider', organisation: 'Omsorgsteamet Rissne AB' });
    expect((await economy.get('/auth/me')).json).toMatchObject({ role: 'economy' });
    expect((await provider.get(`/portal/cases/${cases.ordinary.reference}`)).status).toBe(404);
    expect((await economy.get(`/portal/cases/${cases.ordinary.reference}`)).json.person).toBeUndefined();
  });

  it('refuses a state-changing request without the session’s CSRF token, with another’s, or from another origin', async () => {
    const caseworker = await loginAs(stack, actorEmailsFor('protectedHeld', cases.protectedHeld.caseworkerId).assigned);
    const other = await loginAs(stack, 'maria.ek@sundbyberg.example');
    const path = `/portal/cases/${cases.protectedHeld.reference}/assignments/trygghetslarm/release`;
    const body = { unitHeadName: 'Ulla Enhetschef', toldAt: new Date(Date.now() - 60_000).toISOString() };
    for (const headers of [{ 'x-csrf-token': '' }, { 'x-csrf-token': other.csrfToken }, { origin: 'https://evil.example' }] as Record<string, string>[]) {
      const refused = await caseworker.post(path, body, headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(refused.json.error.code).toBe('csrf_failed');
    }
    // Nothing was released by the refused requests.
    expect((await caseworker.get(`/portal/cases/${cases.protectedHeld.reference}`)).json.assignments.find((a: any) => a.insatsType === 'trygghetslarm').status).toBe('held');
  });

  it('logs out: the session cookie no longer opens anything, and the identity provider’s logout is next', async () => {
    const client = await loginAs(stack, 'hanna.sjo@sundbyberg.example');
    const id = client.jar.get(sessionCookie)!;
    // Beside the HttpOnly session, the login set a cookie the portal's page reads (no 401 of `me` before a login): it says only that someone logged in here.
    expect(client.jar.lines.get(sessionCookie)).toMatch(/; HttpOnly;/);
    expect(client.jar.lines.get('vistelse-inloggad')).toMatch(/^vistelse-inloggad=1; Max-Age=36000; Path=\/; SameSite=Lax$/);
    const out = await client.post('/auth/logout');
    expect(out.status).toBe(200);
    expect(out.json.redirectTo).toMatch(new RegExp(`^${stack.oidcIssuer}/session/end\\?`));
    expect(client.jar.get(sessionCookie)).toBeUndefined();
    expect(client.jar.get('vistelse-inloggad')).toBeUndefined();
    client.jar.set(sessionCookie, id);
    expect((await client.get('/portal/inbox')).status).toBe(401);
  });

  it('refuses a login with a wrong password, and the disabled account of an inactive caseworker', async () => {
    await expect(loginAs(stack, 'maria.ek@sundbyberg.example', 'fel')).rejects.toThrow(/Fel e-postadress eller lösenord/);
    await expect(loginAs(stack, 'gun.akesson@sundbyberg.example')).rejects.toThrow(/avstängt/);
  });

  it('goes back after login to the page a mail link named', async () => {
    const page = `/portal/uppdrag/${cases.ordinary.reference}`;
    const client = await loginAs(stack, 'sara.lind@duvbo-omsorg.example', 'demo', page);
    expect(client.landedOn).toBe(page);
    // A return address that is not a portal page of ours is not followed.
    expect((await loginAs(stack, 'sara.lind@duvbo-omsorg.example', 'demo', 'https://evil.example/portal')).landedOn).toBe('/portal');
  });
});
