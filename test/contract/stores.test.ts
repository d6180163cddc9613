import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demo from '../../config/municipality.demo.json';
import { dynamoDbStores } from '../../functions/adapters/dynamodb/stores';
import { DynamoDbOutgoingStayStore } from '../../functions/adapters/dynamodb/outgoing-store';
import type { Session } from '../../functions/core/access/ports';
import { AssignmentChangedError, CaseChangedError, OrderChangedError, type NewCase, type OrderVersion } from '../../functions/core/cases/ports';
import { ReportChangedError, type Charge } from '../../functions/core/reports/ports';
import { ExtraVisitChangedError, type ExtraVisit } from '../../functions/core/extras/ports';
import { OutgoingChangedError, type OutgoingReport, type OutgoingStay } from '../../functions/core/outgoing/ports';
import { AttachmentUnavailableError, NoticeChangedError, type StoredAttachment, type StoredMessage } from '../../functions/core/messages/ports';
import { caseReferenceCounter, rotationCounter, type CounterName } from '../../functions/core/kernel/counters';
import { IdempotencyConflict, type IdempotencyClaim } from '../../functions/core/kernel/idempotency';
import { NotificationNotHeldError, type OutboxMessage } from '../../functions/core/outbox/ports';
import { ProviderLoadConflict, type ProviderLoadChange, type RoutingPlan } from '../../functions/core/routing/ports';
import { localClient } from '../../infra/local/dynamodb-local';
import type { LocalStack } from '../../infra/local/stack';
import { stockholmToday } from '../../shared/dates';
import { parseMunicipalityConfig } from '../../shared/municipality';
import { orderSchemaFor, type Order } from '../../shared/order';
import { separatePersonalData } from '../../shared/personal-data';
import { inMemoryStores } from '../support/in-memory-stores';
import { startLocalStack } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';

/**
 * One contract, two implementations: every store port runs the same suite against its in-memory
 * fake (what the use cases' unit tests run on) and its DynamoDB adapter on DynamoDB Local (what
 * runs in AWS and in `npm start`), so the fake can't drift from the real thing. The DynamoDB
 * stores share one table across the tests: each test makes ids of its own.
 */
type Stores = ReturnType<typeof inMemoryStores> | (ReturnType<typeof dynamoDbStores> & { outgoing: DynamoDbOutgoingStayStore });

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ background: false });
});
afterAll(async () => {
  await stack?.stop();
});

const implementations: [string, () => Stores][] = [
  ['in memory', () => inMemoryStores()],
  ['DynamoDB', () => ({ ...dynamoDbStores(localClient(stack.dynamoDbEndpoint), stack.tableName), outgoing: new DynamoDbOutgoingStayStore({ client: localClient(stack.dynamoDbEndpoint), name: stack.tableName }) })],
];

const config = parseMunicipalityConfig(demo);
const order: Order = orderSchemaFor(config, stockholmToday(new Date())).parse(exampleOrder());
const unique = () => crypto.randomUUID().replace(/-/g, '').slice(0, 20).toUpperCase();
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 9, minutes)).toISOString();

function newCase(overrides: { assignmentStatus?: 'sent' | 'held'; protectedIdentity?: boolean; unitId?: string } = {}): NewCase {
  const caseId = unique();
  const routing: RoutingPlan = {
    caseworker: { kind: 'caseworker', caseworkerId: 'anders-holm', unitId: overrides.unitId ?? 'aldreomsorg', districtId: 'centrala', reason: 'närmast' },
    assignments: [
      { insatsType: 'hemtjanst', decision: { kind: 'chosen', providerId: 'duvbo-omsorg', reason: 'vald' }, status: overrides.assignmentStatus ?? 'sent' },
      { insatsType: 'trygghetslarm', decision: { kind: 'needs_provider', reason: 'ingen' }, status: 'needs_provider' },
    ],
    providerLoads: [],
    turns: [],
  };
  const { clear } = separatePersonalData(order);
  const person = { protectedIdentity: overrides.protectedIdentity ?? false };
  const personalData = { person: `sealed-person-of-${caseId}`, decisionText: `sealed-text-of-${caseId}` };
  return { caseId, reference: `KONTRAKT-${caseId}`, receivedAt: at(0), order: { ...clear, person }, personalData, routing, confirmBy: at(24 * 60) };
}

function message(caseId: string, overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id: unique(),
    caseId,
    kind: 'new_case',
    recipient: 'caseworker',
    to: 'anders.holm@sundbyberg.example',
    createdAt: at(0),
    mail: { subject: 'Nytt ärende', text: 'Läs i Vistelse.', html: '<p>Läs i Vistelse.</p>' },
    ...overrides,
  };
}

const claimOf = (keyHash: string, token: string, minutes = 30): IdempotencyClaim => ({ keyHash, requestHash: `body-of-${keyHash}`, token, claimedUntil: at(minutes) });

