import type { LocalStack } from '../../infra/local/stack';

/** A browser's cookies, as far as these tests need them: name → value, set and cleared by Set-Cookie. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  /** Each cookie's last `Set-Cookie` line as the server sent it (its attributes: `HttpOnly`, `Max-Age`). */
  readonly lines = new Map<string, string>();
  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      this.lines.set(name, line);
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string) {
    return this.cookies.get(name);
  }
  set(name: string, value: string) {
    this.cookies.set(name, value);
  }
}

export interface PortalResponse {
  status: number;
  json: any;
  headers: Headers;
}

/** A logged-in staff member's browser, for the portal's API: its cookies, and the CSRF token `me` gave. */
export class PortalClient {
  csrfToken = '';
  /** Where the login came back to (the callback's redirect). */
  landedOn = '';
  constructor(
    private readonly stack: LocalStack,
    readonly jar = new CookieJar(),
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

  async post(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<PortalResponse> {
    const res = await this.fetch(`${this.stack.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': this.csrfToken, origin: this.stack.baseUrl, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json().catch(() => undefined), headers: res.headers };
  }
}

/**
 * Logs in as a browser would: the portal's login → the local identity provider's Swedish login
 * page, filled in and sent → the callback → the session cookie; then `me` for the CSRF token.
 */
export async function loginAs(stack: LocalStack, email: string, password = 'demo', returnTo = '/portal'): Promise<PortalClient> {
  const client = new PortalClient(stack);
  let res = await client.fetch(`${stack.apiUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  let location = res.headers.get('location')!;
  for (let hops = 0; hops < 10 && !location.includes('/interaction/'); hops++) {
    res = await client.fetch(new URL(location, stack.oidcIssuer).toString());
    location = res.headers.get('location')!;
  }
  res = await client.fetch(new URL(location, stack.oidcIssuer).toString());
  const page = await res.text();
  const action = /action="([^"]+)"/.exec(page)?.[1];
  if (!action) throw new Error(`No login form: ${page.slice(0, 200)}`);
  res = await client.fetch(new URL(action, stack.oidcIssuer).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }).toString(),
  });
  if (res.status === 200) throw new Error(`Login refused for ${email}: ${(await res.text()).match(/<a href="#email">([^<]+)/)?.[1]}`);
  for (let hops = 0; hops < 10; hops++) {
    location = res.headers.get('location') ?? '';
    if (!location || location.startsWith('/portal')) break;
    res = await client.fetch(new URL(location, stack.oidcIssuer).toString());
  }
  if (!location.startsWith('/portal')) throw new Error(`Login did not come back to the portal: ${res.status} ${location}`);
  client.landedOn = location;
  const me = await client.get('/auth/me');
  if (me.status !== 200) throw new Error(`No session after login: ${me.status}`);
  client.csrfToken = me.json.csrfToken;
  return client;
}
