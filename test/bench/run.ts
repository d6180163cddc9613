/**
 * `npm run bench`: figures and ratios measured in one run on this machine, against the local
 * stack (DynamoDB Local, local SES). Not part of `npm test`: numbers, not pass/fail flakes (its
 * smoke run, test/bench/bench.test.ts, is: few orders, and only the goals that are not timings).
 * BENCH_ORDERS sets the number of orders for the intake-cost rows (default 1,000), BENCH_LOAD_ORDERS
 * those of the load row (default 2,000); BENCH_ACTIVE_REPORTS, BENCH_DUE_REPORTS and
 * BENCH_APPROVED_REPORTS the time reports' rows (defaults 100,000 active, 10,000 due in one run,
 * 1,000 approved); BENCH_PURGE_CASES and BENCH_OPEN_CASES the purge's rows (10,000 closed cases due,
 * 100,000 open besides); BENCH_REPORT=<file> writes the rows as JSON as well.
 */
import { BatchWriteItemCommand, GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { keys } from '../../functions/adapters/dynamodb/keys';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { Agent } from 'node:http';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ulid } from 'ulid';
import { dynamoDbClient } from '../../functions/adapters/dynamodb/client';
import { DEFAULT_ROUTE, QUEUE_FUNCTIONS, ROUTES, SCHEDULED_FUNCTIONS, STREAM_FUNCTIONS } from '../../functions/routes';
import { localClient } from '../../infra/local/dynamodb-local';
import { startLocalStack } from '../../infra/local/stack';
import { ESM_REQUIRE_BANNER, FUNCTION_BUNDLING, FUNCTION_NODE_OPTIONS } from '../../infra/function-bundling';
import { permissionsFor } from '../../infra/permissions';
import demo from '../../config/municipality.demo.json';
import type { LocalStack } from '../../infra/local/stack';
import { rawRequest } from '../support/local-stack';
import { loginAs } from '../support/portal';
import { exampleOrder } from '../support/order-fixture';
import { scanAll } from '../support/table';
import { dynamoDbStores } from '../../functions/adapters/dynamodb/stores';
import type { ExpectedReport } from '../../functions/core/reports/ports';
import { inParallel } from '../../functions/core/kernel/in-parallel';
import { parseMunicipalityConfig } from '../../shared/municipality';
import { addDays, addMonths, stockholmToday } from '../../shared/dates';
import { logger, metrics } from '../../functions/observability/telemetry';

const ROOT = resolve(import.meta.dirname, '../..');
const ORDERS = Number(process.env.BENCH_ORDERS ?? 1000);
const LOAD_ORDERS = Number(process.env.BENCH_LOAD_ORDERS ?? 2000);
const LOAD_CLIENTS = 50;
/** The time-report rows: active reports for the chaser's scaling row, due in one run, approved in a month. */
const ACTIVE_REPORTS = Number(process.env.BENCH_ACTIVE_REPORTS ?? 100_000);
const DUE_IN_ONE_RUN = Number(process.env.BENCH_DUE_REPORTS ?? 10_000);
const APPROVED_REPORTS = Number(process.env.BENCH_APPROVED_REPORTS ?? 1000);
/** Gallring's rows: closed cases due in one run, and open cases besides in the second. */
const PURGE_DUE = Number(process.env.BENCH_PURGE_CASES ?? 10_000);
const OPEN_BESIDES = Number(process.env.BENCH_OPEN_CASES ?? 100_000);
const config = parseMunicipalityConfig(demo);
/**
 * What an order with an Idempotency-Key must wait for, and nothing more: the key's claim with the
 * loads routing weighs (they don't depend on each other); then, once the key is the request's own,
 * one draw of the case number and the turns; then the transaction that needs them all.
 */
