import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { OrderRejectedError } from '../../../functions/core/intake/errors';
import { formatCaseReference, submitOrder } from '../../../functions/core/intake/submit-order';
import { IdempotencyKeyReusedError, InvalidIdempotencyKeyError, RequestInProgressError } from '../../../functions/core/kernel/idempotency';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import { inMemoryStores } from '../../support/in-memory-stores';
import { testVault } from '../../support/wiring';
import { exampleOrder } from '../../support/order-fixture';

const config = parseMunicipalityConfig(demo);
const NOW = new Date('2026-11-23T10:00:00+01:00');

function setup() {
  // Prepare
  const stores = inMemoryStores();
  let n = 0;
  const clock = { at: NOW };
  const submit = submitOrder({
    ...stores,
    vault: testVault(),
    clock: { now: () => clock.at },
    ids: { next: () => `ID${String(++n).padStart(4, '0')}` },
    config,
    publicBaseUrl: 'https://vistelse.example',
  });
  return { stores, submit, clock };
}

describe('submitOrder', () => {
  it('stores the order as a case with a human-readable reference and queues the receipt', async () => {
    const { stores, submit } = setup();
    // Act
    const result = await submit({ body: exampleOrder('2026-11-23') });
    // Assess
    expect(result.receipt).toMatchObject({ reference: 'TV-2026-00001', status: 'received', stay: { from: '2026-12-15', to: '2027-02-15' }, warnings: [] });
    expect(stores.cases.cases.size).toBe(1);
    expect(stores.outbox.messages[0]).toEqual(expect.objectContaining({ kind: 'order_receipt', to: 'anna.berglund@katrineholm.example' }));
  });

  it('numbers cases in sequence within the year', async () => {
    const { submit } = setup();
    await submit({ body: exampleOrder('2026-11-23') });
    const second = await submit({ body: exampleOrder('2026-11-23') });
    expect(second.receipt.reference).toBe('TV-2026-00002');
    expect(formatCaseReference('TV', 2027, 42)).toBe('TV-2027-00042');
  });

  it('reads only the loads routing weighs, and draws the case number with every rotation turn in one draw', async () => {
    const { stores, submit } = setup();
    await submit({ body: exampleOrder('2026-11-23'), idempotencyKey: 'key-12345678' });
    // Two caseworkers of the district compete; of the providers, only a capped one's load can decide.
    expect(stores.routing.loadRequests).toEqual([{ caseworkerIds: ['anders-holm', 'britt-sandberg'], providerIds: ['duvbo-omsorg'] }]);
    expect(stores.counters.draws).toEqual([['case-reference#2026', 'rotation#hemtjanst#centrala', 'rotation#trygghetslarm#centrala']]);
  });

  it('rejects an invalid order naming the fields and stores nothing', async () => {
    const { stores, submit } = setup();
    const body: any = exampleOrder('2026-11-23');
    body.person.personnummer = '19400612-2389';
    body.decision.insatser = [];
    const error = await submit({ body }).catch((e) => e);
    expect(error).toBeInstanceOf(OrderRejectedError);
    expect(error.issues.map((i: any) => i.path)).toEqual(['person.personnummer', 'decision.insatser']);
    expect(stores.cases.cases.size).toBe(0);
    expect(stores.outbox.messages).toHaveLength(0);
    expect(stores.counters.values.size).toBe(0);
  });

  it('answers a retry with the same Idempotency-Key with the first answer and creates nothing', async () => {
    const { stores, submit } = setup();
    const first = await submit({ body: exampleOrder('2026-11-23'), idempotencyKey: 'key-12345678' });
    const again = await submit({ body: exampleOrder('2026-11-23'), idempotencyKey: 'key-12345678' });
    // The replay is the first answer; the routing is told once, by the first (for the metrics), never again.
    const { routing: firstRouting, ...answered } = first;
    expect(firstRouting).toEqual({ caseworker: 'caseworker', providers: ['rotation', 'rotation'] });
    expect(again).toEqual({ ...answered, replayed: true });
    expect(stores.cases.cases.size).toBe(1);
    expect(stores.outbox.messages.filter((m) => m.kind === 'order_receipt')).toHaveLength(1);
  });

  it('treats a retry whose keys come in another order as the same request', async () => {
    const { submit } = setup();
    const body = exampleOrder('2026-11-23');
    await submit({ body, idempotencyKey: 'key-12345678' });
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    await expect(submit({ body: reordered, idempotencyKey: 'key-12345678' })).resolves.toMatchObject({ replayed: true });
  });

  it('refuses a reused key with a different order', async () => {
    const { stores, submit } = setup();
    await submit({ body: exampleOrder('2026-11-23'), idempotencyKey: 'key-12345678' });
    const other: any = exampleOrder('2026-11-23');
    other.billing.reference = 'ANNAN-1';
    await expect(submit({ body: other, idempotencyKey: 'key-12345678' })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(stores.cases.cases.size).toBe(1);
  });

  it('tells a duplicate arriving while the first is still at work to retry, and refuses another order under that key', async () => {
    const { stores, submit } = setup();
    const first = submit({ body: exampleOrder('2026-11-23'), idempotencyKey: 'key-12345678' });
    const other: any = exampleOrder('2026-11-23');
    other.billing.reference = 'ANNAN-1';
    // Both arrive while the first holds the key (its write has not happened yet).
    const [same, different] = await Promise.allSettled([
      submit({ body: exampleOrder('2026-11-23'), idempotencyKey: 'key-12345678' }),
      submit({ body: other, idempotencyKey: 'key-12345678' }),
    ]);
    expect(same).toMatchObject({ status: 'rejected', reason: expect.any(RequestInProgressError) });
    expect(different).toMatchObject({ status: 'rejected', reason: expect.any(IdempotencyKeyReusedError) });
    await first;
    expect(stores.cases.cases.size).toBe(1);
    expect(stores.counters.values.get('case-reference#2026')).toBe(1);
  });

  it('still answers a retry of an accepted order after the order would no longer pass (the stay has ended)', async () => {
    const { stores, submit, clock } = setup();
    const body: any = exampleOrder('2026-11-23');
    body.stay.from = '2026-11-24';
    const first = await submit({ body, idempotencyKey: 'key-12345678' });
    clock.at = new Date('2027-03-01T10:00:00+01:00'); // after the stay has ended
    await expect(submit({ body })).rejects.toBeInstanceOf(OrderRejectedError);
    const { routing: _routing, ...answered } = first;
    await expect(submit({ body, idempotencyKey: 'key-12345678' })).resolves.toEqual({ ...answered, replayed: true });
    expect(stores.cases.cases.size).toBe(1);
  });

  it('refuses a malformed key', async () => {
    const { submit } = setup();
    await expect(submit({ body: exampleOrder('2026-11-23'), idempotencyKey: 'x' })).rejects.toBeInstanceOf(InvalidIdempotencyKeyError);
  });

  it('takes a stay address outside the municipality, with a warning, into the fallback queue', async () => {
    const { submit, stores } = setup();
    const body: any = exampleOrder('2026-11-23');
    body.person.stayAddress.postalCode = '111 22';
    const result = await submit({ body });
    expect(result.receipt.warnings.map((w) => w.code)).toEqual(['address_outside']);
    expect(result.receipt.warnings[0]!.message).toContain('Adressen ligger inte i Sundbyberg');
    const view = (await stores.cases.find((await stores.cases.findIdByReference(result.receipt.reference))!))!;
    expect(view.routing.reason).toMatch(/^Postnummer 111 22 ligger inte i något distrikt/);
  });

  it('warns, without refusing, about a stay starting within the lead time', async () => {
    const { submit } = setup();
    const body: any = exampleOrder('2026-11-23');
    body.stay.from = '2026-11-26';
    const result = await submit({ body });
    expect(result.receipt.warnings.map((w) => w.code)).toEqual(['short_lead_time']);
  });

  it('puts no personal data of the person in the receipt mail', async () => {
    const { stores, submit } = setup();
    await submit({ body: exampleOrder('2026-11-23') });
    const mail = stores.outbox.messages[0].mail;
    const all = `${mail.subject}\n${mail.text}\n${mail.html}`;
    for (const secret of ['Karin', 'Lindqvist', '19400612', '400612', 'Järnvägsgatan', '172 35', 'höftfraktur', 'rollator', '070-123']) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain('TV-2026-00001');
    expect(mail.text).toContain('15 december 2026 – 15 februari 2027');
    expect(mail.text).toContain('https://vistelse.example/');
  });
});
