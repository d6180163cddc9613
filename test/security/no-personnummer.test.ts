import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactPersonnummer } from '../../functions/http/log-redaction';
import { apiResponses, type ApiEvent, type ApiResult } from '../../functions/http/middleware/api-responses';
import { ROUTES } from '../../functions/routes';
import { lambdaContext } from '../../infra/local/lambda-context';
import { rawRequest, receivedMails, type RawRequest, type ReceivedMail } from '../support/local-stack';
import { startNpmStart, type NpmStart } from '../support/npm-start';
import { exampleOrder } from '../support/order-fixture';
import { findPersonnummer } from '../support/personal-data';
import { personnummerFor } from '../support/personnummer';

/**
 * No personnummer in a log line or a URL. `npm start`'s entry runs as its own process (as in
 * Lambda, the handlers log to the process's stdout/stderr; the local stack's own lines go there
 * too), and everything it writes is captured while it takes valid orders, invalid orders with a
 * personnummer in every place a client can put one, oversized bodies, and runs the dispatcher
 * and the sweeper, and opens a case with the orderer's one-time codes. Then the log, every link in
 * every mail the system sent, and the API's paths are scanned with the Luhn-aware
 * `findPersonnummer` — and for the codes. (The browser test records the URLs the
 * e-service visits and scans them the same way.)
 */
let stack: NpmStart;
let baseUrl: string;
let mailUrl: string;

/** Every personnummer the run sends, in every spelling. */
const sent: string[] = [];
/** The orderer's one-time codes the run was sent. */
const codes: string[] = [];
function spellings(pnr: string): string[] {
  const digits = pnr.replace(/\D/g, '');
  return [pnr, digits, digits.slice(2), `${digits.slice(2, 8)}-${digits.slice(8)}`];
}

