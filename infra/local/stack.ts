import './invoke-store';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { parseApiRateLimit, resetEnvironment, type FunctionVariable } from '../../functions/env';
import { redactPersonnummer } from '../../functions/http/log-redaction';
import { resetRateLimits } from '../../functions/http/middleware/rate-limit';
import bundledConfig from '../../config/municipality.demo.json';
import { LOCAL_PASSWORD, startLocalOidcProvider } from './oidc-provider';
import { EncryptionSdkVault, rawAesKeyring } from '../../functions/adapters/encryption-sdk-vault';
import { DEFAULT_ROUTE, QUEUE_FUNCTIONS, ROUTES, SCHEDULED_FUNCTIONS, scheduledTimeoutSeconds, scheduleOf, STREAM_FUNCTIONS } from '../../functions/routes';
import { parseMunicipalityConfig } from '../../shared/municipality';
import { addDays, stockholmInstant, stockholmToday } from '../../shared/dates';
import { asLambda, concurrentInvocations, lambdaContext } from './lambda-context';
import { matchesOutboxFilter } from '../../functions/stream/outbox-filter';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local';
import { assertPortFree, freePort } from './free-port';
import { createLocalHttpServer, type ContractViolation, type HttpHandler, type LoadedRoute } from './http-server';
import { startStreamPoller } from './stream-poller';

export interface LocalStackOptions {
  /** Port of the web app + API; 0 picks a free one. */
  port?: number;
  sesPort?: number;
  dynamoDbPort?: number;
  s3Port?: number;
  /** Port of the local OpenID Connect provider (the portal's login). */
  oidcPort?: number;
  /** Where DynamoDB Local and the object store keep their files; without it, data lives in memory. */
  dataDir?: string;
  webRoot?: string;
  tableName?: string;
  log?: (line: string) => void;
  /** Another municipality configuration than the bundled demo (validated before anything starts). */
  municipalityConfig?: unknown;
  /** Whether the stream feeds the dispatcher and the scheduled jobs run (off: tests drive them). */
  background?: boolean;
  /** How often scheduled jobs run locally; defaults to their configured interval. */
  scheduleIntervalMs?: number;
  /**
   * Requests one client IP may make to each public API route per window (`API_RATE_LIMIT` of the
   * handlers). Default 300 (`API_RATE_LIMIT_DEFAULT`), as in AWS; `0` turns the limit off (e.g. for load tests).
   */
  apiRateLimit?: number;
  /** The window of `apiRateLimit` in seconds; default 300, the WAF's. */
  apiRateLimitWindowSeconds?: number;
  /**
   * Whether `stop()` fails when any API answer broke its route's declared contract (status, JSON
   * body and its schema, headers; `functions/http/response-contract.ts`). Tests set it; `npm start`
   * logs each violation instead.
   */
  strictContract?: boolean;
}

export interface LocalStack {
  baseUrl: string;
  apiUrl: string;
  /** The local SES: mail viewer at `/`, JSON at `/store`. */
  mailUrl: string;
  dynamoDbEndpoint: string;
  /** The local object storage (S3 API): the messages' attachments. */
  s3Endpoint: string;
  /** The local OpenID Connect provider staff log in with. */
  oidcIssuer: string;
  /** The raw AES key that wraps personal data locally (in `dataDir`, or a temporary folder removed at stop). */
  personalDataKeyFile: string;
  tableName: string;
  /** Resolves once the outbox dispatcher has caught up with everything written so far. */
  dispatcherIdle(): Promise<void>;
  /** Runs a scheduled function now, as its schedule would. */
  /** Runs a scheduled function now, as its schedule would — or as of `at`. */
  runScheduled(id: (typeof SCHEDULED_FUNCTIONS)[number]['id'], at?: Date): Promise<unknown>;
  /** Every API answer so far that broke its route's contract. */
  contractViolations(): ContractViolation[];
  /** Hands messages to a queue-fed function, as SQS would (e.g. SES events through SNS). */
  sendToQueue(id: (typeof QUEUE_FUNCTIONS)[number]['id'], bodies: string[]): Promise<SQSBatchResponse>;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * The local stand-in for the KMS key: a random AES-256 key in `personal-data.key` under the data
 * folder, made once (readable by this user only) and kept with the data it opens; a stack without
 * a data folder gets one in a temporary folder that goes when it stops.
 */
function ensurePersonalDataKey(dataDir: string | undefined, stops: (() => Promise<void>)[]): string {
  let dir = dataDir;
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), 'vistelse-key-'));
    const temporary = dir;
    stops.push(async () => rmSync(temporary, { recursive: true, force: true }));
  }
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'personal-data.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
  return file;
}

/** The given port (checked free, with a clear message if not), or any free one. */
async function portOrFree(port: number | undefined, what: string): Promise<number> {
  if (!port) return freePort();
  await assertPortFree(port, what);
  return port;
}

