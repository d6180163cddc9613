import type { LocalStack } from '../../infra/local/stack';
import { CookieJar, type PortalResponse } from './portal';
import { receivedMails, waitForMails, type ReceivedMail } from './local-stack';

/** The orderer's browser: its cookies and the CSRF token the case page gave. */
export class OrdererClient {
  csrfToken = '';
  readonly jar = new CookieJar();
  constructor(
    private readonly stack: LocalStack,
    readonly reference: string,
  ) {}

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: this.jar.header() } });
    this.jar.store(res);
    return res;
  }

  async get(path: string): Promise<PortalResponse> {
    const res = await this.fetch(`${this.stack.apiUrl}${path}`);
    return { status: res.status, json: await res.json().catch(() => undefined), headers: res.headers };
  }

  async post(path: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<PortalResponse> {
    const res = await this.fetch(`${this.stack.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': this.csrfToken, origin: this.stack.baseUrl, ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: await res.json().catch(() => undefined), headers: res.headers };
  }
}

const codeMails = (mails: ReceivedMail[], reference: string) => mails.filter((m) => m.subject === `Engångskod för ärende ${reference}`);

/** The newest one-time code mailed for the case (waits for one more than `after` codes). */
export async function nextCode(stack: LocalStack, reference: string, after: number): Promise<string> {
  const mails = await waitForMails(stack.mailUrl, (all) => codeMails(all, reference).length > after);
  const mail = codeMails(mails, reference).at(-1)!;
  return /: (\d{8})/.exec(mail.body.text ?? '')![1];
}

export async function codesSent(stack: LocalStack, reference: string): Promise<number> {
  return codeMails(await receivedMails(stack.mailUrl), reference).length;
}

/** Opens a case as its orderer would: asks for a code, reads it from the mail, enters it. */
export async function openAsOrderer(stack: LocalStack, reference: string): Promise<OrdererClient> {
  const client = new OrdererClient(stack, reference);
  const before = await codesSent(stack, reference);
  const sent = await client.post(`/orderer/cases/${reference}/code`);
  if (sent.status !== 202) throw new Error(`Code not sent: ${sent.status} ${JSON.stringify(sent.json)}`);
  const code = await nextCode(stack, reference, before);
  const opened = await client.post(`/orderer/cases/${reference}/session`, { code });
  if (opened.status !== 200) throw new Error(`Case not opened: ${opened.status} ${JSON.stringify(opened.json)}`);
  const page = await client.get(`/orderer/cases/${reference}`);
  if (page.status !== 200) throw new Error(`No orderer session: ${page.status}`);
  client.csrfToken = page.json.csrfToken;
  return client;
}
