import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { constants as zlibConstants, createBrotliCompress, createGzip } from 'node:zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { redactPersonnummer } from '../../functions/http/log-redaction';
import { contractViolation } from '../../functions/http/response-contract';
import { DEFAULT_ROUTE, matchRoute, type ResponseDefinition, type RouteDefinition } from '../../functions/routes';
import { WEB_SECURITY_HEADERS, webSecurityHeaders } from '../security-headers';
import { webFileFor, webRoutes, type WebRoutes } from '../web-routes';
import { lambdaContext } from './lambda-context';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

export interface LoadedRoute extends RouteDefinition {
  handler: HttpHandler;
}

/** An answer that broke its route's declared contract (see `functions/http/response-contract.ts`). */
export interface ContractViolation {
  route: string;
  statusCode: number;
  violation: string;
}

export interface LocalHttpServerOptions {
  routes: LoadedRoute[];
  /** API Gateway's `$default` route: what answers every request no route takes. */
  defaultRoute: HttpHandler;
  webRoot: string;
  /** Told of every answer that breaks its route's contract (the answer itself is sent as it was). */
  onContractViolation?: (violation: ContractViolation) => void;
  /** Runs a scheduled job once as of a time (`POST /__local/jobs/<name>`, for `npm run job`; on this machine only). */
  runJob?: (job: string, at?: Date) => Promise<unknown>;
  /** Other origins the pages send requests to (the local object storage): the CSP's `connect-src`. */
  connectSources?: string[];
}

/** API Gateway HTTP APIs refuse bodies above 10 MB before any function runs. */
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const TEXTUAL = /^(application\/(json|[\w.+-]+\+json|x-www-form-urlencoded|xml)|text\/)/i;

function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(tooLarge ? 'too_large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The address of the connection, as API Gateway reports it in `sourceIp` (never a header the
 * client sets, such as X-Forwarded-For): IPv4 as `203.0.113.7`, not Node's `::ffff:203.0.113.7`.
 */
export function clientAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}

const EDGE_ONLY_HEADERS = /^(x-amz-cf-id|x-vistelse-edge|cloudfront-.*)$/i;

/** Builds the API Gateway HTTP API (payload 2.0) event that AWS would hand the function. */
export function toApiGatewayEvent(
  req: IncomingMessage,
  url: URL,
  /** `GET /api/orders`, or `$default` for what no route takes. */
  routeKey: string,
  pathParameters: Record<string, string>,
  body: Buffer,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    // Headers only CloudFront sets in AWS: locally nothing stands in front, so a client's are forged.
    if (EDGE_ONLY_HEADERS.test(name)) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const textual = TEXTUAL.test(headers['content-type'] ?? '');
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: req.headers.cookie ? req.headers.cookie.split(/;\s*/) : undefined,
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(pathParameters).length ? pathParameters : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0],
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: clientAddress(req),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length === 0 ? undefined : textual ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: body.length > 0 && !textual,
  };
}

/**
 * What CloudFront's response headers policy for `/api/*` does in AWS (`infra/web.ts`,
 * `apiHeaders`): the security headers where an answer lacks them (the handlers set their own,
 * stricter ones), and `Cache-Control: no-store` always. So the adapter's own answers (404, 405,
 * 413, 500) carry them as well.
 */
export function withApiEdgeHeaders(headers: Record<string, string>): Record<string, string> {
  const { 'permissions-policy': _, ...security } = WEB_SECURITY_HEADERS;
  const merged: Record<string, string> = { ...security };
  for (const [name, value] of Object.entries(headers)) merged[name.toLowerCase()] = value;
  merged['cache-control'] = 'no-store';
  return merged;
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
  res.writeHead(status, withApiEdgeHeaders({ 'content-type': 'application/json; charset=utf-8', ...extra }));
  res.end(JSON.stringify(body));
}

/**
 * One origin for the web app and the API, like CloudFront in AWS: `/api/*` goes to the same
 * Lambda handlers through API Gateway-shaped events, everything else is the built web app with
 * the single-page fallback.
 */
export function createLocalHttpServer(options: LocalHttpServerOptions): Server {
  const webRoot = resolve(options.webRoot);
  const routes = buildRoutes(webRoot);
  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        await serveApi(req, res, url, options);
      } else if (url.pathname.startsWith('/__local/jobs/') && options.runJob) {
        await serveJob(req, res, url, options.runJob);
      } else {
        serveStatic(req, res, url, webRoot, routes(), webSecurityHeaders(options.connectSources));
      }
    } catch (error) {
      console.error(
        JSON.stringify({ level: 'error', message: 'local adapter failure', errorName: (error as Error).name, stack: redactPersonnummer((error as Error).stack) }),
      );
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal_error', message: 'Något gick fel hos oss.' } });
      else res.end();
    }
  });
}