/**
 * The embedded local stack: AWS's DynamoDB Local, a local SES with a mail viewer, optional local
 * object storage, the table's stream feeding the dispatcher, and the API's own Lambda handlers
 * behind an API Gateway-shaped HTTP adapter that also serves the built web app.
 */
/** The local bucket of the messages' attachments (as `ATTACHMENTS_BUCKET` names it). */
export const ATTACHMENTS_BUCKET = 'vistelse-attachments';

/** S3's CORS configuration: the web app's origin may put files and read them, nobody else. */
function corsConfiguration(origin: string): string {
  return `<CORSConfiguration><CORSRule><AllowedOrigin>${origin}</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule></CORSConfiguration>`;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => {});
  const tableName = options.tableName ?? 'vistelse';
  const background = options.background ?? true;
  if (options.municipalityConfig !== undefined) {
    parseMunicipalityConfig(options.municipalityConfig);
    process.env.VISTELSE_MUNICIPALITY_CONFIG = JSON.stringify(options.municipalityConfig);
  } else {
    delete process.env.VISTELSE_MUNICIPALITY_CONFIG;
  }
  // Checked before anything starts, by the handlers' own parser.
  const rateLimit = parseApiRateLimit({
    API_RATE_LIMIT: options.apiRateLimit === undefined ? undefined : String(options.apiRateLimit),
    API_RATE_LIMIT_WINDOW_SECONDS: options.apiRateLimitWindowSeconds === undefined ? undefined : String(options.apiRateLimitWindowSeconds),
  });
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };

  try {
    const dynamoDbPort = await portOrFree(options.dynamoDbPort, 'DynamoDB Local');
    const sesPort = await portOrFree(options.sesPort, 'local SES');
    const httpPort = await portOrFree(options.port, 'web app and API');
    const oidcPort = await portOrFree(options.oidcPort, 'local identity provider');

    let dbPath: string | undefined;
    if (options.dataDir) {
      dbPath = join(options.dataDir, 'dynamodb');
      mkdirSync(dbPath, { recursive: true });
    }
    const dynamo = await startDynamoDbLocal({ port: dynamoDbPort, dbPath });
    stops.push(() => dynamo.stop());
    const personalDataKeyFile = ensurePersonalDataKey(options.dataDir, stops);
    const created = await ensureTable(dynamo.endpoint, tableName, new EncryptionSdkVault(rawAesKeyring(readFileSync(personalDataKeyFile))));
    log(`DynamoDB Local on ${dynamo.endpoint} (${dbPath ? `data in ${dbPath}` : 'in memory'}); table "${tableName}" ${created}`);

    const { default: startSes } = (await import('aws-ses-v2-local')) as unknown as {
      default: (c: { host: string; port: number }) => Promise<Server>;
    };
    const ses = await startSes({ host: '127.0.0.1', port: sesPort });
    stops.push(() => new Promise<void>((r) => { ses.closeAllConnections?.(); ses.close(() => r()); }));
    const mailUrl = `http://127.0.0.1:${sesPort}`;

    const baseUrl = `http://localhost:${httpPort}`;

    // The messages' attachments: the browser puts them here straight from the portal's pages
    // (hence CORS for our origin only), the functions check and serve them by signed links.
    const s3Port = await portOrFree(options.s3Port, 'local object storage');
    let directory: string;
    if (options.dataDir) {
      directory = join(options.dataDir, 's3');
      mkdirSync(directory, { recursive: true });
    } else {
      directory = mkdtempSync(join(tmpdir(), 'vistelse-s3-'));
      stops.push(async () => rmSync(directory, { recursive: true, force: true }));
    }
    const { default: S3rver } = await import('s3rver');
    const s3 = new S3rver({ port: s3Port, address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: ATTACHMENTS_BUCKET, configs: [Buffer.from(corsConfiguration(baseUrl))] }] });
    await s3.run();
    stops.push(() => s3.close());
    const s3Endpoint = `http://127.0.0.1:${s3Port}`;
    const identityProvider = await startLocalOidcProvider({
      port: oidcPort,
      config: parseMunicipalityConfig(options.municipalityConfig ?? bundledConfig),
      redirectUri: `${baseUrl}/api/auth/callback`,
      postLogoutRedirectUri: `${baseUrl}/portal/utloggad`,
    });
    stops.push(() => identityProvider.stop());
    log(`Local identity provider on ${identityProvider.issuer} (password "${LOCAL_PASSWORD}" for every demo account)`);
    // The handlers read their environment once, as in Lambda (names from functions/env.ts' one
    // list); the endpoints point the real AWS adapters at the local servers. Nothing stands in
    // front of the API locally, so there is no CloudFront secret; the local identity provider's
    // discovery names its logout, so no OIDC_LOGOUT_ENDPOINT either.
    const environment: Record<Exclude<FunctionVariable, 'EDGE_ORIGIN_SECRET' | 'VISTELSE_MUNICIPALITY_CONFIG' | 'PERSONAL_DATA_KMS_KEY_ARN' | 'OIDC_LOGOUT_ENDPOINT'>, string> = {
      TABLE_NAME: tableName,
      MAIL_FROM: 'no-reply@sundbyberg.example',
      PUBLIC_BASE_URL: baseUrl,
      SES_CONFIGURATION_SET: 'vistelse-local',
      AWS_REGION: process.env.AWS_REGION ?? 'eu-north-1',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      SES_ENDPOINT: mailUrl,
      API_RATE_LIMIT: String(rateLimit.limit),
      API_RATE_LIMIT_WINDOW_SECONDS: String(rateLimit.windowSeconds),
      PERSONAL_DATA_KEY_FILE: personalDataKeyFile,
      OIDC_ISSUER: identityProvider.issuer,
      OIDC_CLIENT_ID: identityProvider.clientId,
      ATTACHMENTS_BUCKET,
      // Nothing scans files for malware on this machine (in AWS, GuardDuty does): the README says so.
      MALWARE_SCAN: 'none',
      // The local object storage has no versions API: the purge deletes the one object there is.
      ATTACHMENTS_VERSIONING: 'none',
      S3_ENDPOINT: s3Endpoint,
    };
    Object.assign(process.env, environment, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
    delete process.env.EDGE_ORIGIN_SECRET;
    delete process.env.PERSONAL_DATA_KMS_KEY_ARN;
    delete process.env.OIDC_LOGOUT_ENDPOINT;
    // Many invocations at once in this one process, each in its own context (as Lambda's concurrent runtime).
    concurrentInvocations();
    // A new stack reads its environment and counts afresh, as a new process would.
    resetEnvironment();
    resetRateLimits();
    // Imported only now: the wiring reads the configuration when it loads, which must be this stack's.
    (await import('../../functions/wiring-vault')).resetPersonalDataVault();
    (await import('../../functions/wiring-auth')).resetPortalSessions();
    (await import('../../functions/wiring-sessions')).resetSessionLookup();
    (await import('../../functions/wiring-messages')).resetMessages();
    (await import('../../functions/wiring-attachments')).resetAttachments();
    (await import('../../functions/wiring-attachment-check')).resetAttachmentCheck();
    (await import('../../functions/wiring-orderer')).resetOrderer();
    (await import('../../functions/wiring-reports')).resetTimeReports();
    (await import('../../functions/wiring-stay-end')).resetStayEnds();
    (await import('../../functions/wiring-orderer-cancel')).resetOrdererCancel();
    (await import('../../functions/wiring-orderer-change')).resetOrdererChange();
    (await import('../../functions/wiring-portal-changes')).resetPortalChange();
    (await import('../../functions/wiring-extra-visits')).resetExtraVisits();
    (await import('../../functions/wiring-outgoing')).resetOutgoing();
    (await import('../../functions/wiring-outgoing-light')).resetOutgoingLight();
    (await import('../../functions/wiring-outgoing-store')).resetOutgoingStore();
    (await import('../../functions/wiring-extra-visits-chaser')).resetExtraVisitChaser();
    (await import('../../functions/wiring-purge')).resetPurge();
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;

    const routes: LoadedRoute[] = [];
    for (const route of ROUTES) {
      const module = (await import(join(ROOT, route.entry))) as { handler: HttpHandler };
      routes.push({ ...route, handler: asLambda(module.handler) });
    }
    const defaultRoute = asLambda(((await import(join(ROOT, DEFAULT_ROUTE.entry))) as { handler: HttpHandler }).handler);

    const pollers: ReturnType<typeof startStreamPoller>[] = [];
    for (const fn of background ? STREAM_FUNCTIONS : []) {
      const module = (await import(join(ROOT, fn.entry))) as {
        handler: (e: DynamoDBStreamEvent, c: Context) => Promise<DynamoDBBatchResponse>;
      };
      const poller = startStreamPoller({
        endpoint: dynamo.endpoint,
        tableName,
        functionName: fn.id,
        handler: asLambda(module.handler),
        filter: matchesOutboxFilter,
        log,
      });
      stops.push(() => poller.stop());
      pollers.push(poller);
    }

    const scheduled = new Map<string, (e: unknown, c: Context) => Promise<unknown>>();
    for (const fn of SCHEDULED_FUNCTIONS) {
      const imported = (await import(join(ROOT, fn.entry))) as { handler: (e: unknown, c: Context) => Promise<unknown> };
      const module = { handler: asLambda(imported.handler) };
      scheduled.set(fn.id, module.handler);
      if (!background) continue;
      const fire = () =>
        module
          .handler({ source: 'local-scheduler', job: fn.job, scheduledTime: new Date().toISOString() }, lambdaContext(fn.id, scheduledTimeoutSeconds(fn) * 1000))
          .catch((error: Error) => log(`${fn.id} failed: ${redactPersonnummer(error.message)}`));
      const schedule = scheduleOf(fn);
      if (options.scheduleIntervalMs !== undefined || 'everyMinutes' in schedule) {
        const timer = setInterval(fire, options.scheduleIntervalMs ?? ('everyMinutes' in schedule ? schedule.everyMinutes : 1) * 60_000);
        stops.push(async () => clearInterval(timer));
      } else {
        // Daily at a Swedish time, as EventBridge Scheduler's cron in Europe/Stockholm.
        let timer: NodeJS.Timeout;
        const arm = () => {
          timer = setTimeout(() => {
            fire();
            arm();
          }, nextDailyRun(new Date(), schedule.dailyAt, schedule.weekdaysOnly ?? false).getTime() - Date.now());
        };
        arm();
        stops.push(async () => clearTimeout(timer));
      }
    }
    const queues = new Map<string, (e: SQSEvent, c: Context) => Promise<SQSBatchResponse>>();
    for (const fn of QUEUE_FUNCTIONS) {
      const module = (await import(join(ROOT, fn.entry))) as { handler: (e: SQSEvent, c: Context) => Promise<SQSBatchResponse> };
      queues.set(fn.id, asLambda(module.handler));
    }

    /** A scheduled job run once as of `at` (the schedule's time): the stack's own timer, tests, and `npm run job`. */
    const runJob = (job: string, at = new Date()) => {
      const fn = SCHEDULED_FUNCTIONS.find((f) => f.job === job);
      if (!fn) throw new Error(`No scheduled job "${job}"`);
      // As long as the function may run in AWS (a job's own timeout), not an HTTP route's 30 s.
      return scheduled.get(fn.id)!({ source: 'local-scheduler', job, scheduledTime: at.toISOString() }, lambdaContext(fn.id, scheduledTimeoutSeconds(fn) * 1000));
    };
    const violations: ContractViolation[] = [];
    const server = createLocalHttpServer({
      routes,
      runJob,
      defaultRoute,
      webRoot: options.webRoot ?? join(ROOT, 'web/dist'),
      connectSources: [s3Endpoint],
      onContractViolation: (v) => {
        violations.push(v);
        log(`CONTRACT VIOLATION: ${v.route} answered ${v.violation}`);
        console.error(JSON.stringify({ level: 'error', message: 'answer breaks its route’s contract', ...v }));
      },
    });
    await new Promise<void>((r, reject) => {
      server.once('error', reject);
      server.listen(httpPort, '127.0.0.1', () => r());
    });
    stops.push(
      () =>
        new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
    );

    return {
      baseUrl,
      apiUrl: `${baseUrl}/api`,
      mailUrl,
      dynamoDbEndpoint: dynamo.endpoint,
      s3Endpoint,
      personalDataKeyFile,
      oidcIssuer: identityProvider.issuer,
      tableName,
      dispatcherIdle: async () => {
        await Promise.all(pollers.map((p) => p.idle()));
      },
      runScheduled: (id, at) => runJob(SCHEDULED_FUNCTIONS.find((f) => f.id === id)!.job, at),
      sendToQueue: (id, bodies) =>
        queues.get(id)!(
          {
            Records: bodies.map((body) => ({
              messageId: randomUUID(),
              receiptHandle: randomUUID(),
              body,
              attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'local', ApproximateFirstReceiveTimestamp: String(Date.now()) },
              messageAttributes: {},
              md5OfBody: '',
              eventSource: 'aws:sqs',
              eventSourceARN: `arn:aws:sqs:eu-north-1:000000000000:${id}`,
              awsRegion: 'eu-north-1',
            })),
          },
          lambdaContext(id),
        ),
      contractViolations: () => [...violations],
      stop: async () => {
        await stopAll();
        if (options.strictContract && violations.length > 0) {
          throw new Error(`Answers broke their routes' contract (functions/routes.ts):\n${violations.map((v) => `${v.route} → ${v.violation}`).join('\n')}`);
        }
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The next time after `now` that is `hh:mm` in Europe/Stockholm (on a weekday, if asked). */
export function nextDailyRun(now: Date, at: string, weekdaysOnly: boolean): Date {
  for (let d = 0; d <= 7; d++) {
    const date = addDays(stockholmToday(now), d);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (weekdaysOnly && (weekday === 0 || weekday === 6)) continue;
    const instant = stockholmInstant(`${date}T${at}`);
    if (instant && instant > now) return instant;
  }
  throw new Error(`No next run for ${at}`);
}
