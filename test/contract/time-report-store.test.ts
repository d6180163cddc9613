import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbStores } from '../../functions/adapters/dynamodb/stores';
import { ReportChangedError, type ExpectedReport, type StoredReportVersion } from '../../functions/core/reports/ports';
import { localClient } from '../../infra/local/dynamodb-local';
import type { LocalStack } from '../../infra/local/stack';
import { inMemoryStores } from '../support/in-memory-stores';
import { startLocalStack } from '../support/local-stack';

/**
 * The time reports' store: one contract, run against its in-memory fake and its DynamoDB adapter
 * on DynamoDB Local. The DynamoDB tests share a table and its index partitions (what is due, what
 * is owed, what is approved), so each test looks only at its own cases.
 */
type Stores = ReturnType<typeof inMemoryStores> | ReturnType<typeof dynamoDbStores>;

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ background: false });
});
afterAll(async () => {
  await stack?.stop();
});

const implementations: [string, () => Stores][] = [
  ['in memory', () => inMemoryStores()],
  ['DynamoDB', () => dynamoDbStores(localClient(stack.dynamoDbEndpoint), stack.tableName)],
];

const unique = () => crypto.randomUUID().replace(/-/g, '').slice(0, 20).toUpperCase();

function expected(caseId: string, month = '2026-12', overrides: Partial<ExpectedReport> = {}): ExpectedReport {
  return {
    caseId,
    insatsType: 'hemtjanst',
    month,
    reference: `KONTRAKT-${caseId}`,
    providerId: 'duvbo-omsorg',
    period: { month, from: `${month}-15`, to: `${month}-31`, days: 17, daysInMonth: 31 },
    dueDate: '2027-01-05',
    ladder: { reminder: '2027-01-04', chaser: '2027-01-07', second_chaser: '2027-01-14', escalation: '2027-01-21' },
    chased: [],
    unit: 'minutes',
    granted: 724,
    rate: { amountOre: 49_500, per: 'hour' },
    homeMunicipality: { code: '0483', name: 'Katrineholm' },
    invoiceReference: 'VOF-2026-1187',
    billingAddress: 'Katrineholms kommun, Fakturaenheten, 641 80 Katrineholm',
    status: 'expected',
    versions: 0,
    createdAt: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

const version = (r: ExpectedReport, n: number, quantity = 600): StoredReportVersion => ({
  caseId: r.caseId,
  insatsType: r.insatsType,
  month: r.month,
  version: n,
  submittedAt: '2027-01-04T09:00:00.000Z',
  submittedBy: 'sara.lind@duvbo-omsorg.example',
  late: false,
  quantity,
  extras: [{ date: `${r.month}-24`, quantity: 45 }],
  sealedTexts: `sealed-${n}`,
});

describe.each(implementations)('time report store contract: %s', (_name, make) => {
  it('plans expected reports once, and reads them back with the case’s versions', async () => {
    const stores = make();
    const caseId = unique();
    const reports = [expected(caseId, '2026-12'), expected(caseId, '2027-01')];
    await stores.transactor.commit([stores.reports.plan(reports)]);
    await expect(stores.transactor.commit([stores.reports.plan([reports[0]])])).rejects.toBeInstanceOf(ReportChangedError);
    const { reports: read, versions } = await stores.reports.ofCase(caseId);
    expect(read.map((r) => r.month).sort()).toEqual(['2026-12', '2027-01']);
    expect(read.find((r) => r.month === '2026-12')).toEqual(reports[0]);
    expect(versions).toEqual([]);
    expect(await stores.reports.find({ caseId, insatsType: 'hemtjanst', month: '2027-01' })).toEqual(reports[1]);
    expect(await stores.reports.find({ caseId, insatsType: 'hemtjanst', month: '2027-02' })).toBeUndefined();
  });

  it('drops months still expected, and refuses to drop one that was submitted', async () => {
    const stores = make();
    const caseId = unique();
    const [dec, jan] = [expected(caseId, '2026-12'), expected(caseId, '2027-01')];
    await stores.transactor.commit([stores.reports.plan([dec, jan])]);
    await stores.transactor.commit([stores.reports.submit(version(dec, 1))]);
    await expect(stores.transactor.commit([stores.reports.dropExpected([dec])])).rejects.toBeInstanceOf(ReportChangedError);
    await stores.transactor.commit([stores.reports.dropExpected([jan])]);
    expect((await stores.reports.ofCase(caseId)).reports.map((r) => r.month)).toEqual(['2026-12']);
  });

  it('submits versions in order only, reviews the latest once, and lists the approved in their month', async () => {
    const stores = make();
    const caseId = unique();
    const month = `2${String(Math.floor(Math.random() * 900) + 100)}-05`;
    const r = expected(caseId, month);
    await stores.transactor.commit([stores.reports.plan([r])]);
    await expect(stores.transactor.commit([stores.reports.submit(version(r, 2))])).rejects.toBeInstanceOf(ReportChangedError);
    await stores.transactor.commit([stores.reports.submit(version(r, 1, 2000))]);
    // Submitted: no second version until it is returned.
    await expect(stores.transactor.commit([stores.reports.submit(version(r, 2))])).rejects.toBeInstanceOf(ReportChangedError);
    const review = { decision: 'return' as const, at: '2027-01-05T10:00:00.000Z', by: 'anders.holm@sundbyberg.example', sealedComment: 'sealed-comment' };
    await stores.transactor.commit([stores.reports.review({ caseId, insatsType: 'hemtjanst', month, version: 1, review })]);
    await expect(stores.transactor.commit([stores.reports.review({ caseId, insatsType: 'hemtjanst', month, version: 1, review })])).rejects.toBeInstanceOf(ReportChangedError);
    expect((await stores.reports.find(r))!.status).toBe('returned');
    await stores.transactor.commit([stores.reports.submit(version(r, 2, 700))]);
    const approve = { decision: 'approve' as const, at: '2027-01-06T10:00:00.000Z', by: 'anders.holm@sundbyberg.example' };
    await stores.transactor.commit([stores.reports.review({ caseId, insatsType: 'hemtjanst', month, version: 2, review: approve, approvedQuantity: 745 })]);
    const { reports, versions } = await stores.reports.ofCase(caseId);
    expect(reports[0]).toMatchObject({ status: 'approved', versions: 2, approved: { version: 2, quantity: 745, at: approve.at } });
    expect(versions.sort((a, b) => a.version - b.version)).toEqual([
      { ...version(r, 1, 2000), review },
      { ...version(r, 2, 700), review: approve },
    ]);
    const approved = (await stores.reports.approvedInMonth(month)).filter((a) => a.caseId === caseId);
    expect(approved).toHaveLength(1);
    expect(approved[0]).toMatchObject({ reference: r.reference, approved: { quantity: 745 } });
  });

  it('finds what is due by date; a step is taken once, leaves its mail owed, and moves the report to its next step', async () => {
    const stores = make();
    const caseId = unique();
    const r = expected(caseId);
    await stores.transactor.commit([stores.reports.plan([r])]);
    const mine = async (date: string) => (await stores.reports.dueForChase(date, 1000)).filter((d) => d.caseId === caseId);
    expect(await mine('2027-01-03')).toEqual([]);
    expect((await mine('2027-01-04')).map((d) => d.month)).toEqual(['2026-12']);
    const step = { caseId, insatsType: 'hemtjanst' as const, month: '2026-12', step: 'reminder' as const, stepsBefore: 0, at: '2027-01-04T06:00:00.000Z', run: 'RUN1', nextDueDate: '2027-01-07' };
    expect(await stores.reports.takeStep(step)).toBe(true);
    expect(await stores.reports.takeStep(step)).toBe(false);
    // The next step waits until the owed mail is sent.
    expect(await stores.reports.takeStep({ ...step, step: 'chaser', stepsBefore: 1, run: 'RUN2', nextDueDate: '2027-01-14' })).toBe(false);
    const owed = (await stores.reports.pendingNotices()).filter((p) => p.report.caseId === caseId);
    expect(owed.map((p) => [p.run, p.step, p.at])).toEqual([['RUN1', 'reminder', step.at]]);
    expect(owed[0].report.chased).toEqual([{ step: 'reminder', at: step.at }]);
    expect(await mine('2027-01-06')).toEqual([]);
    expect((await mine('2027-01-07')).map((d) => d.chased.length)).toEqual([1]);
    await stores.reports.clearNotice(r, 'OTHER');
    expect((await stores.reports.pendingNotices()).filter((p) => p.report.caseId === caseId)).toHaveLength(1);
    await stores.reports.clearNotice(r, 'RUN1');
    expect((await stores.reports.pendingNotices()).filter((p) => p.report.caseId === caseId)).toEqual([]);
    // The last step leaves the ladder: nothing more is due.
    expect(await stores.reports.takeStep({ ...step, step: 'escalation', stepsBefore: 1, run: 'RUN3', nextDueDate: undefined })).toBe(true);
    expect(await mine('2099-12-31')).toEqual([]);
  });

  it('stops the ladder when a report comes in', async () => {
    const stores = make();
    const caseId = unique();
    const r = expected(caseId);
    await stores.transactor.commit([stores.reports.plan([r])]);
    await stores.transactor.commit([stores.reports.submit(version(r, 1))]);
    expect((await stores.reports.dueForChase('2099-12-31', 1000)).filter((d) => d.caseId === caseId)).toEqual([]);
    expect(await stores.reports.takeStep({ caseId, insatsType: 'hemtjanst', month: '2026-12', step: 'chaser', stepsBefore: 0, at: '2027-01-07T06:00:00.000Z', run: 'RUN', nextDueDate: '2027-01-14' })).toBe(false);
  });

  it('gives a job’s lease to one run at a time, and to the next once it expired or was given back', async () => {
    const stores = make();
    const job = `job-${unique()}`;
    const t = (m: number) => new Date(Date.UTC(2027, 0, 4, 6, m));
    expect(await stores.jobLocks.acquire(job, 'A', t(0), t(16))).toBe(true);
    expect(await stores.jobLocks.acquire(job, 'B', t(1), t(17))).toBe(false);
    await stores.jobLocks.release(job, 'B');
    expect(await stores.jobLocks.acquire(job, 'C', t(2), t(18))).toBe(false);
    expect(await stores.jobLocks.acquire(job, 'D', t(17), t(33))).toBe(true);
    await stores.jobLocks.release(job, 'D');
    expect(await stores.jobLocks.acquire(job, 'E', t(18), t(34))).toBe(true);
  });

  it('lists a provider’s reports not yet approved, earliest due first; approval takes one off', async () => {
    const stores = make();
    const provider = `provider-${unique().toLowerCase()}`;
    const caseId = unique();
    const [late, early] = [expected(caseId, '2027-01', { providerId: provider, dueDate: '2027-02-02' }), expected(caseId, '2026-12', { providerId: provider, dueDate: '2027-01-05' })];
    await stores.transactor.commit([stores.reports.plan([late, early])]);
    expect((await stores.reports.openForProvider(provider, 100)).map((r) => r.month)).toEqual(['2026-12', '2027-01']);
    expect((await stores.reports.openForProvider(provider, 1)).map((r) => r.month)).toEqual(['2026-12']);
    await stores.transactor.commit([stores.reports.submit(version(early, 1))]);
    expect((await stores.reports.openForProvider(provider, 100)).map((r) => [r.month, r.status])).toEqual([
      ['2026-12', 'submitted'],
      ['2027-01', 'expected'],
    ]);
    const approve = { decision: 'approve' as const, at: '2027-01-06T10:00:00.000Z', by: 'anders.holm@sundbyberg.example' };
    await stores.transactor.commit([stores.reports.review({ caseId, insatsType: 'hemtjanst', month: '2026-12', version: 1, review: approve, approvedQuantity: 600 })]);
    expect((await stores.reports.openForProvider(provider, 100)).map((r) => r.month)).toEqual(['2027-01']);
  });
});