describe.each(implementations)('store contract: %s', (_name, make) => {
  describe('idempotency', () => {
    it('claims a free key once; a second claim while it is held sees it in progress, with what was sent', async () => {
      const { idempotency } = make();
      const key = unique();
      expect(await idempotency.claim(claimOf(key, 'first'), new Date(at(0)))).toEqual({ kind: 'claimed' });
      expect(await idempotency.claim(claimOf(key, 'second'), new Date(at(1)))).toEqual({ kind: 'in_progress', requestHash: `body-of-${key}`, claimedUntil: at(30) });
      expect(await idempotency.find(key)).toBeUndefined();
    });

    it("completes the holder's claim in a transaction; then a claim gets the stored answer", async () => {
      const { idempotency, transactor } = make();
      const key = unique();
      await idempotency.claim(claimOf(key, 'holder'), new Date(at(0)));
      const record = { keyHash: key, requestHash: `body-of-${key}`, statusCode: 201, response: { reference: 'TV-2026-00001', warnings: [] }, createdAt: at(1) };
      await transactor.commit([idempotency.complete({ ...record, token: 'holder' })]);
      expect(await idempotency.find(key)).toEqual(record);
      expect(await idempotency.claim(claimOf(key, 'late'), new Date(at(2)))).toEqual({ kind: 'completed', record });
    });

    it('lets another request take over an expired claim; the earlier holder can then neither complete nor release it', async () => {
      const { idempotency, transactor } = make();
      const key = unique();
      await idempotency.claim(claimOf(key, 'dead', 1), new Date(at(0)));
      expect(await idempotency.claim(claimOf(key, 'alive', 40), new Date(at(2)))).toEqual({ kind: 'claimed' });
      const record = { keyHash: key, requestHash: `body-of-${key}`, statusCode: 201, response: {}, createdAt: at(3) };
      await expect(transactor.commit([idempotency.complete({ ...record, token: 'dead' })])).rejects.toBeInstanceOf(IdempotencyConflict);
      await idempotency.release(key, 'dead');
      expect(await idempotency.claim(claimOf(key, 'third'), new Date(at(4)))).toMatchObject({ kind: 'in_progress' });
    });

    it('frees the key when its holder releases it', async () => {
      const { idempotency } = make();
      const key = unique();
      await idempotency.claim(claimOf(key, 'holder'), new Date(at(0)));
      await idempotency.release(key, 'holder');
      expect(await idempotency.claim(claimOf(key, 'next'), new Date(at(1)))).toEqual({ kind: 'claimed' });
    });
  });

  describe('counters', () => {
    it('draws several counters in one call, each from 1 on, in the order asked', async () => {
      const { counters } = make();
      const [a, b, c]: CounterName[] = [rotationCounter(`a-${unique()}`), rotationCounter(`b-${unique()}`), caseReferenceCounter(3000 + Math.floor(Math.random() * 5000))];
      expect(await counters.draw([a, b])).toEqual([1, 1]);
      expect(await counters.draw([a])).toEqual([2]);
      expect(await counters.draw([b, c, a])).toEqual([2, 1, 3]);
      expect(await counters.draw([])).toEqual([]);
    });

    it('refuses the same counter twice in one draw', async () => {
      const { counters } = make();
      const a = rotationCounter(unique());
      await expect(counters.draw([a, a])).rejects.toThrow();
    });
  });

  describe('cases', () => {
    it('stores a new case and reads it back by id and by reference', async () => {
      const { cases, transactor } = make();
      const created = newCase();
      await transactor.commit([cases.create(created)]);
      expect(await cases.findIdByReference(created.reference)).toBe(created.caseId);
      expect(await cases.find(created.caseId)).toEqual({
        caseId: created.caseId,
        reference: created.reference,
        status: 'open',
        receivedAt: at(0),
        protectedIdentity: false,
        routing: { kind: 'caseworker', caseworkerId: 'anders-holm', unitId: 'aldreomsorg', districtId: 'centrala', reason: 'närmast', routedAt: at(0) },
        order: created.order,
        personalData: created.personalData,
        assignments: created.routing.assignments.map((a) => ({ ...a, decidedAt: at(0), declines: [], chased: [], ...(a.status === 'sent' ? { sentAt: at(0) } : {}) })),
        notifications: [],
        events: [],
        messageCounts: { conversation: 0, internal: 0 },
        reportsToReview: 0,
        pausedMs: 0,
        orderVersion: 1,
        versions: [],
      });
      expect(await cases.find(unique())).toBeUndefined();
      expect(await cases.findIdByReference(`KONTRAKT-${unique()}`)).toBeUndefined();
    });

    it('counts the time reports waiting for reconciliation, on the case and in its summary', async () => {
      const { cases, transactor } = make();
      const created = newCase();
      await transactor.commit([cases.create(created)]);
      await transactor.commit([cases.countReportToReview(created.caseId, 1)]);
      await transactor.commit([cases.countReportToReview(created.caseId, 1)]);
      await transactor.commit([cases.countReportToReview(created.caseId, -1)]);
      expect((await cases.find(created.caseId))!.reportsToReview).toBe(1);
      expect((await cases.summaries([created.caseId]))[0].reportsToReview).toBe(1);
      await expect(transactor.commit([cases.countReportToReview(unique(), 1)])).rejects.toBeInstanceOf(CaseChangedError);
    });

    it('refuses a second case with a taken reference, and writes nothing of that transaction', async () => {
      const { cases, outbox, transactor } = make();
      const first = newCase();
      await transactor.commit([cases.create(first)]);
      const second = { ...newCase(), reference: first.reference };
      const queued = message(second.caseId);
      await expect(transactor.commit([outbox.enqueue([queued]), cases.create(second)])).rejects.toThrow();
      expect(await cases.find(second.caseId)).toBeUndefined();
      expect(await outbox.claim(second.caseId, queued.id, new Date(at(1)), 60_000)).toBeUndefined();
    });

    it('releases a held assignment once, to its own provider, and keeps events on the timeline', async () => {
      const { cases, transactor } = make();
      const created = newCase({ assignmentStatus: 'held', protectedIdentity: true });
      await transactor.commit([cases.create(created)]);
      expect(await cases.dueForChase(new Date(at(10_000)), 10_000)).not.toContainEqual({ caseId: created.caseId, insatsType: 'hemtjanst' });
      const release = (providerId: string, minutes: number) => cases.releaseAssignment({ caseId: created.caseId, insatsType: 'hemtjanst', providerId, at: at(minutes), confirmBy: at(minutes + 24 * 60) });
      await expect(transactor.commit([release('hemtjanst-sundbyberg', 4)])).rejects.toBeInstanceOf(AssignmentChangedError);
      await transactor.commit([
        release('duvbo-omsorg', 5),
        cases.recordEvent(created.caseId, { id: unique(), type: 'unit_head_told', by: 'anders.holm@sundbyberg.example', at: at(5), unitHeadName: 'Sara Enhetschef' }),
      ]);
      const view = (await cases.find(created.caseId))!;
      expect(view.protectedIdentity).toBe(true);
      expect(view.assignments.find((a) => a.insatsType === 'hemtjanst')).toMatchObject({ status: 'sent', releasedAt: at(5), sentAt: at(5) });
      expect(view.events).toEqual([{ type: 'unit_head_told', by: 'anders.holm@sundbyberg.example', at: at(5), unitHeadName: 'Sara Enhetschef' }]);
      await expect(transactor.commit([release('duvbo-omsorg', 6)])).rejects.toBeInstanceOf(AssignmentChangedError);
      expect((await cases.listByProvider('duvbo-omsorg', 10_000)).map((c) => c.caseId)).toContain(created.caseId);
    });

    it('lists a unit of 1,200 cases whole, newest first, over the query’s 1 MB pages, and no more than asked', async () => {
      const { cases, transactor } = make();
      const unitId = `UNIT-${unique()}`;
      const created = Array.from({ length: 1200 }, (_, i) => ({ ...newCase({ unitId }), receivedAt: new Date(Date.parse(at(0)) + i * 1000).toISOString() }));
      for (let i = 0; i < created.length; i += 25) await Promise.all(created.slice(i, i + 25).map((c) => transactor.commit([cases.create(c)])));
      const listed = await cases.listByUnit(unitId, 10_000);
      expect(listed).toHaveLength(1200);
      expect(listed[0]!.caseId).toBe(created.at(-1)!.caseId);
      expect(new Set(listed.map((c) => c.caseId)).size).toBe(1200);
      expect(await cases.listByUnit(unitId, 700)).toHaveLength(700);
    }, 120_000);

    it('lists a case in its unit and among all cases, and a sent assignment in its provider’s list, with the assignments in brief', async () => {
      const { cases, transactor } = make();
      const sent = newCase();
      const held = newCase({ assignmentStatus: 'held', protectedIdentity: true });
      await transactor.commit([cases.create(sent)]);
      await transactor.commit([cases.create(held)]);
      const ids = (list: { caseId: string }[]) => list.map((c) => c.caseId);
      expect(ids(await cases.listByUnit('aldreomsorg', 10_000))).toEqual(expect.arrayContaining([sent.caseId, held.caseId]));
      expect(ids(await cases.listByUnit('funktionsnedsattning', 10_000))).not.toContain(sent.caseId);
      expect(ids(await cases.listAll(10_000))).toEqual(expect.arrayContaining([sent.caseId, held.caseId]));
      const byProvider = await cases.listByProvider('duvbo-omsorg', 10_000);
      expect(ids(byProvider)).toContain(sent.caseId);
      expect(ids(byProvider)).not.toContain(held.caseId);
      const summary = (await cases.listAll(10_000)).find((c) => c.caseId === sent.caseId)!;
      expect(summary).toMatchObject({ reference: sent.reference, protectedIdentity: false, homeMunicipality: { code: '0483' }, routing: { caseworkerId: 'anders-holm' }, stay: { acute: false } });
      expect(summary.assignments.sort((a, b) => a.insatsType.localeCompare(b.insatsType))).toEqual([
        { insatsType: 'hemtjanst', providerId: 'duvbo-omsorg', status: 'sent', sentAt: at(0), confirmBy: sent.confirmBy },
        { insatsType: 'trygghetslarm', status: 'needs_provider' },
      ].map((a) => expect.objectContaining(a)));
    });

    it('confirms a sent assignment once, by its own provider; the chaser no longer finds it', async () => {
      const { cases, transactor } = make();
      const created = newCase();
      await transactor.commit([cases.create(created)]);
      const ref = { caseId: created.caseId, insatsType: 'hemtjanst' as const };
      expect(await cases.dueForChase(new Date(created.confirmBy), 10_000)).toContainEqual(ref);
      const confirmation = { startDate: '2026-12-20', contactName: 'Sara Lind', contactPhone: '08-123 456', confirmedAt: at(30), confirmedBy: 'sara.lind@duvbo-omsorg.example' };
      const start = { deadline: '2026-12-20', chaseAt: '2026-12-21T06:00:00.000Z' };
      await expect(transactor.commit([cases.confirmAssignment({ ...ref, providerId: 'hemtjanst-sundbyberg', confirmation, start })])).rejects.toBeInstanceOf(AssignmentChangedError);
      await transactor.commit([cases.confirmAssignment({ ...ref, providerId: 'duvbo-omsorg', confirmation, start })]);
      expect((await cases.find(created.caseId))!.assignments.find((a) => a.insatsType === 'hemtjanst')).toMatchObject({ status: 'confirmed', confirmation });
      await expect(transactor.commit([cases.confirmAssignment({ ...ref, providerId: 'duvbo-omsorg', confirmation, start })])).rejects.toBeInstanceOf(AssignmentChangedError);
      expect(await cases.dueForChase(new Date(at(100_000)), 10_000)).not.toContainEqual(ref);
      expect((await cases.listAll(10_000)).find((c) => c.caseId === created.caseId)!.assignments.find((a) => a.insatsType === 'hemtjanst')).toMatchObject({ status: 'confirmed', startDate: '2026-12-20' });
    });

    it('keeps a confirmed assignment for the start chaser until its start is recorded or chased, once each', async () => {
      const { cases, transactor } = make();
      const created = newCase();
      const other = newCase();
      await transactor.commit([cases.create(created)]);
      await transactor.commit([cases.create(other)]);
      const ref = { caseId: created.caseId, insatsType: 'hemtjanst' as const };
      const otherRef = { caseId: other.caseId, insatsType: 'hemtjanst' as const };
      const confirmation = { startDate: '2026-12-20', contactName: 'Sara Lind', contactPhone: '08-123 456', confirmedAt: at(30), confirmedBy: 'sara.lind@duvbo-omsorg.example' };
      const start = { deadline: '2026-12-20', chaseAt: '2026-12-21T06:00:00.000Z' };
      await transactor.commit([cases.confirmAssignment({ ...ref, providerId: 'duvbo-omsorg', confirmation, start })]);
      await transactor.commit([cases.confirmAssignment({ ...otherRef, providerId: 'duvbo-omsorg', confirmation, start })]);
      // Not due before its time, and never in the confirmation chaser's list.
      expect(await cases.dueForStartChase(new Date('2026-12-21T05:59:00.000Z'), 10_000)).not.toContainEqual(ref);
      expect(await cases.dueForStartChase(new Date(start.chaseAt), 10_000)).toEqual(expect.arrayContaining([ref, otherRef]));
      expect(await cases.dueForChase(new Date('2027-06-01T00:00:00.000Z'), 10_000)).not.toContainEqual(ref);
      expect((await cases.find(created.caseId))!.assignments.find((a) => a.insatsType === 'hemtjanst')).toMatchObject({ startDeadline: '2026-12-20' });

      const started = { startedOn: '2026-12-20', recordedAt: at(60), recordedBy: 'sara.lind@duvbo-omsorg.example', late: false };
      await expect(transactor.commit([cases.recordStart({ ...ref, providerId: 'hemtjanst-sundbyberg', start: started })])).rejects.toBeInstanceOf(AssignmentChangedError);
      await transactor.commit([cases.recordStart({ ...ref, providerId: 'duvbo-omsorg', start: started })]);
      await expect(transactor.commit([cases.recordStart({ ...ref, providerId: 'duvbo-omsorg', start: started })])).rejects.toBeInstanceOf(AssignmentChangedError);
      await expect(transactor.commit([cases.chaseStart(ref)])).rejects.toBeInstanceOf(AssignmentChangedError);
      expect((await cases.find(created.caseId))!.assignments.find((a) => a.insatsType === 'hemtjanst')).toMatchObject({ started });
      expect((await cases.listAll(10_000)).find((c) => c.caseId === created.caseId)!.assignments[0]).toMatchObject({ startDeadline: '2026-12-20', startedOn: '2026-12-20' });

      await transactor.commit([cases.chaseStart(otherRef)]);
      await expect(transactor.commit([cases.chaseStart(otherRef)])).rejects.toBeInstanceOf(AssignmentChangedError);
      expect((await cases.find(other.caseId))!.assignments.find((a) => a.insatsType === 'hemtjanst')!.chased).toContain('start_late');
      const due = await cases.dueForStartChase(new Date('2027-06-01T00:00:00.000Z'), 10_000);
      expect(due).not.toContainEqual(ref);
      expect(due).not.toContainEqual(otherRef);
      // A start recorded after the chaser's step is still recorded.
      await transactor.commit([cases.recordStart({ ...otherRef, providerId: 'duvbo-omsorg', start: { ...started, late: true } })]);
      expect((await cases.find(other.caseId))!.assignments.find((a) => a.insatsType === 'hemtjanst')!.started).toMatchObject({ late: true });
    });

    it('keeps one completion request at a time: answered or reminded once, due for its reminder until then, counted in the conversation', async () => {
      const { cases, transactor } = make();
      const created = newCase();
      await transactor.commit([cases.create(created)]);
      const { caseId } = created;
      const request = { requestedAt: at(10), requestedBy: 'anders.holm@sundbyberg.example', remindAt: '2026-11-27T06:00:00.000Z' };
      await transactor.commit([cases.requestCompletion({ caseId, request })]);
      await expect(transactor.commit([cases.requestCompletion({ caseId, request: { ...request, requestedAt: at(11) } })])).rejects.toBeInstanceOf(CaseChangedError);
      expect(await cases.dueForCompletionReminder(new Date('2026-11-27T05:59:00.000Z'), 10_000)).not.toContain(caseId);
      expect(await cases.dueForCompletionReminder(new Date(request.remindAt), 10_000)).toContain(caseId);
      const view = (await cases.find(caseId))!;
      expect(view.completion).toEqual(request);
      expect(view.messageCounts.conversation).toBe(1);
      expect((await cases.listAll(10_000)).find((c) => c.caseId === caseId)!.completion).toEqual(request);

      await transactor.commit([cases.remindCompletion({ caseId, requestedAt: request.requestedAt, at: at(100) })]);
      await expect(transactor.commit([cases.remindCompletion({ caseId, requestedAt: request.requestedAt, at: at(101) })])).rejects.toBeInstanceOf(CaseChangedError);
      expect(await cases.dueForCompletionReminder(new Date('2027-01-01T00:00:00.000Z'), 10_000)).not.toContain(caseId);

      await expect(transactor.commit([cases.answerCompletion({ caseId, requestedAt: at(11), answeredAt: at(200), answeredBy: 'anna@x.example', pausedMs: 1 })])).rejects.toBeInstanceOf(CaseChangedError);
      await transactor.commit([cases.answerCompletion({ caseId, requestedAt: request.requestedAt, answeredAt: at(200), answeredBy: 'anna@x.example', pausedMs: 190 * 60_000 })]);
      await expect(transactor.commit([cases.answerCompletion({ caseId, requestedAt: request.requestedAt, answeredAt: at(201), answeredBy: 'anna@x.example', pausedMs: 1 })])).rejects.toBeInstanceOf(CaseChangedError);
      const answered = (await cases.find(caseId))!;
      expect(answered.completion).toEqual({ ...request, remindedAt: at(100), answeredAt: at(200), answeredBy: 'anna@x.example' });
      expect(answered.pausedMs).toBe(190 * 60_000);
      expect(answered.messageCounts.conversation).toBe(2);

      // A new request after the answer: its own reminder.
      const second = { requestedAt: at(300), requestedBy: 'anders.holm@sundbyberg.example', remindAt: '2026-12-04T06:00:00.000Z' };
      await transactor.commit([cases.requestCompletion({ caseId, request: second })]);
      expect((await cases.find(caseId))!.completion).toEqual(second);
      expect(await cases.dueForCompletionReminder(new Date(second.remindAt), 10_000)).toContain(caseId);
    });

    it('ends a stay once (leaving the stay-end index), and closes it once after; or ends and closes at once', async () => {
      const { cases, transactor } = make();
      const created = newCase();
      const other = newCase();
      await transactor.commit([cases.create(created)]);
      await transactor.commit([cases.create(other)]);
      const last = created.order.stay.to;
      const dayAfter = new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      expect(await cases.dueForStayEnd(last, 10_000)).not.toContain(created.caseId);
      expect(await cases.dueForStayEnd(dayAfter, 10_000)).toEqual(expect.arrayContaining([created.caseId, other.caseId]));
      await expect(transactor.commit([cases.closeCase({ caseId: created.caseId, at: at(1) })])).rejects.toBeInstanceOf(CaseChangedError);

      const end = { endedOn: last, reportedAt: at(10), reportedBy: 'system', source: 'end_date' as const };
      await transactor.commit([cases.endStay({ caseId: created.caseId, end })]);
      await expect(transactor.commit([cases.endStay({ caseId: created.caseId, end })])).rejects.toBeInstanceOf(CaseChangedError);
      expect(await cases.dueForStayEnd(dayAfter, 10_000)).not.toContain(created.caseId);
      expect((await cases.find(created.caseId))!).toMatchObject({ ended: end, status: 'open' });
      await transactor.commit([cases.closeCase({ caseId: created.caseId, at: at(20) })]);
      await expect(transactor.commit([cases.closeCase({ caseId: created.caseId, at: at(21) })])).rejects.toBeInstanceOf(CaseChangedError);
      expect((await cases.find(created.caseId))!).toMatchObject({ status: 'closed', closedAt: at(20) });
      expect((await cases.listAll(10_000)).find((c) => c.caseId === created.caseId)).toMatchObject({ status: 'closed', closedAt: at(20), ended: end });

      await transactor.commit([cases.endStay({ caseId: other.caseId, end, closedAt: at(30) })]);
      expect((await cases.find(other.caseId))!).toMatchObject({ status: 'closed', closedAt: at(30), ended: end });
      expect(await cases.dueForStayEnd(dayAfter, 10_000)).not.toContain(other.caseId);
    });

    it('moves a declined assignment to the next provider (or holds it, or leaves it without one), once', async () => {
      const { cases, transactor } = make();
      const created = newCase();
      await transactor.commit([cases.create(created)]);
      const ref = { caseId: created.caseId, insatsType: 'hemtjanst' as const };
      const next = { kind: 'rotation' as const, providerId: 'hemtjanst-sundbyberg', rotation: 'hemtjanst#centrala', turn: 4, reason: 'tur 4' };
      const decline = { providerId: 'duvbo-omsorg', reason: 'Fullt', at: at(40), by: 'sara.lind@duvbo-omsorg.example' };
      await transactor.commit([cases.declineAssignment({ ...ref, decline, next, hold: false, at: at(40), confirmBy: at(40 + 24 * 60) })]);
      const moved = (await cases.find(created.caseId))!.assignments.find((a) => a.insatsType === 'hemtjanst')!;
      expect(moved).toMatchObject({ status: 'sent', decision: next, sentAt: at(40), declines: [decline], chased: [] });
      expect((await cases.listByProvider('duvbo-omsorg', 10_000)).map((c) => c.caseId)).not.toContain(created.caseId);
      expect((await cases.listByProvider('hemtjanst-sundbyberg', 10_000)).map((c) => c.caseId)).toContain(created.caseId);
      await expect(transactor.commit([cases.declineAssignment({ ...ref, decline, next, hold: false, at: at(41), confirmBy: at(41) })])).rejects.toBeInstanceOf(AssignmentChangedError);

      const none = { kind: 'needs_provider' as const, reason: 'ingen' };
      await transactor.commit([cases.declineAssignment({ ...ref, decline: { ...decline, providerId: 'hemtjanst-sundbyberg' }, next: none, hold: false, at: at(50), confirmBy: at(50) })]);
      const waiting = (await cases.find(created.caseId))!.assignments.find((a) => a.insatsType === 'hemtjanst')!;
      expect(waiting).toMatchObject({ status: 'needs_provider', decision: none });
      expect(waiting.declines).toHaveLength(2);
      expect(await cases.dueForChase(new Date(at(100_000)), 10_000)).not.toContainEqual(ref);

      const protectedCase = newCase({ protectedIdentity: true });
      await transactor.commit([cases.create(protectedCase)]);
      await transactor.commit([cases.declineAssignment({ caseId: protectedCase.caseId, insatsType: 'hemtjanst', decline, next, hold: true, at: at(60), confirmBy: at(60) })]);
      expect((await cases.find(protectedCase.caseId))!.assignments.find((a) => a.insatsType === 'hemtjanst')).toMatchObject({ status: 'held', decision: next });
    });

    it('takes each chaser step once while the assignment is unconfirmed, and leaves the due index after the last', async () => {
      const { cases, transactor } = make();
      const created = newCase();
      await transactor.commit([cases.create(created)]);
      const ref = { caseId: created.caseId, insatsType: 'hemtjanst' as const };
      const due = async (iso: string) => (await cases.dueForChase(new Date(iso), 10_000)).some((r) => r.caseId === ref.caseId && r.insatsType === ref.insatsType);
      expect(await due(at(60))).toBe(false);
      expect(await due(created.confirmBy)).toBe(true);
      const escalateAt = at(48 * 60);
      await transactor.commit([cases.chaseAssignment({ ...ref, sentAt: at(0), step: 'reminder', nextDueAt: escalateAt })]);
      await expect(transactor.commit([cases.chaseAssignment({ ...ref, sentAt: at(0), step: 'reminder', nextDueAt: escalateAt })])).rejects.toBeInstanceOf(AssignmentChangedError);
      await expect(transactor.commit([cases.chaseAssignment({ ...ref, sentAt: at(1), step: 'escalation' })])).rejects.toBeInstanceOf(AssignmentChangedError);
      expect(await due(at(30 * 60))).toBe(false);
      expect(await due(escalateAt)).toBe(true);
      await transactor.commit([cases.chaseAssignment({ ...ref, sentAt: at(0), step: 'escalation' })]);
      expect(await due(at(100_000))).toBe(false);
      expect((await cases.find(created.caseId))!.assignments.find((a) => a.insatsType === 'hemtjanst')!.chased).toEqual(['reminder', 'escalation']);
    });

    it('reassigns a case once from the caseworker it is with, marks it opened once and registered once', async () => {
      const { cases, transactor } = make();
      const created = newCase();
      await transactor.commit([cases.create(created)]);
      await cases.markOpened(created.caseId, at(10));
      await cases.markOpened(created.caseId, at(20));
      expect((await cases.find(created.caseId))!.openedAt).toBe(at(10));
      const reassign = (from: string) => cases.reassign({ caseId: created.caseId, from, to: 'britt-sandberg', unitId: 'aldreomsorg', at: at(30) });
      await transactor.commit([reassign('anders-holm')]);
      await expect(transactor.commit([reassign('anders-holm')])).rejects.toBeInstanceOf(CaseChangedError);
      const view = (await cases.find(created.caseId))!;
      expect(view.routing).toMatchObject({ kind: 'caseworker', caseworkerId: 'britt-sandberg', unitId: 'aldreomsorg' });
      // The new caseworker has not opened it yet.
      expect(view.openedAt).toBeUndefined();
      const register = cases.markRegistered({ caseId: created.caseId, at: at(40), by: 'ivar.dahl@sundbyberg.example' });
      await transactor.commit([register]);
      expect((await cases.find(created.caseId))!.registered).toEqual({ at: at(40), by: 'ivar.dahl@sundbyberg.example' });
      await expect(transactor.commit([cases.markRegistered({ caseId: created.caseId, at: at(41), by: 'x' })])).rejects.toBeInstanceOf(CaseChangedError);
    });
  });

  describe('audit log', () => {
    it('keeps every read of a case’s personal data, in order, apart from other cases’', async () => {
      const { audit } = make();
      const caseId = unique();
      const entry = (id: string, minutes: number) => ({ id, caseId, at: at(minutes), by: 'anders.holm@sundbyberg.example', name: 'Anders Holm', role: 'caseworker', what: ['person', 'decisionText'], view: 'case' });
      await audit.record(entry('01B', 2));
      await audit.record(entry('01A', 1));
      await audit.record({ ...entry('01C', 3), caseId: unique() });
      expect(await audit.ofCase(caseId)).toEqual([entry('01A', 1), entry('01B', 2)]);
    });
  });

  describe('routing', () => {
    const plan = (overrides: Partial<RoutingPlan>): RoutingPlan => ({
      caseworker: { kind: 'fallback', unitId: 'aldreomsorg', reason: 'kö' },
      assignments: [],
      providerLoads: [],
      turns: [],
      ...overrides,
    });
    const change = (providerId: string, extra: Partial<ProviderLoadChange> = {}): ProviderLoadChange => ({
      providerId,
      clients: 1,
      hoursPerMonth: 10,
      warn: false,
      ...extra,
    });

    it('reads nothing for nobody, and no load for those never given a case', async () => {
      const { routing } = make();
      expect(await routing.loads({ caseworkerIds: [], providerIds: [] })).toEqual({ caseworkers: {}, providers: {} });
      expect(await routing.loads({ caseworkerIds: [unique()], providerIds: [unique()] })).toEqual({ caseworkers: {}, providers: {} });
    });

    it("records a case's routing: the caseworker's open cases, the providers' loads, the warning", async () => {
      const { routing, transactor } = make();
      const [caseworker, provider] = [`cw-${unique()}`, `p-${unique()}`];
      const caseworkerDecision = { kind: 'caseworker' as const, caseworkerId: caseworker, unitId: 'aldreomsorg', districtId: 'centrala', reason: '' };
      await transactor.commit([routing.record({ caseId: unique(), reference: 'R1', plan: plan({ caseworker: caseworkerDecision, providerLoads: [change(provider)] }), at: at(1) })]);
      await transactor.commit([
        routing.record({ caseId: unique(), reference: 'R2', plan: plan({ caseworker: caseworkerDecision, providerLoads: [change(provider, { hoursPerMonth: 5, warn: true })] }), at: at(2) }),
      ]);
      expect(await routing.loads({ caseworkerIds: [caseworker], providerIds: [provider] })).toEqual({
        caseworkers: { [caseworker]: { openCases: 2, lastAssignedAt: at(2) } },
        providers: { [provider]: { clients: 2, hoursPerMonth: 15, warned: true } },
      });
    });

    it('refuses a load change beyond the cap, after a load it did not see, or a second warning — as ProviderLoadConflict', async () => {
      const { routing, transactor } = make();
      const provider = `p-${unique()}`;
      const record = (c: ProviderLoadChange) => transactor.commit([routing.record({ caseId: unique(), reference: 'R', plan: plan({ providerLoads: [c] }), at: at(1) })]);
      await record(change(provider, { cap: { clients: 2 }, seen: { clients: 0, hoursPerMonth: 0 }, warn: true }));
      await expect(record(change(provider, { cap: { clients: 2 }, seen: { clients: 0, hoursPerMonth: 0 } }))).rejects.toEqual(new ProviderLoadConflict(provider));
      await expect(record(change(provider, { cap: { clients: 2 }, seen: { clients: 1, hoursPerMonth: 10 }, warn: true }))).rejects.toBeInstanceOf(ProviderLoadConflict);
      await record(change(provider, { cap: { clients: 2 }, seen: { clients: 1, hoursPerMonth: 10 } }));
      await expect(record(change(provider, { cap: { clients: 2 } }))).rejects.toBeInstanceOf(ProviderLoadConflict);
      await expect(record(change(provider, { cap: { hoursPerMonth: 25 } }))).rejects.toBeInstanceOf(ProviderLoadConflict);
      expect((await routing.loads({ caseworkerIds: [], providerIds: [provider] })).providers[provider]).toEqual({ clients: 2, hoursPerMonth: 20, warned: true });
    });

    it('keeps each rotation turn once', async () => {
      const { routing, transactor } = make();
      const turn = { rotation: `hemtjanst#${unique()}`, turn: 1, providerId: 'duvbo-omsorg' };
      await transactor.commit([routing.record({ caseId: unique(), reference: 'R1', plan: plan({ turns: [turn] }), at: at(1) })]);
      await expect(transactor.commit([routing.record({ caseId: unique(), reference: 'R2', plan: plan({ turns: [turn] }), at: at(2) })])).rejects.toThrow();
    });
  });

  describe('outbox', () => {
    async function caseWith(stores: Stores, messages: OutboxMessage[]) {
      const created = newCase();
      const queued = messages.map((m) => ({ ...m, caseId: created.caseId }));
      await stores.transactor.commit([stores.cases.create(created), stores.outbox.enqueue(queued)]);
      const status = async (id: string) => (await stores.cases.find(created.caseId))!.notifications.find((n) => n.id === id);
      return { caseId: created.caseId, queued, status };
    }

    it('hands a queued message to one sender at a time, and again once its lease has run out', async () => {
      const stores = make();
      const { caseId, queued: [m], status } = await caseWith(stores, [message('')]);
      const first = await stores.outbox.claim(caseId, m.id, new Date(at(1)), 60_000);
      expect(first).toEqual({ id: m.id, caseId, kind: m.kind, recipient: m.recipient, to: m.to, createdAt: m.createdAt, attempts: 1, mail: m.mail });
      expect(await stores.outbox.claim(caseId, m.id, new Date(at(1)), 60_000)).toBeUndefined();
      expect(await status(m.id)).toMatchObject({ status: 'sending', attempts: 1 });
      expect(await stores.outbox.claim(caseId, m.id, new Date(at(3)), 60_000)).toMatchObject({ attempts: 2 });
      await stores.outbox.markSent(caseId, m.id, 'ses-1', new Date(at(3)));
      expect(await stores.outbox.claim(caseId, m.id, new Date(at(10)), 60_000)).toBeUndefined();
      expect(await status(m.id)).toMatchObject({ status: 'sent', sentAt: at(3) });
      expect(await stores.outbox.claim(unique(), unique(), new Date(at(1)), 60_000)).toBeUndefined();
    });

    it('holds a held message until it is released, once', async () => {
      const stores = make();
      const { caseId, queued: [m], status } = await caseWith(stores, [message('', { held: true })]);
      expect(await status(m.id)).toMatchObject({ status: 'held' });
      expect(await stores.outbox.claim(caseId, m.id, new Date(at(1)), 60_000)).toBeUndefined();
      await stores.transactor.commit([stores.outbox.release(caseId, [m.id], at(2))]);
      expect(await status(m.id)).toMatchObject({ status: 'queued' });
      await expect(stores.transactor.commit([stores.outbox.release(caseId, [m.id], at(3))])).rejects.toBeInstanceOf(NotificationNotHeldError);
      expect(await stores.outbox.claim(caseId, m.id, new Date(at(3)), 60_000)).toMatchObject({ id: m.id });
    });

    it('shows the sweeper what is due: a retry when its time comes, a queued message never sent after its safety net, never a failed one', async () => {
      const stores = make();
      const base = Date.UTC(2001, 0, 1) + Math.floor(Math.random() * 1_000_000) * 60_000;
      const iso = (minutes: number) => new Date(base + minutes * 60_000);
      const { caseId, queued: [retried, failed, forgotten] } = await caseWith(stores, [
        message('', { createdAt: iso(0).toISOString() }),
        message('', { createdAt: iso(0).toISOString() }),
        message('', { createdAt: iso(0).toISOString() }),
      ]);
      for (const m of [retried, failed]) await stores.outbox.claim(caseId, m.id, iso(0), 60_000);
      await stores.outbox.markAttemptFailed(caseId, retried.id, 'Throttling', iso(0), iso(10));
      await stores.outbox.markAttemptFailed(caseId, failed.id, 'Throttling', iso(0), undefined);
      const due = async (minutes: number) => (await stores.outbox.dueForRetry(iso(minutes), 1000)).filter((r) => r.caseId === caseId).map((r) => r.id);
      expect(await due(1)).toEqual([]);
      expect(await due(3)).toEqual([forgotten.id]);
      expect((await due(11)).sort()).toEqual([retried.id, forgotten.id].sort());
      expect(await stores.outbox.claim(caseId, failed.id, iso(20), 60_000)).toBeUndefined();
    });

    it('lists the dead-lettered mails (no address, no content) and re-drives each once, from its first attempt', async () => {
      const stores = make();
      const { caseId, queued: [dead, alive], status } = await caseWith(stores, [message(''), message('')]);
      for (const m of [dead, alive]) await stores.outbox.claim(caseId, m.id, new Date(at(1)), 60_000);
      await stores.outbox.markAttemptFailed(caseId, dead.id, 'MessageRejected', new Date(at(2)), undefined);
      await stores.outbox.markAttemptFailed(caseId, alive.id, 'Throttling', new Date(at(2)), new Date(at(3)));
      const mine = async () => (await stores.outbox.deadLettered(10_000)).filter((m) => m.caseId === caseId);
      expect(await mine()).toEqual([{ caseId, id: dead.id, kind: dead.kind, failedAt: at(2), lastError: 'MessageRejected' }]);
      expect(await stores.outbox.redrive(caseId, alive.id, new Date(at(4)))).toBe(false);
      expect(await stores.outbox.redrive(caseId, dead.id, new Date(at(4)))).toBe(true);
      expect(await stores.outbox.redrive(caseId, dead.id, new Date(at(4)))).toBe(false);
      expect(await mine()).toEqual([]);
      expect(await status(dead.id)).toMatchObject({ status: 'retry' });
      expect((await stores.outbox.dueForRetry(new Date(at(4)), 10_000)).some((r) => r.id === dead.id)).toBe(true);
      expect(await stores.outbox.claim(caseId, dead.id, new Date(at(5)), 60_000)).toMatchObject({ attempts: 1 });
    });

    it('keeps the delivery status a notification reached: a bounce is never overwritten by a later delivery', async () => {
      const stores = make();
      const { caseId, queued: [a, b], status } = await caseWith(stores, [message(''), message('')]);
      await stores.outbox.recordDelivery({ caseId, outboxId: a.id, status: 'delivered', at: at(2) });
      await stores.outbox.recordDelivery({ caseId, outboxId: b.id, status: 'bounced', at: at(2), detail: 'Permanent/General' });
      await stores.outbox.recordDelivery({ caseId, outboxId: b.id, status: 'delivered', at: at(3) });
      await stores.outbox.recordDelivery({ caseId, outboxId: unique(), status: 'delivered', at: at(3) });
      expect(await status(a.id)).toMatchObject({ deliveryStatus: 'delivered' });
      expect(await status(b.id)).toMatchObject({ deliveryStatus: 'bounced' });
    });
  });

  describe('sessions', () => {
    const session = (overrides: Partial<Session> = {}): Session => ({
      idHash: unique(),
      email: 'anders.holm@sundbyberg.example',
      csrfToken: 'csrf',
      idToken: 'header.payload.signature',
      createdAt: at(0),
      lastSeenAt: at(0),
      ...overrides,
    });

    it('keeps a session, moves its last use only forward, and forgets it when removed', async () => {
      const { sessions } = make();
      const s = session({ groups: ['caseworker'] });
      await sessions.create(s);
      await expect(sessions.create(s)).rejects.toThrow();
      expect(await sessions.find(s.idHash)).toEqual(s);
      await sessions.touch(s.idHash, at(5));
      await sessions.touch(s.idHash, at(3));
      expect(await sessions.find(s.idHash)).toEqual({ ...s, lastSeenAt: at(5) });
      await sessions.remove(s.idHash);
      expect(await sessions.find(s.idHash)).toBeUndefined();
      await sessions.touch(s.idHash, at(9));
      expect(await sessions.find(s.idHash)).toBeUndefined();
      expect(await sessions.find(unique())).toBeUndefined();
    });

    it('hands a login attempt back once', async () => {
      const { logins } = make();
      const attempt = { state: unique(), nonce: 'n', codeVerifier: 'v', returnTo: '/portal/arenden/TV-2026-00001', createdAt: at(0) };
      await logins.save(attempt);
      expect(await logins.take(attempt.state)).toEqual(attempt);
      expect(await logins.take(attempt.state)).toBeUndefined();
    });
  });

  describe('messages', () => {
    const sender = (email = 'anders.holm@sundbyberg.example') => ({ email, name: 'Anders Holm', function: 'Äldreomsorgens myndighetsenhet, Sundbyberg', party: 'municipality' as const });
    const stored = (caseId: string, overrides: Partial<StoredMessage> = {}): StoredMessage => ({
      caseId,
      id: `01${unique()}`,
      conversationId: `${caseId}:conversation`,
      channel: 'conversation',
      sentAt: at(5),
      sender: sender(),
      sealedText: 'sealed-text',
      attachmentIds: [],
      ...overrides,
    });
    const attachment = (caseId: string, overrides: Partial<StoredAttachment> = {}): StoredAttachment => ({
      caseId,
      id: unique(),
      objectKey: `cases/${caseId}/attachments/x`,
      size: 100,
      contentType: 'application/pdf',
      sealedFileName: 'sealed-name',
      uploadedBy: 'anders.holm@sundbyberg.example',
      party: 'municipality',
      createdAt: at(1),
      status: 'pending',
      ...overrides,
    });

    it('posts messages with their files, counted on the case and as seen by their writer; reads the thread back in order', async () => {
      const { cases, messages, transactor } = make();
      const created = newCase();
      await transactor.commit([cases.create(created)]);
      const file = attachment(created.caseId);
      await messages.createAttachment(file);
      const first = stored(created.caseId, { id: '01A', attachmentIds: [file.id] });
      // A file not yet checked can't go with a message; nothing of that transaction is written.
      await expect(transactor.commit([messages.post(first), cases.countMessage(created.caseId, 'conversation')])).rejects.toBeInstanceOf(AttachmentUnavailableError);
      expect((await messages.thread(created.caseId)).messages).toEqual([]);
      await messages.markAttachmentReady(created.caseId, file.id, 'application/pdf');
      await transactor.commit([messages.post(first), cases.countMessage(created.caseId, 'conversation')]);
      const second = stored(created.caseId, { id: '01B', channel: 'internal', conversationId: `${created.caseId}:internal`, sender: sender('sara.lind@duvbo-omsorg.example') });
      await transactor.commit([messages.post(second), cases.countMessage(created.caseId, 'internal')]);

      const thread = await messages.thread(created.caseId);
      expect(thread.messages).toEqual([first, second]);
      expect(thread.attachments).toEqual([{ ...file, status: 'ready', messageId: '01A' }]);
      expect((await cases.find(created.caseId))!.messageCounts).toEqual({ conversation: 1, internal: 1 });
      // Seen counts are per person, whatever the case of the address.
      expect(await messages.seen('Anders.Holm@sundbyberg.example', [created.caseId])).toEqual({ [created.caseId]: { conversation: 1, internal: 0 } });
      // A file goes with one message only.
      await expect(transactor.commit([messages.post(stored(created.caseId, { attachmentIds: [file.id] }))])).rejects.toBeInstanceOf(AttachmentUnavailableError);
    });

    it('keeps the first receipt of each reader, and seen counts that never go down', async () => {
      const { messages } = make();
      const caseId = unique();
      const receipt = { caseId, subjectId: '01A', kind: 'read' as const, email: 'anna@katrineholm.example', who: 'Anna Berglund, Katrineholm', at: at(10) };
      await messages.recordReceipts([receipt]);
      await messages.recordReceipts([{ ...receipt, at: at(20) }, { ...receipt, subjectId: '01B', at: at(21) }]);
      expect((await messages.thread(caseId)).receipts.sort((a, b) => a.subjectId.localeCompare(b.subjectId))).toEqual([receipt, { ...receipt, subjectId: '01B', at: at(21) }]);
      await messages.markSeen(caseId, 'anna@katrineholm.example', { conversation: 3, internal: 0 });
      await messages.markSeen(caseId, 'anna@katrineholm.example', { conversation: 2, internal: 1 });
      expect(await messages.seen('anna@katrineholm.example', [caseId])).toEqual({ [caseId]: { conversation: 3, internal: 1 } });
      expect(await messages.seen('someone@else.example', [caseId])).toEqual({ [caseId]: { conversation: 0, internal: 0 } });
    });

    it('checks a file once, and removes a refused one', async () => {
      const { messages } = make();
      const caseId = unique();
      const file = attachment(caseId);
      await messages.createAttachment(file);
      await expect(messages.createAttachment(file)).rejects.toThrow();
      await messages.markAttachmentReady(caseId, file.id, 'image/png');
      expect(await messages.findAttachment(caseId, file.id)).toEqual({ ...file, status: 'ready', contentType: 'image/png' });
      await expect(messages.markAttachmentReady(caseId, file.id, 'image/png')).rejects.toThrow();
      await messages.removeAttachment(caseId, file.id);
      expect(await messages.findAttachment(caseId, file.id)).toBeUndefined();
    });

    it('records a notice only over the one it saw last', async () => {
      const { messages, transactor } = make();
      const caseId = unique();
      const address = 'Order@Duvbo-Omsorg.example';
      expect(await messages.lastNotices(caseId, [address])).toEqual({});
      await transactor.commit([messages.recordNotice({ caseId, address, at: at(1) })]);
      await expect(transactor.commit([messages.recordNotice({ caseId, address, at: at(2) })])).rejects.toBeInstanceOf(NoticeChangedError);
      await transactor.commit([messages.recordNotice({ caseId, address, at: at(20), previous: at(1) })]);
      expect(await messages.lastNotices(caseId, [address, 'other@x.example'])).toEqual({ [address]: at(20) });
    });
  });

  describe('the orderer’s codes, sessions and rate windows', () => {
    const code = (caseId: string, codeHash = 'hash-a') => ({ caseId, email: 'anna.berglund@katrineholm.example', codeHash, salt: 'salt', sentAt: at(0), expiresAt: at(10), attempts: 0 });

    it('keeps one code per case: wrong guesses are counted against that very code, and it is used up once', async () => {
      const { ordererCodes } = make();
      const caseId = unique();
      await ordererCodes.save(code(caseId));
      expect(await ordererCodes.countWrongGuess(caseId, 'hash-a')).toBe(1);
      expect(await ordererCodes.countWrongGuess(caseId, 'hash-other')).toBeUndefined();
      expect(await ordererCodes.find(caseId)).toEqual({ ...code(caseId), attempts: 1 });
      await ordererCodes.save(code(caseId, 'hash-b'));
      expect(await ordererCodes.consume(caseId, 'hash-a', 5)).toBe(false);
      expect(await ordererCodes.consume(caseId, 'hash-b', 5)).toBe(true);
      expect(await ordererCodes.consume(caseId, 'hash-b', 5)).toBe(false);
      expect(await ordererCodes.find(caseId)).toBeUndefined();
    });

    it('does not use up a code guessed at too often', async () => {
      const { ordererCodes } = make();
      const caseId = unique();
      await ordererCodes.save(code(caseId));
      for (let i = 0; i < 5; i++) await ordererCodes.countWrongGuess(caseId, 'hash-a');
      expect(await ordererCodes.consume(caseId, 'hash-a', 5)).toBe(false);
    });

    it('keeps orderer sessions by the hash of their id', async () => {
      const { ordererSessions } = make();
      const session = { idHash: unique(), caseId: unique(), email: 'anna.berglund@katrineholm.example', csrfToken: 'csrf', createdAt: at(0) };
      await ordererSessions.create(session);
      await expect(ordererSessions.create(session)).rejects.toThrow();
      expect(await ordererSessions.find(session.idHash)).toEqual(session);
      await ordererSessions.remove(session.idHash);
      expect(await ordererSessions.find(session.idHash)).toBeUndefined();
    });

    it('counts hits per fixed window', async () => {
      const { rates } = make();
      const name = `test:${unique()}`;
      const hour = 3_600_000;
      expect(await rates.count(name, hour, new Date(at(0)))).toBe(0);
      expect(await rates.hit(name, hour, new Date(at(0)))).toBe(1);
      expect(await rates.hit(name, hour, new Date(at(59)))).toBe(2);
      expect(await rates.count(name, hour, new Date(at(30)))).toBe(2);
      expect(await rates.hit(name, hour, new Date(at(60)))).toBe(1);
    });
  });

  describe('order versions and charges', () => {
    it('changes the order to its next version once, each assignment held to what was read', async () => {
      const { cases, transactor } = make();
      const created = newCase();
      await transactor.commit([cases.create(created)]);
      const version = (n: number, to: string): OrderVersion => ({
        version: n,
        at: at(n),
        by: 'anders.holm@sundbyberg.example',
        byRole: n === 1 ? 'intake' : 'caseworker',
        changes: n === 1 ? [] : [{ kind: 'stay_extended', text: `Sista dag → ${to}` }],
        order: { ...created.order, stay: { ...created.order.stay, to } },
        sealedDecisionText: `sealed-${n}`,
      });
      const change = (fromVersion: number, expected: 'sent' | 'confirmed') =>
        cases.changeOrder({
          caseId: created.caseId,
          reference: created.reference,
          fromVersion,
          ...(fromVersion === 1 ? { first: version(1, created.order.stay.to) } : {}),
          next: version(fromVersion + 1, '2027-06-30'),
          personalData: { ...created.personalData, decisionText: `sealed-${fromVersion + 1}` },
          assignments: [
            { kind: 'unchanged', insatsType: 'hemtjanst', expected },
            { kind: 'remove', insatsType: 'trygghetslarm', expected: 'needs_provider', at: at(5) },
            { kind: 'add', insatsType: 'matdistribution', decision: { kind: 'chosen', providerId: 'stadens-matdistribution', reason: 'vald' }, status: 'sent', at: at(5), confirmBy: at(60) },
          ],
        });
      await expect(transactor.commit([change(1, 'confirmed')])).rejects.toBeInstanceOf(AssignmentChangedError);
      await transactor.commit([change(1, 'sent')]);
      const view = (await cases.find(created.caseId))!;
      expect(view.orderVersion).toBe(2);
      expect(view.versions.map((v) => [v.version, v.sealedDecisionText, v.order.stay.to])).toEqual([
        [1, 'sealed-1', created.order.stay.to],
        [2, 'sealed-2', '2027-06-30'],
      ]);
      expect(view.order.stay.to).toBe('2027-06-30');
      expect(view.personalData.decisionText).toBe('sealed-2');
      expect(view.assignments.map((a) => [a.insatsType, a.status])).toEqual([
        ['hemtjanst', 'sent'],
        ['matdistribution', 'sent'],
        ['trygghetslarm', 'removed'],
      ]);
      // Made on version 1 again: refused.
      await expect(transactor.commit([change(1, 'sent')])).rejects.toBeInstanceOf(OrderChangedError);
      // A confirmation of the version read: refused once the order moved on.
      const confirmation = { startDate: '2026-12-01', contactName: 'Sara', contactPhone: '08-1', confirmedAt: at(9), confirmedBy: 'sara' };
      await expect(
        transactor.commit([cases.confirmAssignment({ caseId: created.caseId, insatsType: 'hemtjanst', providerId: 'duvbo-omsorg', confirmation, start: { deadline: '2026-12-02', chaseAt: at(99) }, orderVersion: 1 })]),
      ).rejects.toBeInstanceOf(OrderChangedError);
      await transactor.commit([cases.confirmAssignment({ caseId: created.caseId, insatsType: 'hemtjanst', providerId: 'duvbo-omsorg', confirmation, start: { deadline: '2026-12-02', chaseAt: at(99) }, orderVersion: 2 })]);
      await transactor.commit([
        cases.changeOrder({
          caseId: created.caseId,
          reference: created.reference,
          fromVersion: 2,
          next: version(3, '2027-07-31'),
          personalData: created.personalData,
          assignments: [{ kind: 'pending', insatsType: 'hemtjanst', change: { version: 3, at: at(10), lines: [{ kind: 'stay_extended', text: 'x' }] } }],
        }),
      ]);
      expect((await cases.find(created.caseId))!.assignments.find((a) => a.insatsType === 'hemtjanst')!.pendingChange).toEqual({ version: 3, at: at(10), lines: [{ kind: 'stay_extended', text: 'x' }] });
      const confirmChange = (v: number) => cases.confirmChange({ caseId: created.caseId, insatsType: 'hemtjanst', providerId: 'duvbo-omsorg', version: v, at: at(11), by: 'sara' });
      await expect(transactor.commit([confirmChange(2)])).rejects.toBeInstanceOf(AssignmentChangedError);
      await transactor.commit([confirmChange(3)]);
      const confirmed = (await cases.find(created.caseId))!.assignments.find((a) => a.insatsType === 'hemtjanst')!;
      expect(confirmed.pendingChange).toBeUndefined();
      expect(confirmed.changeConfirmed).toEqual({ version: 3, at: at(11), by: 'sara' });
    });

    it('keeps one charge of each kind per case, read by its month', async () => {
      const { reports, transactor } = make();
      const caseId = unique();
      const charge: Charge = { caseId, id: 'late_cancellation', kind: 'late_cancellation', reference: `KONTRAKT-${caseId}`, month: '2031-05', quantity: 1, rate: { amountOre: 50_000, per: 'visit' }, homeMunicipality: { code: '0483', name: 'Katrineholm' }, invoiceReference: 'REF', billingAddress: 'Box 1', insatsType: 'hemtjanst', at: at(0) };
      await transactor.commit([reports.recordCharge(charge)]);
      await expect(transactor.commit([reports.recordCharge(charge)])).rejects.toBeInstanceOf(ReportChangedError);
      expect((await reports.chargesInMonth('2031-05')).filter((c) => c.caseId === caseId)).toEqual([charge]);
      expect((await reports.chargesInMonth('2031-06')).filter((c) => c.caseId === caseId)).toEqual([]);
    });
  });

  describe('extra visits', () => {
    const extraOf = (caseId: string, unitId: string, id: string, registeredAt: string): ExtraVisit => ({
      caseId,
      id,
      reference: `TV-${caseId}`,
      unitId,
      insatsType: 'hemtjanst',
      providerId: 'duvbo-omsorg',
      date: '2026-11-19',
      minutes: 30,
      sealedReason: 'sealed-reason',
      registeredAt,
      registeredBy: 'sara',
      late: false,
      status: 'open',
    });

    it('lists a unit’s undecided extra visits oldest first; a decision or a question holds to the state read, once', async () => {
      const { extras, transactor } = make();
      const caseId = unique();
      const unitId = `UNIT-${unique()}`;
      const first = extraOf(caseId, unitId, 'E1', at(1));
      const second = { ...extraOf(caseId, unitId, 'E2', at(2)), agreementId: 'A1' };
      await transactor.commit([extras.register(second), extras.register(first)]);
      await expect(transactor.commit([extras.register(first)])).rejects.toBeInstanceOf(ExtraVisitChangedError);
      expect((await extras.undecidedForUnit(unitId, 10)).map((e) => e.id)).toEqual(['E1', 'E2']);
      expect(await extras.find(caseId, 'E2')).toEqual(second);
      expect((await extras.ofCase(caseId)).map((e) => e.id)).toEqual(['E1', 'E2']);

      const question = { at: at(3), by: 'anders', sealedText: 'sealed-q', answerDueOn: '2026-11-27' };
      await transactor.commit([extras.ask({ caseId, id: 'E1', question })]);
      await expect(transactor.commit([extras.ask({ caseId, id: 'E1', question })])).rejects.toBeInstanceOf(ExtraVisitChangedError);
      // Still undecided while questioned; overdue after its day, until reminded once.
      expect((await extras.undecidedForUnit(unitId, 10)).map((e) => [e.id, e.status])).toEqual([
        ['E1', 'questioned'],
        ['E2', 'open'],
      ]);
      expect((await extras.questionsOverdue('2026-11-27', 100)).filter((e) => e.caseId === caseId)).toEqual([]);
      expect((await extras.questionsOverdue('2026-11-28', 100)).filter((e) => e.caseId === caseId).map((e) => e.id)).toEqual(['E1']);
      await transactor.commit([extras.remindQuestion({ caseId, id: 'E1', askedAt: at(3), at: at(4) })]);
      await expect(transactor.commit([extras.remindQuestion({ caseId, id: 'E1', askedAt: at(3), at: at(4) })])).rejects.toBeInstanceOf(ExtraVisitChangedError);
      expect((await extras.questionsOverdue('2026-11-28', 100)).filter((e) => e.caseId === caseId)).toEqual([]);
      await expect(transactor.commit([extras.answer({ caseId, id: 'E1', askedAt: at(9), answeredAt: at(5), answeredBy: 'sara', sealedAnswer: 'a' })])).rejects.toBeInstanceOf(ExtraVisitChangedError);
      await transactor.commit([extras.answer({ caseId, id: 'E1', askedAt: at(3), answeredAt: at(5), answeredBy: 'sara', sealedAnswer: 'sealed-a' })]);
      expect(await extras.find(caseId, 'E1')).toMatchObject({ status: 'open', question: { ...question, remindedAt: at(4), answeredAt: at(5), answeredBy: 'sara', sealedAnswer: 'sealed-a' } });

      const decide = (id: string, expected: ExtraVisit['status']) => extras.decide({ caseId, id, expected, status: 'approved', decision: { at: at(6), by: 'anders' } });
      await expect(transactor.commit([decide('E2', 'questioned')])).rejects.toBeInstanceOf(ExtraVisitChangedError);
      await transactor.commit([decide('E2', 'open')]);
      await expect(transactor.commit([decide('E2', 'open')])).rejects.toBeInstanceOf(ExtraVisitChangedError);
      expect((await extras.undecidedForUnit(unitId, 10)).map((e) => e.id)).toEqual(['E1']);
      expect(await extras.find(caseId, 'E2')).toMatchObject({ status: 'approved', decision: { at: at(6), by: 'anders' }, agreementId: 'A1' });
    });

    it('keeps a case’s agreements, oldest first', async () => {
      const { extras, transactor } = make();
      const caseId = unique();
      const agreement = (id: string, minute: number) => ({ caseId, id, insatsType: 'hemtjanst' as const, from: '2026-11-20', to: '2026-11-30', sealedNote: `sealed-${id}`, at: at(minute), by: 'anders' });
      await transactor.commit([extras.agree(agreement('A2', 2)), extras.agree(agreement('A1', 1))]);
      await expect(transactor.commit([extras.agree(agreement('A1', 1))])).rejects.toBeInstanceOf(ExtraVisitChangedError);
      expect(await extras.agreementsOf(caseId)).toEqual([agreement('A1', 1), agreement('A2', 2)]);
      expect(await extras.agreementsOf(unique())).toEqual([]);
    });
  });

  describe('outgoing stays', () => {
    const stayOf = (id: string, unitId: string, registeredAt: string): OutgoingStay => ({
      id,
      reference: `UV-${id}`,
      unitId,
      caseworkerEmail: 'anders.holm@sundbyberg.example',
      registeredAt,
      protectedIdentity: false,
      sealedPerson: 'sealed-person',
      sealedDecisionText: 'sealed-decision',
      stayMunicipality: { code: '2029', name: 'Leksand' },
      stay: { from: '2026-12-14', to: '2027-01-31' },
      decidedOn: '2026-12-01',
      insatser: [{ type: 'hemtjanst', scope: { amount: 20, unit: 'hours_per_month' }, rate: { amountSek: 480, per: 'hour' } }],
      orderer: { name: 'Anders Holm', email: 'anders.holm@sundbyberg.example', phone: '08-1', unit: 'ÄO' },
      billing: { address: 'Box 1', reference: 'R' },
      contact: { name: 'Lena', email: 'bistand@leksand.example' },
      reportDue: { kind: 'working_day', n: 2 },
    });
    const reportOf = (stay: OutgoingStay, month: string, reminder: string): OutgoingReport => ({
      stayId: stay.id,
      reference: stay.reference,
      insatsType: 'hemtjanst',
      month,
      period: { from: `${month}-01`, to: `${month}-28`, days: 28, daysInMonth: 31 },
      unit: 'minutes',
      dueOn: reminder,
      ladder: { reminder, chaser: `${reminder.slice(0, 8)}20`, second_chaser: `${reminder.slice(0, 8)}25`, escalation: `${reminder.slice(0, 8)}28` },
      chased: [],
      status: 'expected',
    });

    it('keeps a stay with its reports, listed by unit newest first; sent and confirmed once; months before the start dropped', async () => {
      const { outgoing, transactor } = make();
      const unit = `UNIT-${unique()}`;
      const [a, b] = [stayOf(unique(), unit, at(1)), stayOf(unique(), unit, at(2))];
      await transactor.commit([outgoing.create(a, [reportOf(a, '2026-12', '2031-01-04'), reportOf(a, '2027-01', '2031-02-01')])]);
      await transactor.commit([outgoing.create(b, [])]);
      await expect(transactor.commit([outgoing.create({ ...stayOf(unique(), unit, at(3)), reference: a.reference }, [])])).rejects.toBeInstanceOf(OutgoingChangedError);
      expect(await outgoing.find(a.id)).toEqual(a);
      expect(await outgoing.findIdByReference(a.reference)).toBe(a.id);
      expect((await outgoing.ofUnit(unit, 10)).map((s) => s.id)).toEqual([b.id, a.id]);
      const sent = { sentOn: '2026-12-07', sentBy: 'post' as const, at: at(4), by: 'anders' };
      await transactor.commit([outgoing.markSent(a.id, sent)]);
      await expect(transactor.commit([outgoing.markSent(a.id, sent)])).rejects.toBeInstanceOf(OutgoingChangedError);
      const confirmation = { confirmedOn: '2026-12-08', startDate: '2027-01-04', at: at(5), by: 'anders' };
      await transactor.commit([outgoing.confirm(a.id, confirmation, [{ insatsType: 'hemtjanst', month: '2026-12' }])]);
      await expect(transactor.commit([outgoing.confirm(a.id, confirmation, [])])).rejects.toBeInstanceOf(OutgoingChangedError);
      expect(await outgoing.find(a.id)).toMatchObject({ sent, confirmation });
      expect((await outgoing.reportsOf(a.id)).map((r) => r.month)).toEqual(['2027-01']);
    });

    it('ended once: the reports dropped leave the due index, the one trimmed keeps its chase; nothing sent or confirmed after it', async () => {
      const { outgoing, transactor } = make();
      const stay = stayOf(unique(), `UNIT-${unique()}`, at(1));
      await transactor.commit([outgoing.create(stay, [reportOf(stay, '2030-11', '2030-12-02'), reportOf(stay, '2030-12', '2031-01-03'), reportOf(stay, '2031-01', '2031-02-03')])]);
      const mine = async (date: string) => (await outgoing.reportsDue(date, 1000)).filter((r) => r.stayId === stay.id).map((r) => r.month);
      await transactor.commit([outgoing.receiveReport({ stayId: stay.id, insatsType: 'hemtjanst', month: '2030-11', received: { receivedOn: '2030-12-01', quantity: 60, at: at(2), by: 'anders' } })]);
      const ended = { kind: 'ended_early' as const, lastDay: '2030-12-10', at: at(3), by: 'anders' };
      const trimmed = { from: '2030-12-01', to: '2030-12-10', days: 10, daysInMonth: 31 };
      // A report not expected any more (received) cannot be dropped nor trimmed: nothing of the end is written.
      await expect(transactor.commit([outgoing.end(stay.id, ended, [{ insatsType: 'hemtjanst', month: '2030-11' }], [])])).rejects.toBeInstanceOf(OutgoingChangedError);
      await expect(transactor.commit([outgoing.end(stay.id, ended, [], [{ insatsType: 'hemtjanst', month: '2030-11', period: trimmed }])])).rejects.toBeInstanceOf(OutgoingChangedError);
      expect((await outgoing.find(stay.id))!.ended).toBeUndefined();
      await transactor.commit([outgoing.end(stay.id, ended, [{ insatsType: 'hemtjanst', month: '2031-01' }], [{ insatsType: 'hemtjanst', month: '2030-12', period: trimmed }])]);
      await expect(transactor.commit([outgoing.end(stay.id, { kind: 'cancelled', at: at(4), by: 'anders' }, [], [])])).rejects.toBeInstanceOf(OutgoingChangedError);
      expect((await outgoing.find(stay.id))!.ended).toEqual(ended);
      expect((await outgoing.reportsOf(stay.id)).map((r) => [r.month, r.status, r.period.to])).toEqual([
        ['2030-11', 'received', '2030-11-28'],
        ['2030-12', 'expected', '2030-12-10'],
      ]);
      expect(await mine('2031-12-31')).toEqual(['2030-12']);
      await expect(transactor.commit([outgoing.markSent(stay.id, { sentOn: '2030-12-01', sentBy: 'post', at: at(5), by: 'anders' })])).rejects.toBeInstanceOf(OutgoingChangedError);
      await expect(transactor.commit([outgoing.confirm(stay.id, { confirmedOn: '2030-12-01', startDate: '2030-12-01', at: at(5), by: 'anders' }, [])])).rejects.toBeInstanceOf(OutgoingChangedError);
    });

    it('a report due is chased step by step, held to the steps read; received once, then its invoice once', async () => {
      const { outgoing, transactor } = make();
      const stay = stayOf(unique(), `UNIT-${unique()}`, at(1));
      await transactor.commit([outgoing.create(stay, [reportOf(stay, '2030-12', '2031-01-03')])]);
      const mine = async (date: string) => (await outgoing.reportsDue(date, 1000)).filter((r) => r.stayId === stay.id);
      expect(await mine('2031-01-02')).toEqual([]);
      expect((await mine('2031-01-03')).map((r) => r.month)).toEqual(['2030-12']);
      const step = (chasedBefore: number, nextDueOn?: string) => outgoing.takeChaseStep({ stayId: stay.id, insatsType: 'hemtjanst', month: '2030-12', chasedBefore, step: 'reminder', at: at(2), ...(nextDueOn ? { nextDueOn } : {}) });
      await transactor.commit([step(0, '2031-01-20')]);
      await expect(transactor.commit([step(0, '2031-01-20')])).rejects.toBeInstanceOf(OutgoingChangedError);
      expect(await mine('2031-01-19')).toEqual([]);
      expect((await mine('2031-01-20'))[0]!.chased).toEqual([{ step: 'reminder', at: at(2) }]);
      const invoice = { amountOre: 100, expectedOre: 100, flagged: false, at: at(4), by: 'hanna' };
      await expect(transactor.commit([outgoing.recordInvoice({ stayId: stay.id, insatsType: 'hemtjanst', month: '2030-12', invoice })])).rejects.toBeInstanceOf(OutgoingChangedError);
      const received = { receivedOn: '2031-01-21', quantity: 600, at: at(3), by: 'anders' };
      await transactor.commit([outgoing.receiveReport({ stayId: stay.id, insatsType: 'hemtjanst', month: '2030-12', received })]);
      await expect(transactor.commit([outgoing.receiveReport({ stayId: stay.id, insatsType: 'hemtjanst', month: '2030-12', received })])).rejects.toBeInstanceOf(OutgoingChangedError);
      expect(await mine('2031-12-31')).toEqual([]);
      await transactor.commit([outgoing.recordInvoice({ stayId: stay.id, insatsType: 'hemtjanst', month: '2030-12', invoice })]);
      await expect(transactor.commit([outgoing.recordInvoice({ stayId: stay.id, insatsType: 'hemtjanst', month: '2030-12', invoice })])).rejects.toBeInstanceOf(OutgoingChangedError);
      expect((await outgoing.reportsOf(stay.id))[0]).toMatchObject({ status: 'received', received, invoice });
    });
  });

  describe('transactor', () => {
    it('writes all of a transaction or nothing, and throws the domain error of the write that failed', async () => {
      const stores = make();
      const created = newCase();
      const queued = message(created.caseId);
      const key = unique();
      const lostClaim = stores.idempotency.complete({ keyHash: key, token: 'not-held', requestHash: 'x', statusCode: 201, response: {}, createdAt: at(0) });
      await expect(stores.transactor.commit([stores.cases.create(created), stores.outbox.enqueue([queued]), lostClaim])).rejects.toBeInstanceOf(IdempotencyConflict);
      expect(await stores.cases.find(created.caseId)).toBeUndefined();
      expect(await stores.cases.findIdByReference(created.reference)).toBeUndefined();
      expect(await stores.outbox.claim(created.caseId, queued.id, new Date(at(5)), 60_000)).toBeUndefined();
      expect(await stores.idempotency.find(key)).toBeUndefined();
      await stores.transactor.commit([]);
    });
  });
});