const INTAKE_CRITICAL_PATH = 'BatchGetItem+PutItem → UpdateItem → TransactWriteItems';
const WRITE_COMMANDS = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);
const CAPACITY_COMMANDS = new Set([...WRITE_COMMANDS, 'GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'TransactGetItemsCommand']);
/**
 * A row of the table. `timing` marks a goal judged on times, which a shared machine can blur; the
 * other goals (sizes, counts, errors, fairness) come out the same on any machine, and the bench's
 * smoke test in `npm test` holds them.
 */
export interface BenchRow {
  what: string;
  figure: string;
  goal: string;
  pass: boolean | undefined;
  timing: boolean;
}
const rows: BenchRow[] = [];
const row = (what: string, figure: string, goal = '—', pass?: boolean, timing = false) => {
  rows.push({ what, figure, goal, pass, timing });
  console.log(`  ${what}: ${figure}`);
};
const timedRow = (what: string, figure: string, goal: string, pass: boolean) => row(what, figure, goal, pass, true);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * The functions log and measure as in Lambda (Powertools: JSON lines at INFO, EMF metrics; X-Ray
 * needs Lambda's daemon, so tracing is off here): their lines go to a sink, counted, so that the
 * table stays readable — writing them is part of what is measured.
 */
let powertoolsLines = 0;
{
  const write = process.stdout.write.bind(process.stdout) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.startsWith('{"level"') || text.startsWith('{"_aws"')) {
      powertoolsLines += 1;
      return true;
    }
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
}
/** Powertools on (INFO lines, EMF metrics) or off, for the intake's row that compares the two. */
function observability(on: boolean) {
  logger.setLogLevel(on ? 'INFO' : 'SILENT');
  // Metrics have no public switch after construction (POWERTOOLS_METRICS_DISABLED is read once): the bench flips its flag.
  Reflect.set(metrics, 'disabled', !on);
}
observability(true);

console.log(`Vistelse bench — ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);

// --- Intake cost and database work, against the real local stack --------------------------
// The demo municipality with every provider open and uncapped, so that the non-choice rotation's
// fairness is what the load row shows (caps would rightly take full providers out of it).
const uncapped = { ...demo, providers: demo.providers.map((p) => ({ ...p, acceptsNewClients: true, capacity: null })) };
// The app's rate limit is off: the bench is one client IP sending thousands of orders on purpose.
const stack = await startLocalStack({ background: false, municipalityConfig: uncapped, apiRateLimit: 0 });
try {
  // Count the requests the intake handler's own DynamoDB client makes.
  const perCommand = new Map<string, number>();
  /** Each request's own round trip by type (median printed): which of the order's requests cost what. */
  const perCommandMs = new Map<string, number[]>();
  let itemsWritten = 0;
  let writeUnits = 0;
  let readUnits = 0;
  let lastTransaction: any[] = [];
  // The wall time during which at least one of the handler's DynamoDB requests is in flight
  // (requests sent together count once): what the database and the SDK take of an order.
  let inFlight = 0;
  let busySince = 0;
  let waitedOnDynamoDb = 0;
  /** This order's requests with when each started and ended: its critical path, round by round. */
  let requestLog: { name: string; start: number; end: number }[] = [];
  const client = dynamoDbClient();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (inFlight++ === 0) busySince = performance.now();
      const entry = { name: String(context.commandName).replace('Command', ''), start: performance.now(), end: 0 };
      try {
        return await next(args);
      } finally {
        entry.end = performance.now();
        requestLog.push(entry);
        if (--inFlight === 0) waitedOnDynamoDb += performance.now() - busySince;
      }
    },
    { step: 'initialize', name: 'benchDynamoDbTime' },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      perCommand.set(name, (perCommand.get(name) ?? 0) + 1);
      const input = args.input as Record<string, any>;
      // Ask the server what each request costs (the adapter itself does not ask in production).
      if (CAPACITY_COMMANDS.has(name)) input.ReturnConsumedCapacity = 'TOTAL';
      if (name === 'TransactWriteItemsCommand') {
        itemsWritten += input.TransactItems.length;
        lastTransaction = input.TransactItems;
      }
      if (name === 'PutItemCommand' || name === 'UpdateItemCommand') itemsWritten += 1;
      const started = performance.now();
      const result = await next(args);
      if (!perCommandMs.has(name)) perCommandMs.set(name, []);
      perCommandMs.get(name)!.push(performance.now() - started);
      const consumed = (result.output as Record<string, any>).ConsumedCapacity;
      for (const c of [consumed].flat().filter(Boolean)) {
        if (WRITE_COMMANDS.has(name)) writeUnits += c.WriteCapacityUnits ?? c.CapacityUnits ?? 0;
        else readUnits += c.ReadCapacityUnits ?? c.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'benchCounter' },
  );

  // The client is node:http with a keep-alive agent, as the SDK's requests of the bare PutItem are:
  // fetch (undici) would add its own CPU, on the same two cores, to what is measured as the intake's.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const post = async (body: unknown) => {
    const t = performance.now();
    // With an Idempotency-Key, as the form sends every order.
    const res = await rawRequest(`${stack.apiUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${ulid()}` },
      body: JSON.stringify(body),
      agent,
    });
    if (res.status !== 201) throw new Error(`order answered ${res.status}: ${res.text}`);
    return performance.now() - t;
  };
  for (let i = 0; i < 20; i++) await post(exampleOrder()); // warm-up
  perCommand.clear();
  perCommandMs.clear();
  itemsWritten = 0;
  writeUnits = 0;
  readUnits = 0;

  // Each order is followed by a bare PutItem of the same case item and by the order's
  // transaction items written as Puts, on the same server: the series share the machine's and the
  // JVM's state at every moment, so the ratios hold on a noisy machine.
  const bare = localClient(stack.dynamoDbEndpoint);
  const item = { pk: benchKey('x'), sk: 'META', type: 'bench_case', order: exampleOrder(), reference: 'TV-2026-00001', status: 'open' };
  const intake: number[] = [];
  const dynamoDbShare: number[] = [];
  const ownTransaction: number[] = [];
  const puts: number[] = [];
  const transactions: number[] = [];
  const paths = new Map<string, number>();
  /** Per order, the intake's own time in each gap of its critical path: before the first round, between rounds, after the last. */
  const gaps: number[][] = [];
  for (let i = 0; i < ORDERS; i++) {
    waitedOnDynamoDb = 0;
    requestLog = [];
    const postedAt = performance.now();
    intake.push(await post(exampleOrder()));
    gaps.push(gapsOf(requestLog, postedAt, postedAt + intake[intake.length - 1]));
    dynamoDbShare.push(waitedOnDynamoDb);
    const tx = requestLog.find((r) => r.name === 'TransactWriteItems');
    if (tx) ownTransaction.push(tx.end - tx.start);
    const path = criticalPath(requestLog);
    paths.set(path, (paths.get(path) ?? 0) + 1);
    let t = performance.now();
    await bare.send(new PutItemCommand({ TableName: stack.tableName, Item: marshall({ ...item, pk: benchKey(ulid()) }, { removeUndefinedValues: true }) }));
    puts.push(performance.now() - t);
    const sameItems = transactionOfSameItems(lastTransaction)(benchKey(ulid()));
    t = performance.now();
    await bare.send(new TransactWriteItemsCommand({ TransactItems: sameItems }));
    transactions.push(performance.now() - t);
  }
  const requests = [...perCommand.values()].reduce((a, b) => a + b, 0);
  bare.destroy();

  const median = (values: number[]) => quantile(values, 0.5);
  const ratioToTransaction = median(intake) / median(ownTransaction);
  timedRow(
    `intake, median over ${ORDERS} orders (HTTP round trip incl. validation, routing + outbox) vs the order's own TransactWriteItems`,
    `${ms(median(intake))} vs ${ms(median(ownTransaction))} = ${ratioToTransaction.toFixed(2)}×`,
    '≤ 1.75×',
    ratioToTransaction <= 1.75,
  );
  row(`intake, p99`, `${ms(quantile(intake, 0.99))} (its transaction ${ms(quantile(ownTransaction, 0.99))}; bare PutItem ${ms(quantile(puts, 0.99))})`);
  const beside = median(intake.map((t, i) => t - dynamoDbShare[i]));
  timedRow(
    "intake, median: its time beside its DynamoDB requests (validation, routing, mails, HTTP) vs a bare PutItem",
    `${ms(beside)} vs ${ms(median(puts))} = ${(beside / median(puts)).toFixed(2)}×; waiting on DynamoDB (incl. the SDK) ${ms(median(dynamoDbShare))} = ${(median(dynamoDbShare) / median(puts)).toFixed(1)}× PutItem`,
    '≤ 1×',
    beside <= median(puts),
  );
  const [commonPath, commonCount] = [...paths].sort((a, b) => b[1] - a[1])[0];
  row(
    "intake's DynamoDB requests, round by round (requests in one round are in flight together)",
    `${commonPath} (${commonCount} of ${ORDERS} orders${paths.size > 1 ? `; also ${[...paths].filter(([p]) => p !== commonPath).map(([p, n]) => `${p} ×${n}`).join(', ')}` : ''})`,
    `${INTAKE_CRITICAL_PATH}: no request waits for one it does not depend on`,
    paths.size === 1 && commonPath === INTAKE_CRITICAL_PATH,
  );
  const gapMedians = gaps[0].map((_, g) => median(gaps.filter((x) => x.length === gaps[0].length).map((x) => x[g])));
  row(
    "intake, median: its own time before, between and after its rounds of requests",
    `${gapMedians.map(ms).join(' | ')} (before the claim: HTTP, body, validation; after it: routing's turns; after the draw: the plan, seven mails, the items; after the transaction: the answer)`,
  );
  row(
    `floor: the order's transaction items written as Puts in one transaction (${lastTransaction.length} items)`,
    `${ms(median(transactions))} = ${(median(transactions) / median(puts)).toFixed(1)}× PutItem; the intake's own transaction ${ms(median(ownTransaction))} = ${(median(ownTransaction) / median(puts)).toFixed(1)}×`,
  );
  row(
    'DynamoDB requests per accepted, routed order',
    `${(requests / ORDERS).toFixed(1)} (${[...perCommand].map(([k, v]) => `${k.replace('Command', '')} ${(v / ORDERS).toFixed(1)}, ${ms(median(perCommandMs.get(k)!))} each`).join('; ')})`,
    '1 transaction (order + routing + outbox) + the idempotency claim + one draw of the counters (case number and rotation turns) + the loads routing weighs',
    requests / ORDERS === 4 && (perCommand.get('TransactWriteItemsCommand') ?? 0) / ORDERS === 1,
  );
  row('items written per order (transaction items + idempotency claim + counters)', (itemsWritten / ORDERS).toFixed(1));
  row(
    'capacity units per order (ReturnConsumedCapacity)',
    writeUnits > 0 ? `${(writeUnits / ORDERS).toFixed(1)} write, ${(readUnits / ORDERS).toFixed(1)} read` : 'not reported by DynamoDB Local',
  );

  // Powertools on vs off, order by order in turn, so both series share the machine's state.
  const withObservability: number[] = [];
  const withoutObservability: number[] = [];
  const linesBefore = powertoolsLines;
  for (let i = 0; i < Math.min(ORDERS, 200); i++) {
    observability(i % 2 === 0);
    (i % 2 === 0 ? withObservability : withoutObservability).push(await post(exampleOrder()));
  }
  observability(true);
  agent.destroy();
  const linesPerOrder = (powertoolsLines - linesBefore) / Math.max(1, withObservability.length);
  const observabilityDelta = median(withObservability) - median(withoutObservability);
  timedRow(
    'intake with Powertools on (JSON log lines at INFO, EMF metrics; X-Ray is off without Lambda) vs off, orders in turn',
    `${ms(median(withObservability))} vs ${ms(median(withoutObservability))}: ${observabilityDelta >= 0 ? '+' : ''}${ms(observabilityDelta)} = ${(observabilityDelta / median(ownTransaction)).toFixed(2)}× its transaction; ${linesPerOrder.toFixed(1)} lines per order (the answer's, the mails')`,
    '≤ +0.1× the transaction',
    observabilityDelta <= 0.1 * median(ownTransaction),
  );

  // --- Load: many clients at once over loopback ------------------------------------------
  const before = await rotationTurns(stack);
  const loadStartedAt = new Date().toISOString();
  perCommand.clear();
  const load = await autocannon({
    url: `${stack.apiUrl}/orders`,
    method: 'POST',
    connections: LOAD_CLIENTS,
    amount: LOAD_ORDERS,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(exampleOrder()),
    requests: [{ setupRequest: (req: any) => ({ ...req, headers: { ...req.headers, 'idempotency-key': `load-${ulid()}` } }) }],
  });
  const errors = load.errors + load.timeouts + load.non2xx;
  row(
    `load: ${LOAD_ORDERS} orders from ${LOAD_CLIENTS} concurrent clients`,
    `${load['2xx']} accepted, ${errors} errors, ${load.requests.average.toFixed(0)} orders/s, p99 ${load.latency.p99} ms`,
    '0 errors',
    errors === 0 && load['2xx'] === LOAD_ORDERS,
  );
  const transactionsPerOrder = (perCommand.get('TransactWriteItemsCommand') ?? 0) / LOAD_ORDERS;
  row(
    'load: transactions sent per order (above 1: collisions on hot items, retried)',
    `${transactionsPerOrder.toFixed(2)} (${((perCommand.get('UpdateItemCommand') ?? 0) / LOAD_ORDERS).toFixed(2)} counter draws per order)`,
  );
  const spread = rotationSpread(before, await rotationTurns(stack));
  row('load: the rotation\'s share per provider (max − min, worst rotation)', spread.text, '≤ 1', spread.worst <= 1);
  const perCaseworker = new Map<string, number>();
  for (const item of await scanAll(stack.dynamoDbEndpoint, stack.tableName)) {
    if (item.type === 'case' && item.receivedAt >= loadStartedAt) perCaseworker.set(item.routing.caseworkerId ?? 'queue', (perCaseworker.get(item.routing.caseworkerId ?? 'queue') ?? 0) + 1);
  }
  row('load: cases per caseworker (one district and target group)', [...perCaseworker].map(([id, n]) => `${id} ${n}`).join(', '));

  // --- The portal's case page: its API read (session, access, decrypt, audit) against a GetItem ---
  // Logged in as the unit head through the local identity provider, as a person would; each read
  // opens the case's sealed personal data and writes its audit entry first. Interleaved with a
  // bare GetItem of the same case item.
  const portalReads = Math.max(20, Math.round(ORDERS / 2));
  const someCase = (await scanAll(stack.dynamoDbEndpoint, stack.tableName)).find((i) => i.type === 'case' && i.routing.unitId === 'aldreomsorg')!;
  const unitHead = await loginAs(stack, 'maria.ek@sundbyberg.example');
  const reader = localClient(stack.dynamoDbEndpoint);
  const casePage: number[] = [];
  const getItems: number[] = [];
  for (let i = 0; i < portalReads + 10; i++) {
    let t = performance.now();
    const page = await unitHead.get(`/portal/cases/${someCase.reference}`);
    const pageMs = performance.now() - t;
    if (page.status !== 200 || !page.json.person) throw new Error(`case page answered ${page.status}`);
    t = performance.now();
    await reader.send(new GetItemCommand({ TableName: stack.tableName, Key: marshall(keys.case(someCase.caseId)), ConsistentRead: true }));
    const getMs = performance.now() - t;
    if (i >= 10) {
      casePage.push(pageMs);
      getItems.push(getMs);
    }
  }
  reader.destroy();
  row(
    `portal: the case page's API read (session, access, decrypt, audit), median over ${portalReads}`,
    `${ms(quantile(casePage, 0.5))} vs bare GetItem ${ms(quantile(getItems, 0.5))} = ${(quantile(casePage, 0.5) / quantile(getItems, 0.5)).toFixed(1)}×; p99 ${ms(quantile(casePage, 0.99))}`,
  );

  // --- Time reports: the chaser's reads grow with what is due, not with all reports ----------
  // Synthetic expected reports written through the store itself (its items, its index entries):
  // a few due on the day of the run, the rest far ahead. The same number due with 1,000 and with
  // 100,000 active reports; then 10,000 due in one run; then a month of 1,000 approved reports.
  {
    const reports = dynamoDbStores(dynamoDbClient(), stack.tableName);
    const ACTIVE_SMALL = Math.min(1000, ACTIVE_REPORTS);
    const DUE_EACH_DAY = Math.max(10, Math.round(ACTIVE_SMALL / 10));
    let n = 0;
    const synthetic = (reminder: string, month = '2030-12'): ExpectedReport => {
      const i = n++;
      const provider = config.providers[i % config.providers.length];
      return {
        caseId: `BENCH${String(i).padStart(7, '0')}`,
        insatsType: 'hemtjanst',
        month,
        reference: `TV-2030-${String(i).padStart(6, '0')}`,
        providerId: provider.id,
        period: { month, from: `${month}-01`, to: `${month}-31`, days: 31, daysInMonth: 31 },
        dueDate: reminder,
        ladder: { reminder, chaser: '2099-01-05', second_chaser: '2099-01-12', escalation: '2099-01-19' },
        chased: [],
        unit: 'minutes',
        granted: 1320,
        rate: { amountOre: 49_500, per: 'hour' },
        homeMunicipality: i % 3 === 0 ? { code: '0483', name: 'Katrineholm' } : i % 3 === 1 ? { code: '0980', name: 'Gotland' } : { code: '2029', name: 'Leksand' },
        invoiceReference: `REF-${i % 50}`,
        billingAddress: 'Kommunens fakturaenhet',
        status: 'expected',
        versions: 0,
        createdAt: '2030-12-01T08:00:00.000Z',
      };
    };
    const plan = async (list: ExpectedReport[]) => {
      const chunks: ExpectedReport[][] = [];
      for (let i = 0; i < list.length; i += 100) chunks.push(list.slice(i, i + 100));
      await inParallel(chunks, 8, (chunk) => reports.transactor.commit([reports.reports.plan(chunk)]));
    };
    const runAsOf = async (date: string) => {
      requestLog = [];
      const t = performance.now();
      const result = (await stack.runScheduled('ChaseTimeReports', new Date(`${date}T07:00:00+01:00`))) as { steps: { reminder: number }; mails: number };
      return { ms: performance.now() - t, requests: requestLog.length, reminded: result.steps.reminder, mails: result.mails };
    };
    // Working days of March 2031 (no holidays), three runs at each size.
    const days = ['2031-03-04', '2031-03-05', '2031-03-06', '2031-03-11', '2031-03-12', '2031-03-13'];
    const small: Awaited<ReturnType<typeof runAsOf>>[] = [];
    const large: Awaited<ReturnType<typeof runAsOf>>[] = [];
    await plan([...days.flatMap((d) => Array.from({ length: DUE_EACH_DAY }, () => synthetic(d))), ...Array.from({ length: ACTIVE_SMALL - 6 * DUE_EACH_DAY }, () => synthetic('2099-01-02'))]);
    for (const d of days.slice(0, 3)) small.push(await runAsOf(d));
    const t = performance.now();
    await plan(Array.from({ length: ACTIVE_REPORTS - ACTIVE_SMALL }, () => synthetic('2099-01-02')));
    const planned = performance.now() - t;
    for (const d of days.slice(3)) large.push(await runAsOf(d));
    const smallMs = median(small.map((r) => r.ms));
    const largeMs = median(large.map((r) => r.ms));
    timedRow(
      `chase-time-reports: one run with ${ACTIVE_REPORTS.toLocaleString('en')} active reports vs ${ACTIVE_SMALL.toLocaleString('en')}, ${DUE_EACH_DAY} due that day (median of 3 runs each)`,
      `${ms(largeMs)} vs ${ms(smallMs)} = ${(largeMs / smallMs).toFixed(2)}×; requests ${large.map((r) => r.requests).join('/')} vs ${small.map((r) => r.requests).join('/')} (writing the ${(ACTIVE_REPORTS - ACTIVE_SMALL).toLocaleString('en')} more took ${(planned / 1000).toFixed(0)} s)`,
      '≤ 1.5×',
      largeMs / smallMs <= 1.5,
    );
    row(
      'chase-time-reports: DynamoDB requests of a run, by active reports',
      `${median(large.map((r) => r.requests))} with ${ACTIVE_REPORTS.toLocaleString('en')} vs ${median(small.map((r) => r.requests))} with ${ACTIVE_SMALL.toLocaleString('en')} (same due)`,
      'the same: reads grow with what is due',
      median(large.map((r) => r.requests)) === median(small.map((r) => r.requests)),
    );

    await plan(Array.from({ length: DUE_IN_ONE_RUN }, () => synthetic('2031-03-14')));
    const big = await runAsOf('2031-03-14');
    row(
      `chase-time-reports: ${DUE_IN_ONE_RUN.toLocaleString('en')} reports due in one run`,
      `${(big.ms / 1000).toFixed(1)} s = ${ms(big.ms / DUE_IN_ONE_RUN)} per report; ${(big.requests / DUE_IN_ONE_RUN).toFixed(2)} DynamoDB requests per report; ${big.mails} mails (one per provider)`,
      `all ${DUE_IN_ONE_RUN.toLocaleString('en')} reminded, one mail per recipient`,
      big.reminded === DUE_IN_ONE_RUN && big.mails === config.providers.length,
    );

    // A month of approved reports: submitted and approved through the store, then read as the economy assistant would.
    const month = '2031-01';
    const approved = Array.from({ length: APPROVED_REPORTS }, () => synthetic('2099-01-02', month));
    await plan(approved);
    await inParallel(approved, 8, async (r) => {
      await reports.transactor.commit([reports.reports.submit({ caseId: r.caseId, insatsType: r.insatsType, month, version: 1, submittedAt: '2031-02-02T08:00:00.000Z', submittedBy: 'bench@example', late: false, quantity: 1290, extras: [], sealedTexts: 'x' })]);
      await reports.transactor.commit([reports.reports.review({ caseId: r.caseId, insatsType: r.insatsType, month, version: 1, review: { decision: 'approve', at: '2031-02-03T08:00:00.000Z', by: 'bench@example' }, approvedQuantity: 1290 })]);
    });
    const eva = await loginAs(stack, 'eva.lundgren@sundbyberg.example');
    const timed = async (path: string) => {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 4; i++) {
        const t0 = performance.now();
        const res = await eva.fetch(`${stack.apiUrl}${path}`);
        bytes = (await res.arrayBuffer()).byteLength;
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        if (i > 0) times.push(performance.now() - t0);
      }
      return { ms: median(times), bytes };
    };
    const json = await timed(`/portal/invoice-basis?month=${month}`);
    const csv = await timed(`/portal/invoice-basis/csv?month=${month}`);
    const pdf = await timed(`/portal/invoice-basis/pdf?month=${month}`);
    row(
      `invoice basis: a month of ${APPROVED_REPORTS.toLocaleString('en')} approved reports (median of 3)`,
      `JSON ${ms(json.ms)}, CSV ${ms(csv.ms)} (${(csv.bytes / 1024).toFixed(0)} KB), PDF ${ms(pdf.ms)} (${(pdf.bytes / 1024).toFixed(0)} KB)`,
    );
  }

  // --- Gallring: closed cases found by the purge index, whatever else the table holds ----------
  // Two real cases as templates (one cancelled with reasons and talked about, closed at once; one
  // open), each partition cloned under new ids: 10,000 closed cases due, purged in one run; then
  // 100,000 open cases besides and 10,000 more due, the same run again.
  {
    const portalOf = async (email: string) => loginAs(stack, email);
    const submitted = async () => {
      const order: any = exampleOrder();
      order.decision.insatser = [order.decision.insatser[0]];
      order.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' };
      const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
      if (res.status !== 201) throw new Error(`the purge's template order answered ${res.status}`);
      const reference = (await res.json()).reference as string;
      return { reference, caseId: (await reports.cases.findIdByReference(reference))! };
    };
    const reports = dynamoDbStores(dynamoDbClient(), stack.tableName);
    const closed = await submitted();
    const sara = await portalOf('sara.lind@duvbo-omsorg.example');
    await sara.post(`/portal/cases/${closed.reference}/assignments/hemtjanst/decline`, { reason: 'Vi har ingen personal där' });
    const unitHead = await portalOf('maria.ek@sundbyberg.example');
    await unitHead.post(`/cases/${closed.reference}/messages`, { channel: 'conversation', text: 'Vi återkommer om vistelsen.' });
    await unitHead.post(`/cases/${closed.reference}/messages`, { channel: 'internal', text: 'Anteckning om ärendet.' });
    const cancelled = await unitHead.post(`/portal/cases/${closed.reference}/cancel`, { reason: 'Vistelsen blev inte av.' });
    if (cancelled.status !== 200) throw new Error(`the purge's template case could not be cancelled (${cancelled.status})`);
    const open = await submitted();

    const writer = localClient(stack.dynamoDbEndpoint);
    const partitionOf = async (caseId: string) =>
      ((await writer.send(new QueryCommand({ TableName: stack.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: marshall({ ':pk': keys.case(caseId).pk }), ConsistentRead: true }))).Items ?? []).map((i) => unmarshall(i));
    const closedItems = JSON.stringify(await partitionOf(closed.caseId));
    const openItems = JSON.stringify(await partitionOf(open.caseId));
    let cloned = 0;
    /** `count` copies of a template's partition, each under a new case id and reference. */
    const clone = async (template: string, from: { reference: string; caseId: string }, count: number) => {
      const items = Array.from({ length: count }, () => {
        const i = cloned++;
        return JSON.parse(template.replaceAll(from.caseId, ulid()).replaceAll(from.reference, `TV-2099-${String(i).padStart(6, '0')}`)) as Record<string, unknown>[];
      }).flat();
      const batches: Record<string, unknown>[][] = [];
      for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
      await inParallel(batches, 8, async (batch) => {
        let requests = batch.map((item) => ({ PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) } }));
        while (requests.length > 0) {
          const out = await writer.send(new BatchWriteItemCommand({ RequestItems: { [stack.tableName]: requests } }));
          requests = (out.UnprocessedItems?.[stack.tableName] ?? []) as typeof requests;
        }
      });
      return items.length;
    };
    const at = new Date(`${addDays(addMonths(stockholmToday(new Date()), config.rules.retentionMonthsAfterClosure), 1)}T01:00:00+01:00`);
    const purgeRun = async () => {
      requestLog = [];
      const t = performance.now();
      const result = (await stack.runScheduled('Purge', at)) as { purged: number; skipped: number };
      return { ms: performance.now() - t, requests: requestLog.length, ...result };
    };
    const closedPerCase = JSON.parse(closedItems).length;
    let t = performance.now();
    await clone(closedItems, closed, PURGE_DUE - 1);
    const seeded = performance.now() - t;
    const first = await purgeRun();
    row(
      `purge: ${PURGE_DUE.toLocaleString('en')} closed cases due in one run`,
      `${(first.ms / 1000).toFixed(1)} s = ${ms(first.ms / Math.max(1, first.purged))} per case; ${(first.requests / Math.max(1, first.purged)).toFixed(2)} DynamoDB requests per case (${closedPerCase} items each); ${first.purged.toLocaleString('en')} purged (writing them took ${(seeded / 1000).toFixed(0)} s)`,
      `all ${PURGE_DUE.toLocaleString('en')} purged`,
      first.purged === PURGE_DUE && first.skipped === 0,
    );
    t = performance.now();
    const openWritten = await clone(openItems, open, OPEN_BESIDES);
    await clone(closedItems, closed, PURGE_DUE);
    const seededOpen = performance.now() - t;
    const second = await purgeRun();
    timedRow(
      `purge: the same run with ${OPEN_BESIDES.toLocaleString('en')} open cases besides vs without`,
      `${(second.ms / 1000).toFixed(1)} s vs ${(first.ms / 1000).toFixed(1)} s = ${(second.ms / first.ms).toFixed(2)}×; requests ${second.requests.toLocaleString('en')} vs ${first.requests.toLocaleString('en')} (${openWritten.toLocaleString('en')} items of open cases written in ${(seededOpen / 1000).toFixed(0)} s)`,
      '≤ 1.5×',
      second.ms / first.ms <= 1.5,
    );
    row(
      'purge: DynamoDB requests of a run, with and without the open cases',
      `${second.requests.toLocaleString('en')} with ${OPEN_BESIDES.toLocaleString('en')} open vs ${first.requests.toLocaleString('en')} without (${second.purged.toLocaleString('en')} vs ${first.purged.toLocaleString('en')} purged)`,
      'the same: found by the index, never a scan',
      second.requests === first.requests && second.purged === PURGE_DUE,
    );
  }
} finally {
  await stack.stop();
}