async function serveApi(req: IncomingMessage, res: ServerResponse, url: URL, options: LocalHttpServerOptions) {
  const method = req.method ?? 'GET';
  const match = matchRoute(options.routes, method, url.pathname);
  // What no route takes goes to the `$default` route's function, as in API Gateway.
  const target: { id: string; routeKey: string; handler: HttpHandler; responses: Record<number, ResponseDefinition>; pathParameters: Record<string, string> } =
    'route' in match
      ? { ...(match.route as LoadedRoute), routeKey: `${match.route.method} ${match.route.path}`, pathParameters: match.pathParameters }
      : { id: DEFAULT_ROUTE.id, routeKey: '$default', handler: options.defaultRoute, responses: DEFAULT_ROUTE.responses, pathParameters: {} };
  const body = await readBody(req, GATEWAY_MAX_BODY_BYTES);
  if (body === 'too_large') {
    return sendJson(res, 413, { error: { code: 'payload_too_large', message: 'Innehållet är för stort.' } });
  }
  const event = toApiGatewayEvent(req, url, target.routeKey, target.pathParameters, body);
  const result = await target.handler(event, lambdaContext(target.id));
  const structured = typeof result === 'object' && result !== null && 'statusCode' in result ? result : { statusCode: 200, body: JSON.stringify(result) };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(structured.headers ?? {})) headers[k] = String(v);
  const statusCode = structured.statusCode ?? 200;
  const violation = contractViolation(target.responses, { statusCode, headers, body: structured.isBase64Encoded ? undefined : structured.body });
  if (violation) options.onContractViolation?.({ route: target.routeKey, statusCode, violation });
  // API Gateway (payload 2.0) turns the result's `cookies` into one Set-Cookie header each.
  const cookies = 'cookies' in structured ? structured.cookies : undefined;
  if (cookies?.length) res.setHeader('set-cookie', cookies);
  res.writeHead(statusCode, withApiEdgeHeaders(headers));
  if (method === 'HEAD') return res.end();
  const payload = structured.body ?? '';
  res.end(structured.isBase64Encoded ? Buffer.from(payload, 'base64') : payload);
}

/**
 * `POST /__local/jobs/<name>` with `{"at": "<ISO instant>"}`: runs the scheduled job once, as of
 * that time, in this stack (the same handler its timer runs) and answers with what it did. Only the
 * local stack has it (it listens on 127.0.0.1): in AWS the schedules alone run jobs.
 */
async function serveJob(req: IncomingMessage, res: ServerResponse, url: URL, runJob: (job: string, at?: Date) => Promise<unknown>) {
  if (req.method !== 'POST') {
    req.resume();
    return sendJson(res, 405, { error: { code: 'method_not_allowed', message: 'Använd POST.' } }, { allow: 'POST' });
  }
  const body = await readBody(req, 10_000);
  let at: Date | undefined;
  try {
    const parsed = body === 'too_large' || body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    at = parsed.at ? new Date(parsed.at) : undefined;
  } catch {
    return sendJson(res, 400, { error: { code: 'malformed_json', message: 'Innehållet är inte giltig JSON.' } });
  }
  if (at && Number.isNaN(at.getTime())) return sendJson(res, 400, { error: { code: 'validation_failed', message: 'Ogiltig tidpunkt.' } });
  const job = decodeURIComponent(url.pathname.slice('/__local/jobs/'.length));
  try {
    const result = await runJob(job, at);
    sendJson(res, 200, { job, at: (at ?? new Date()).toISOString(), result });
  } catch (error) {
    const unknown = (error as Error).message.startsWith('No scheduled job');
    sendJson(res, unknown ? 404 : 500, { error: { code: unknown ? 'not_found' : 'job_failed', message: redactPersonnummer((error as Error).message) } });
  }
}

/**
 * The build's prerendered pages and shell, read again only when the build changed (a rebuild
 * replaces the folder's entries, which moves its mtime), not walked on every request.
 */
function buildRoutes(webRoot: string): () => WebRoutes {
  let known: { mtimeMs: number; routes: WebRoutes } | undefined;
  return () => {
    const mtimeMs = existsSync(webRoot) ? statSync(webRoot).mtimeMs : -1;
    if (known?.mtimeMs !== mtimeMs) known = { mtimeMs, routes: webRoutes(webRoot) };
    return known.routes;
  };
}

function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL, webRoot: string, routes: WebRoutes, headers: Record<string, string>) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', ...headers });
    return res.end();
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400, headers);
    return res.end();
  }
  const requested = normalize(join(webRoot, pathname));
  if (requested !== webRoot && !requested.startsWith(webRoot + sep)) {
    res.writeHead(404, headers);
    return res.end();
  }
  // As CloudFront's viewer-request function: a prerendered page's HTML, else the app shell, else the file.
  const servedAs = webFileFor(pathname, routes);
  const file = servedAs === pathname ? requested : join(webRoot, servedAs);
  if (!(existsSync(file) && statSync(file).isFile())) {
    if (servedAs === pathname) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      return res.end('Hittades inte');
    }
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    return res.end('Webbappen är inte byggd: kör npm run build:web');
  }
  const immutable = pathname.startsWith('/assets/');
  const contentType = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
  // Compressed as CloudFront compresses (`compress: true`): text, Brotli if the browser takes it, else gzip.
  const encoding = COMPRESSIBLE.test(contentType) ? compressionFor(req.headers['accept-encoding']) : undefined;
  res.writeHead(200, {
    'content-type': contentType,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(COMPRESSIBLE.test(contentType) ? { vary: 'accept-encoding' } : {}),
    ...(encoding ? { 'content-encoding': encoding } : {}),
    ...headers,
  });
  if (req.method === 'HEAD') return res.end();
  const body = createReadStream(file);
  if (encoding === 'br') body.pipe(createBrotliCompress({ params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } })).pipe(res);
  else if (encoding === 'gzip') body.pipe(createGzip()).pipe(res);
  else body.pipe(res);
}

const COMPRESSIBLE = /^(text\/|application\/json|image\/svg\+xml)/;

/** The encoding to answer with, by the request's `Accept-Encoding` (no weights considered but `;q=0`). */
function compressionFor(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter((part) => !/;\s*q=0(\.0*)?$/.test(part))
      .map((part) => part.split(';')[0]),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return undefined;
}
