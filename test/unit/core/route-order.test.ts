import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import type { RoutingLoads } from '../../../functions/core/routing/ports';
import { routeOrder } from '../../../functions/core/routing/route-order';
import type { InsatsType } from '../../../shared/insatser';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import { orderSchemaFor, type Order } from '../../../shared/order';
import { exampleOrder } from '../../support/order-fixture';
import { personnummerFor } from '../../support/personnummer';

/**
 * The intake reads what routing weighs and draws the turns ahead of the plan, so that its
 * requests run together. These properties hold that shortcut to the plan itself: over random
 * configurations (caps in clients or hours, providers open or closed), loads and orders, the
 * plan never weighs a load that was not read, and the turns drawn ahead are exactly the turns
 * the plan takes (none burned, none drawn late) — unless `turnsAhead` says they depend on each other.
 */
const TODAY = '2026-11-23';
const base = parseMunicipalityConfig(demo);
const schema = orderSchemaFor(base, TODAY);
const TYPES: InsatsType[] = ['hemtjanst', 'trygghetslarm', 'ledsagning', 'matdistribution', 'avlosning'];
const POSTAL_CODES = ['172 35', '172 65', '174 45', '999 99'];

const scenario = fc.record({
  providers: fc.array(
    fc.record({
      capacity: fc.oneof(fc.constant(null), fc.record({ clients: fc.integer({ min: 1, max: 4 }) }), fc.record({ hoursPerMonth: fc.integer({ min: 10, max: 80 }) })),
      acceptsNewClients: fc.boolean(),
      clients: fc.integer({ min: 0, max: 5 }),
      hoursPerMonth: fc.integer({ min: 0, max: 90 }),
      warned: fc.boolean(),
    }),
    { minLength: base.providers.length, maxLength: base.providers.length },
  ),
  openCases: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: base.caseworkers.length, maxLength: base.caseworkers.length }),
  insatser: fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 4 }).chain((types) =>
    fc.tuple(...types.map((type) => fc.record({ type: fc.constant(type), amount: fc.integer({ min: 1, max: 40 }) }))),
  ),
  postalCode: fc.constantFrom(...POSTAL_CODES),
  chosen: fc.option(fc.constantFrom(...base.providers.map((p) => p.id)), { nil: undefined }),
  young: fc.boolean(),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function setUp(s: Scenario) {
  const config = { ...base, providers: base.providers.map((p, i) => ({ ...p, capacity: s.providers[i].capacity, acceptsNewClients: s.providers[i].acceptsNewClients })) };
  const body: any = exampleOrder(TODAY);
  body.person.stayAddress.postalCode = s.postalCode;
  body.person.personnummer = s.young ? personnummerFor('1990-03-04') : personnummerFor('1940-06-12');
  body.decision.insatser = s.insatser.map((i: { type: InsatsType; amount: number }) => ({ ...body.decision.insatser[0], type: i.type, scope: { amount: i.amount, unit: 'hours_per_month' } }));
  body.provider = s.chosen ? { choice: 'chosen', providerId: s.chosen } : { choice: 'none' };
  const order: Order = schema.parse(body);
  const everything: RoutingLoads = {
    caseworkers: Object.fromEntries(base.caseworkers.map((c, i) => [c.id, { openCases: s.openCases[i], lastAssignedAt: `2026-11-0${(i % 9) + 1}T10:00:00Z` }])),
    providers: Object.fromEntries(base.providers.map((p, i) => [p.id, { clients: s.providers[i].clients, hoursPerMonth: s.providers[i].hoursPerMonth, warned: s.providers[i].warned }])),
  };
  return { routing: routeOrder({ config, ids: { next: () => 'ID' }, publicBaseUrl: 'https://vistelse.example' }), order, everything };
}

async function plan(routing: ReturnType<typeof routeOrder>, order: Order, loads: RoutingLoads) {
  const requested: string[] = [];
  const routed = await routing.plan({
    caseId: 'C1',
    reference: 'TV-2026-00001',
    order,
    now: new Date(`${TODAY}T10:00:00Z`),
    loads,
    takeTurn: async (rotation) => {
      requested.push(rotation);
      return requested.length * 7;
    },
  });
  return { routed, requested };
}

describe('routing as the intake runs it', () => {
  it('plans the same from the loads it reads as from every load there is', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { routing, order, everything } = setUp(s);
        const toRead = routing.loadsToRead(order);
        const read: RoutingLoads = {
          caseworkers: Object.fromEntries(toRead.caseworkerIds.map((id) => [id, everything.caseworkers[id]])),
          providers: Object.fromEntries(toRead.providerIds.map((id) => [id, everything.providers[id]])),
        };
        const fromRead = await plan(routing, order, read);
        const fromAll = await plan(routing, order, everything);
        expect(fromRead.routed.plan).toEqual(fromAll.routed.plan);
        expect(fromRead.routed.outbox.map((m) => [m.kind, m.to])).toEqual(fromAll.routed.outbox.map((m) => [m.kind, m.to]));
      }),
      { numRuns: 300 },
    );
  });

  it('draws ahead exactly the turns the plan takes, whenever it says it can', async () => {
    let ahead = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { routing, order, everything } = setUp(s);
        const turns = routing.turnsAhead(order, everything);
        const { requested } = await plan(routing, order, everything);
        if (turns === undefined) return;
        ahead++;
        expect([...turns].sort()).toEqual([...requested].sort());
      }),
      { numRuns: 300 },
    );
    expect(ahead, 'most orders can draw their turns ahead').toBeGreaterThan(200);
  });
});