beforeAll(async () => {
  stack = await startNpmStart({
    VISTELSE_SCHEDULE_INTERVAL_MS: '500',
    // The functions' Powertools lines and metrics on, as in Lambda (the test runner turns them off).
    POWERTOOLS_LOG_LEVEL: 'INFO',
    POWERTOOLS_METRICS_DISABLED: 'false',
    API_RATE_LIMIT: '1000',
    API_RATE_LIMIT_WINDOW_SECONDS: '60',
  });
  baseUrl = stack.baseUrl;
  mailUrl = stack.mailUrl;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const api = (path: string, options: RawRequest = {}) => rawRequest(`${baseUrl}/api${path}`, options);
const post = (body: RawRequest['body'], headers: Record<string, string> = {}, path = '/orders') =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** A URL as a person would read it (a malformed escape stays as it is). */
function decoded(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

function orderFor(pnr: string, changes: (order: any) => void = () => {}) {
  const order: any = exampleOrder();
  order.person.personnummer = pnr;
  changes(order);
  return order;
}

async function settledMails(): Promise<ReceivedMail[]> {
  let last = -1;
  for (let stableSince = Date.now(), started = Date.now(); ; ) {
    const mails = await receivedMails(mailUrl);
    if (mails.length !== last) {
      last = mails.length;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 2_000) return mails;
    if (Date.now() - started > 60_000) return mails;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('no personnummer in logs or URLs', () => {
  it('takes valid orders (persons of several ages, a samordningsnummer, a protected identity, a replay)', async () => {
    const people = [
      personnummerFor('1940-06-12'),
      personnummerFor('1952-11-03', '412'),
      personnummerFor('1990-02-28', '551'),
      personnummerFor('2003-07-19', '019'),
      personnummerFor('1985-03-69', '224'), // samordningsnummer: day + 60
    ];
    for (const [i, pnr] of people.entries()) {
      sent.push(pnr);
      const order = orderFor(pnr, (o) => {
        o.orderer.email = `handlaggare${i}@katrineholm.example`;
        if (i === 3) o.person.protectedIdentity = true;
        if (i === 2) o.decision.insatser[0].type = 'boendestod';
      });
      const key = `valid-${i}-${crypto.randomUUID()}`;
      const res = await post(JSON.stringify(order), { 'idempotency-key': key });
      expect(res.status, `${pnr}: ${res.text}`).toBe(201);
      if (i === 0) expect((await post(JSON.stringify(order), { 'idempotency-key': key })).status).toBe(201);
    }
  });

  it('answers invalid orders carrying a personnummer anywhere with 4xx', async () => {
    const pnr = personnummerFor('1948-09-30', '113');
    sent.push(pnr);
    const cases: [string, () => Promise<{ status: number }>, number][] = [
      ['another field invalid', () => post(JSON.stringify(orderFor(pnr, (o) => (o.orderer.email = 'inte-en-adress')))), 400],
      ['the personnummer as a number', () => post(JSON.stringify(orderFor(pnr, (o) => (o.person.personnummer = Number(pnr.replace('-', '')))))), 400],
      ['in an unknown key', () => post(JSON.stringify({ ...orderFor(pnr), [pnr]: pnr })), 400],
      ['as a too long name', () => post(JSON.stringify(orderFor(pnr, (o) => (o.person.firstName = `${pnr} `.repeat(30))))), 400],
      ['as a date', () => post(JSON.stringify(orderFor(pnr, (o) => (o.stay.from = pnr)))), 400],
      ['as a provider', () => post(JSON.stringify(orderFor(pnr, (o) => (o.provider = { choice: 'provider', providerId: pnr })))), 400],
      ['as an insats type', () => post(JSON.stringify(orderFor(pnr, (o) => (o.decision.insatser[0].type = pnr)))), 400],
      ['as an attachment', () => post(JSON.stringify(orderFor(pnr, (o) => (o.attachments = [{ name: `${pnr}.pdf` }])))), 400],
      ['malformed JSON around it', () => post(`{"person":{"personnummer":"${pnr}" x`), 400],
      ['JSON that V8 quotes in its error', () => post(`x${pnr}`), 400],
      ['not UTF-8', () => post(Buffer.concat([Buffer.from(`{"p":"${pnr}"`), Buffer.from([0xff]), Buffer.from('}')])), 400],
      ['as text/plain', () => post(pnr, { 'content-type': 'text/plain' }), 415],
      ['in the Idempotency-Key of an invalid order', () => post(JSON.stringify(orderFor(pnr, (o) => (o.stay.to = 'x'))), { 'idempotency-key': pnr }), 400],
      ['in a bad Idempotency-Key', () => post(JSON.stringify(orderFor(pnr)), { 'idempotency-key': `${pnr} !` }), 400],
      ['in the query string', () => post(JSON.stringify(orderFor(pnr, (o) => (o.stay.to = 'x'))), {}, `/orders?personnummer=${pnr}`), 400],
      ['in an unknown path', () => api(`/cases/${pnr}`), 404],
      ['with a wrong method', () => api(`/orders?pnr=${pnr}`), 405],
      ['in other headers', () => post(JSON.stringify(orderFor(pnr, (o) => (o.stay.to = 'x'))), { 'x-personnummer': pnr, 'user-agent': pnr, referer: `${baseUrl}/?p=${pnr}` }), 400],
    ];
    const key = `reused-${crypto.randomUUID()}`;
    expect((await post(JSON.stringify(orderFor(personnummerFor('1940-06-12'))), { 'idempotency-key': key })).status).toBe(201);
    cases.push(['a reused key with another personnummer', () => post(JSON.stringify(orderFor(pnr)), { 'idempotency-key': key }), 422]);
    for (const [what, send, status] of cases) expect((await send()).status, what).toBe(status);
  });

  it('refuses oversized bodies full of personnummer (413 from the handler and from the gateway, also chunked)', async () => {
    const pnr = personnummerFor('1961-01-17', '305');
    sent.push(pnr);
    const big = JSON.stringify(orderFor(pnr, (o) => (o.person.abilities = `${pnr} `.repeat(30_000))));
    expect((await post(big)).status).toBe(413);
    function* elevenMegabytes() {
      for (let i = 0; i < 11; i++) yield `${pnr},`.repeat(Math.ceil((1024 * 1024) / 14));
    }
    expect((await post(elevenMegabytes())).status).toBe(413);
  });

  it('opens a case with the orderer’s one-time code (wrong, then right; codes never in a URL)', async () => {
    const res = await post(JSON.stringify(orderFor(personnummerFor('1944-04-04', '215'))));
    expect(res.status).toBe(201);
    const reference = res.json.reference as string;
    const codeMail = async (n: number) => {
      for (let started = Date.now(); Date.now() - started < 15_000; await new Promise((r) => setTimeout(r, 100))) {
        const mails = (await receivedMails(mailUrl)).filter((m) => m.subject === `Engångskod för ärende ${reference}`);
        if (mails.length >= n) return /: (\d{8})/.exec(mails[n - 1].body.text ?? '')![1];
      }
      throw new Error('no code mail');
    };
    for (let n = 1; n <= 2; n++) {
      expect((await api(`/orderer/cases/${reference}/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(202);
      const code = await codeMail(n);
      codes.push(code);
      const open = (c: string) => api(`/orderer/cases/${reference}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: c }) });
      expect((await open(code === '12345678' ? '87654321' : '12345678')).status).toBe(400);
      expect((await open(code)).status).toBe(200);
    }
  });

  it('writes not one personnummer to its log while it takes all that, dispatches the mails and sweeps', async () => {
    const mails = await settledMails();
    expect(mails.length).toBeGreaterThanOrEqual(5);
    await new Promise((r) => setTimeout(r, 1_500)); // the sweeper runs every 500 ms here
    const output = stack.output();
    expect(output, 'the capture sees what the stack writes').toContain('Vistelse is running');
    expect(output).toContain('API rate limit:            1000 requests per client IP and route per 60 s');
    expect(findPersonnummer(output)).toEqual([]);
    for (const pnr of sent) for (const spelling of spellings(pnr)) expect(output, spelling).not.toContain(spelling);
    // Nor an orderer's one-time code.
    expect(codes.length).toBe(2);
    for (const code of codes) expect(output, 'a one-time code in the log').not.toContain(code);
  });

  it('puts no personnummer in any mail, nor in any link of a mail, and links only to the app', async () => {
    const mails = await receivedMails(mailUrl);
    const urls = new Set<string>();
    for (const mail of mails) {
      const all = JSON.stringify(mail);
      expect(findPersonnummer(all), mail.subject).toEqual([]);
      const html = mail.body.html ?? '';
      for (const m of `${mail.body.text ?? ''}\n${html}`.matchAll(/https?:\/\/[^\s"'<>]+/g)) urls.add(m[0]);
      for (const m of html.matchAll(/href="([^"]*)"/g)) urls.add(m[1]);
    }
    expect(urls.size).toBeGreaterThan(0);
    for (const url of urls) {
      expect(url.startsWith(`${baseUrl}/`) || url === baseUrl || url.startsWith('mailto:'), url).toBe(true);
      expect(findPersonnummer(decoded(url)), url).toEqual([]);
      for (const code of codes) expect(url, 'a one-time code in a link').not.toContain(code);
    }
  });

  it('has no personnummer in the API’s paths (route table and OpenAPI document)', async () => {
    const doc = (await api('/openapi.json')).json;
    const paths = [...ROUTES.map((r) => r.path), ...Object.keys(doc.paths), ...doc.servers.map((s: { url: string }) => s.url)];
    for (const path of paths) expect(findPersonnummer(path), path).toEqual([]);
  });
});

describe('the log of an unexpected error', () => {
  it('masks what looks like a personnummer in the message and stack a runtime error quotes', async () => {
    const pnr = personnummerFor('1940-06-12');
    const lines: string[] = [];
    const handler = middy<ApiEvent, ApiResult>()
      .use(apiResponses({ logError: (message, details) => lines.push(JSON.stringify({ message, ...details })) }))
      .handler(async () => {
        JSON.parse(`x${pnr}`); // V8: Unexpected token 'x', "x19400612-2388" is not valid JSON
        throw new Error('not reached');
      });
    const res = await handler({ routeKey: 'POST /api/orders' } as ApiEvent, lambdaContext('test') as Context);
    expect(res.statusCode).toBe(500);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('[personnummer]');
    expect(findPersonnummer(lines[0])).toEqual([]);
    expect(res.body).not.toContain(pnr);
  });

  it('masks every spelling, and leaves other numbers alone', () => {
    for (const pnr of ['19400612-2388', '194006122388', '400612-2388', '4006122388', '400612+2388', '400612 2388']) {
      expect(redactPersonnummer(`x ${pnr} y`)).toBe('x [personnummer] y');
    }
    expect(redactPersonnummer('at position 21, 2026-11-23T10:00:00Z, 1732300000000, 070-123 45 67')).toBe(
      'at position 21, 2026-11-23T10:00:00Z, 1732300000000, 070-123 45 67',
    );
  });
});
