import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import { startLocalStack as start, type LocalStack, type LocalStackOptions } from '../../infra/local/stack';

/**
 * The rate limit tests' stacks get unless they ask for another: far above what any test sends
 * from loopback (the fuzz test sends 2,000 orders), yet on, so the middleware runs everywhere.
 */
export const TEST_API_RATE_LIMIT = 1_000_000;

/**
 * The real local stack for a test file: in memory, on free ports, with a rate limit no test trips,
 * and strict about the API's contract — `stop()` fails the file if any answer broke its route's
 * declared schema, so every integration test checks the contract too.
 */
export function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  return start({ port: 0, apiRateLimit: TEST_API_RATE_LIMIT, strictContract: true, ...options });
}

export interface ReceivedMail {
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** Every mail the local SES has received. */
export async function receivedMails(mailUrl: string): Promise<ReceivedMail[]> {
  const res = await fetch(`${mailUrl}/store`);
  const json = (await res.json()) as { emails: ReceivedMail[] };
  return json.emails;
}

/** Waits until `predicate` holds for the received mails (the dispatcher works asynchronously). */
export async function waitForMails(
  mailUrl: string,
  predicate: (mails: ReceivedMail[]) => boolean,
  timeoutMs = 15_000,
): Promise<ReceivedMail[]> {
  const started = Date.now();
  for (;;) {
    const mails = await receivedMails(mailUrl);
    if (predicate(mails)) return mails;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`Timed out waiting for mails; received ${mails.length}: ${mails.map((m) => m.subject).join(' | ')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  /** A string or bytes; an iterable of chunks is sent chunked, without Content-Length. */
  body?: string | Uint8Array | Iterable<string | Uint8Array>;
  /**
   * The local address to connect from: any 127.x.y.z on Linux, so the local stack sees another
   * client IP (`127.0.0.2`, …) as API Gateway would see another client.
   */
  from?: string;
  /** A keep-alive agent to reuse connections; by default each request has its own connection. */
  agent?: Agent;
}

/** An HTTP request with node:http, for what fetch can't do: choose the client address, send chunked. */
export function rawRequest(url: string, options: RawRequest = {}): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname === 'localhost' ? '127.0.0.1' : target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? 'GET',
        headers: options.headers,
        localAddress: options.from,
        agent: options.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const body = options.body;
    if (body === undefined) req.end();
    else if (typeof body === 'string' || body instanceof Uint8Array) req.end(body);
    else {
      for (const chunk of body) req.write(chunk);
      req.end();
    }
  });
}