// --- Cold-start proxies: bundle size and module-load time per function --------------------
// Inside the project, so the bundles' external `@aws-sdk/*` imports resolve as Lambda's runtime provides them.
const outdir = join(ROOT, 'node_modules/.cache/vistelse-bench');
mkdirSync(outdir, { recursive: true });
const entries = [...ROUTES, DEFAULT_ROUTE, ...STREAM_FUNCTIONS, ...SCHEDULED_FUNCTIONS, ...QUEUE_FUNCTIONS];
/** Bundles a function as CDK does (the SDK external: Lambda's runtime has it) or with the SDK inside. */
async function bundle(fn: (typeof entries)[number], sdk: 'external' | 'bundled') {
  const outfile = join(outdir, `${fn.id}${sdk === 'bundled' ? '-with-sdk' : ''}.mjs`);
  // The settings CDK bundles with (infra/function-bundling.ts), source map file included.
  const result = await build({
    entryPoints: [join(ROOT, fn.entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: FUNCTION_BUNDLING.target,
    mainFields: [...FUNCTION_BUNDLING.mainFields],
    minify: FUNCTION_BUNDLING.minify,
    sourcemap: true,
    sourcesContent: FUNCTION_BUNDLING.sourcesContent,
    charset: FUNCTION_BUNDLING.charset,
    external: sdk === 'external' ? [...FUNCTION_BUNDLING.external] : [],
    banner: { js: ESM_REQUIRE_BANNER },
    outfile,
    metafile: true,
    absWorkingDir: ROOT,
    logLevel: 'silent',
  });
  const bytes = result.metafile.outputs[relative(ROOT, outfile)].bytes;
  const loader = outfile.replace(/\.mjs$/, '-load.mjs');
  writeFileSync(loader, `const t=performance.now();await import(${JSON.stringify(outfile)});console.log(performance.now()-t)`);
  // As a Lambda process starts: not the local stack's concurrent invocations (this process ran one).
  const { AWS_LAMBDA_MAX_CONCURRENCY: _concurrent, ...parentEnv } = process.env;
  const env = { ...parentEnv, TABLE_NAME: 'bench', MAIL_FROM: 'no-reply@sundbyberg.example', PUBLIC_BASE_URL: 'https://vistelse.example', PERSONAL_DATA_KMS_KEY_ARN: 'arn:aws:kms:eu-north-1:111111111111:key/bench' };
  // With the NODE_OPTIONS the functions run with: the source map is read as the module loads.
  const loads = [0, 1, 2, 3, 4].map(() => Number(execFileSync(process.execPath, [...FUNCTION_NODE_OPTIONS.split(' '), loader], { env, cwd: ROOT }).toString()));
  return { bytes, load: quantile(loads, 0.5) };
}
/** What Powertools adds to every function (logger, metrics, tracer with the X-Ray SDK): budgeted once, measured here. */
const OBSERVABILITY_ALLOWANCE_KB = 170;
{
  const { bytes, load } = await bundle({ id: 'ObservabilityOnly', entry: 'functions/observability/lambda.ts' } as (typeof entries)[number], 'external');
  row('bundle: Powertools alone (logger, metrics, tracer with the X-Ray SDK, our middlewares), in every function', `${(bytes / 1024).toFixed(0)} KB minified, module load ${ms(load)}`, `≤ ${OBSERVABILITY_ALLOWANCE_KB} KB`, bytes <= OBSERVABILITY_ALLOWANCE_KB * 1024);
}
for (const fn of entries) {
  const { bytes, load } = await bundle(fn, 'external');
  // The AWS Encryption SDK that seals personal data (issue 11 asks for it) weighs ~220 KB minified:
  // the functions that seal or open personal data have that much more.
  // The invoice basis's PDF carries pdf-lib and its standard fonts (~500 KB): its own function, its own budget. An outgoing
  // stay's order is a PDF of the person, so its function carries both pdf-lib and the Encryption SDK that opens them.
  // Every function carries Powertools (logger, metrics, and the tracer with the X-Ray SDK, issue 19): ~165 KB, the
  // allowance below; its own row shows what it weighs.
  const base = fn.id === 'InvoiceBasisPdf' ? 600 : fn.id === 'PortalOutgoingOrderPdf' ? 900 : permissionsFor(fn.id).personalData ? 450 : 300;
  const budget = base + OBSERVABILITY_ALLOWANCE_KB;
  row(`bundle ${fn.id}`, `${(bytes / 1024).toFixed(0)} KB minified, module load ${ms(load)}`, `≤ ${budget} KB (${base} + ${OBSERVABILITY_ALLOWANCE_KB} for Powertools)`, bytes <= budget * 1024);
}
// Most of a function's module load is the SDK, loaded from the runtime's node_modules; bundled
// in, it loads faster but the bundle outgrows the size goal. Shown for the intake, not deployed so.
{
  const fn = entries.find((e) => e.id === 'SubmitOrder')!;
  const { bytes, load } = await bundle(fn, 'bundled');
  row(`bundle ${fn.id} with the AWS SDK bundled in (not how it is deployed)`, `${(bytes / 1024).toFixed(0)} KB minified, module load ${ms(load)}`);
}

// --- The public form's JavaScript and CSS, gzipped ------------------------------------------
// Built again with the same config plus vite's manifest, outside web/dist so the manifest is never
// deployed. The intake route's JavaScript is the entry chunk and every chunk it imports statically;
// chunks only imported dynamically (the React.lazy pages off the intake route) are listed apart.
const webOut = join(outdir, 'web');
const { build: viteBuild } = await import('vite');
await viteBuild({ configFile: join(ROOT, 'web/vite.config.ts'), logLevel: 'silent', build: { outDir: webOut, emptyOutDir: true, manifest: true } });
const manifest: Record<string, { file: string; name?: string; isEntry?: boolean; imports?: string[] }> = JSON.parse(
  readFileSync(join(webOut, '.vite/manifest.json'), 'utf8'),
);
const gzFile = (file: string) => gzipSync(readFileSync(join(webOut, file))).length;
const intakeFiles = new Set<string>();
const withStaticImports = (key: string) => {
  if (intakeFiles.has(manifest[key].file)) return;
  intakeFiles.add(manifest[key].file);
  for (const imported of manifest[key].imports ?? []) withStaticImports(imported);
};
for (const key of Object.keys(manifest).filter((k) => manifest[k].isEntry)) withStaticImports(key);
// The portal's pages: the intake's files and the portal's chunk with its own static imports.
const portalKey = Object.keys(manifest).find((k) => manifest[k].name === 'PortalApp')!;
const portalFiles = new Set(intakeFiles);
const withPortalImports = (key: string) => {
  if (portalFiles.has(manifest[key].file)) return;
  portalFiles.add(manifest[key].file);
  for (const imported of manifest[key].imports ?? []) withPortalImports(imported);
};
withPortalImports(portalKey);
const portalJs = [...portalFiles].reduce((sum, f) => sum + gzFile(f), 0);
const lazyChunks = Object.values(manifest).filter((c) => c.file.endsWith('.js') && !portalFiles.has(c.file));
const js = [...intakeFiles].reduce((sum, f) => sum + gzFile(f), 0);
const lazyJs = lazyChunks.reduce((sum, c) => sum + gzFile(c.file), 0);
const css = readdirSync(join(webOut, 'assets')).filter((f) => f.endsWith('.css')).reduce((sum, f) => sum + gzFile(join('assets', f)), 0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
row('web: intake JavaScript, gzipped', `${kb(js)} (entry + its static imports: ${intakeFiles.size} file${intakeFiles.size === 1 ? '' : 's'})`, '≤ 100 KB', js <= 100 * 1024);
row(
  'web: portal JavaScript (every /portal page: the app and the portal’s chunk), gzipped',
  `${kb(portalJs)} (${kb(portalJs - js)} of it the portal’s own, loaded on portal pages only)`,
  '≤ 150 KB',
  portalJs <= 150 * 1024,
);
row(
  'web: lazy chunks (pages off the intake route), gzipped',
  `${kb(lazyJs)}: ${lazyChunks.map((c) => `${c.name ?? c.file} ${kb(gzFile(c.file))}`).join(', ') || 'none'}`,
);
row('web: CSS, gzipped', `${kb(css)}`, '≤ 30 KB', css <= 30 * 1024);

// BENCH_REPORT=<file>: the rows as JSON too, for the bench's smoke test.
if (process.env.BENCH_REPORT) writeFileSync(process.env.BENCH_REPORT, JSON.stringify(rows, null, 2));
console.log('\n| measure | figure | goal | result |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.what} | ${r.figure} | ${r.goal} | ${r.pass === undefined ? '—' : r.pass ? 'pass' : 'FAIL'} |`);

/**
 * The partition of an item the bench writes for comparison: outside every key the application
 * uses (functions/adapters/dynamodb/keys.ts), so it can never be read as a case.
 */
function benchKey(id: string): string {
  // eslint-disable-next-line no-restricted-syntax -- the bench's own items, deliberately not an application key
  return `BENCH#${id}`;
}

/**
 * An order's critical path on DynamoDB: its requests grouped into rounds of requests in flight
 * together (a round ends when all of its requests have answered), e.g.
 * `PutItem+BatchGetItem → UpdateItem → TransactWriteItems`.
 */
function criticalPath(log: { name: string; start: number; end: number }[]): string {
  const rounds: { names: string[]; end: number }[] = [];
  for (const r of [...log].sort((a, b) => a.start - b.start)) {
    const last = rounds.at(-1);
    if (last && r.start < last.end) {
      last.names.push(r.name);
      last.end = Math.max(last.end, r.end);
    } else rounds.push({ names: [r.name], end: r.end });
  }
  return rounds.map((round) => round.names.sort().join('+')).join(' → ');
}

/** The time outside any round of requests: from the request to the first round, between rounds, from the last round to the answer. */
function gapsOf(log: { start: number; end: number }[], postedAt: number, answeredAt: number): number[] {
  const rounds: { start: number; end: number }[] = [];
  for (const r of [...log].sort((a, b) => a.start - b.start)) {
    const last = rounds.at(-1);
    if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
    else rounds.push({ start: r.start, end: r.end });
  }
  const edges = [postedAt, ...rounds.flatMap((r) => [r.start, r.end]), answeredAt];
  const out: number[] = [];
  for (let i = 0; i < edges.length; i += 2) out.push(edges[i + 1] - edges[i]);
  return out;
}

/** The order's transaction items written as plain Puts under a fresh partition: same items, same sizes, no conditions. */
function transactionOfSameItems(items: TransactWriteItem[]) {
  return (pk: string): TransactWriteItem[] =>
    items.map((item, i) => {
      const body = item.Put?.Item ?? { ...Object.fromEntries(Object.entries(item.Update?.ExpressionAttributeValues ?? {}).map(([k, v]) => [k.slice(1), v])) };
      return { Put: { TableName: stack.tableName, Item: { ...body, pk: { S: pk }, sk: { S: String(i) } } } };
    });
}

/** Every rotation turn taken so far: rotation → provider of each turn. */
async function rotationTurns(local: LocalStack): Promise<Map<string, Map<number, string>>> {
  const turns = new Map<string, Map<number, string>>();
  for (const item of await scanAll(local.dynamoDbEndpoint, local.tableName)) {
    if (item.type !== 'rotation_turn') continue;
    if (!turns.has(item.rotation)) turns.set(item.rotation, new Map());
    turns.get(item.rotation)!.set(item.turn, item.providerId);
  }
  return turns;
}

/** How unevenly the turns taken between two snapshots fell on each rotation's providers. */
function rotationSpread(before: Map<string, Map<number, string>>, after: Map<string, Map<number, string>>) {
  let worst = 0;
  const parts: string[] = [];
  for (const [rotation, turns] of after) {
    // Every provider this rotation has ever given a turn to counts, also one that got none now.
    const counts = new Map<string, number>([...turns.values()].map((providerId) => [providerId, 0]));
    for (const [turn, providerId] of turns) if (!before.get(rotation)?.has(turn)) counts.set(providerId, (counts.get(providerId) ?? 0) + 1);
    if ([...counts.values()].every((n) => n === 0)) continue;
    const spread = Math.max(...counts.values()) - Math.min(...counts.values());
    worst = Math.max(worst, spread);
    parts.push(`${rotation}: ${[...counts.values()].join('/')}`);
  }
  return { worst, text: `${worst} (${parts.join('; ')})` };
}
