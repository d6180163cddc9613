import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { districtForPostalCode, parseMunicipalityConfig } from '../../../shared/municipality';
import {
  nonChoiceRotation,
  reasonWithoutPerson,
  rotationOrder,
  routeCaseworker,
  routeInsatsToProvider,
  targetGroupFor,
  type RoutableOrder,
} from '../../../shared/routing';
import { personnummerFor } from '../../support/personnummer';

const config = parseMunicipalityConfig(demo);
const ELDERLY = personnummerFor('1940-06-12');
const YOUNG = personnummerFor('1990-03-04');

function order(change: Partial<RoutableOrder> = {}): RoutableOrder {
  return {
    personnummer: ELDERLY,
    postalCode: '172 35',
    stayFrom: '2026-12-15',
    insatser: [{ type: 'hemtjanst', scope: { amount: 22, unit: 'hours_per_month' } }],
    provider: { choice: 'none' },
    ...change,
  };
}

describe('target group', () => {
  it.each([
    ['86 years → elderly', order(), 'elderly'],
    ['36 years → disability', order({ personnummer: YOUNG }), 'disability'],
    ['65 on the first day → elderly', order({ personnummer: personnummerFor('1961-12-15'), stayFrom: '2026-12-15' }), 'elderly'],
    ['65 the day after → disability', order({ personnummer: personnummerFor('1961-12-16'), stayFrom: '2026-12-15' }), 'disability'],
    ['boendestöd decides, whatever the age', order({ insatser: [{ type: 'hemtjanst', scope: { amount: 1, unit: 'hours_per_week' } }, { type: 'boendestod', scope: { amount: 2, unit: 'hours_per_week' } }] }), 'social_psychiatry'],
    ['samordningsnummer: age from the real day', order({ personnummer: '19400672-2385' }), 'elderly'],
  ])('%s', (_why, o, group) => {
    expect(targetGroupFor(config, o).group).toBe(group);
  });
});

describe('caseworker routing (demo municipality)', () => {
  it.each([
    ['elderly in Centrala, tie → the one who waited longest', order(), {}, 'anders-holm'],
    ['elderly in Centrala, fewest open cases wins', order(), { 'anders-holm': { openCases: 3 }, 'britt-sandberg': { openCases: 2 } }, 'britt-sandberg'],
    ['tie on open cases → least recently assigned (round robin)', order(), { 'anders-holm': { openCases: 2, lastAssignedAt: '2026-11-20T10:00:00Z' }, 'britt-sandberg': { openCases: 2, lastAssignedAt: '2026-11-21T10:00:00Z' } }, 'anders-holm'],
    ['elderly in Duvbo → Cecilia', order({ postalCode: '172 65' }), {}, 'cecilia-lund'],
    ['elderly in Hallonbergen → Cecilia', order({ postalCode: '174 45' }), {}, 'cecilia-lund'],
    ['young in Centrala → David', order({ personnummer: YOUNG }), {}, 'david-oberg'],
    ['young in Hallonbergen → Elin', order({ personnummer: YOUNG, postalCode: '174 50' }), {}, 'elin-stahl'],
    ['boendestöd anywhere → Fredrik', order({ postalCode: '174 50', insatser: [{ type: 'boendestod', scope: { amount: 4, unit: 'hours_per_week' } }] }), {}, 'fredrik-nilsson'],
  ])('%s', (_why, o, loads, caseworkerId) => {
    const decision = routeCaseworker(config, o, loads);
    expect(decision).toMatchObject({ kind: 'caseworker', caseworkerId });
  });

  it('never routes to an inactive caseworker (Gun Åkesson is on leave)', () => {
    for (let i = 0; i < 5; i++) {
      const d = routeCaseworker(config, order(), { 'anders-holm': { openCases: 9 }, 'britt-sandberg': { openCases: 9 } });
      expect(d).toMatchObject({ caseworkerId: expect.not.stringMatching('gun-akesson') });
    }
  });

  it('sends a postal code outside every district to the fallback queue, with the reason', () => {
    const d = routeCaseworker(config, order({ postalCode: '641 80' }), {});
    expect(d).toMatchObject({ kind: 'fallback', unitId: 'aldreomsorg' });
    expect(d.reason).toMatch(/641 80 ligger inte i något distrikt/);
  });

  it('sends an order to the fallback queue when no active caseworker covers the district', () => {
    const noCecilia = parseMunicipalityConfig({ ...demo, caseworkers: demo.caseworkers.map((c) => (c.id === 'cecilia-lund' ? { ...c, active: false } : c)) });
    expect(routeCaseworker(noCecilia, order({ postalCode: '172 65' }), {})).toMatchObject({ kind: 'fallback', unitId: 'aldreomsorg', districtId: 'duvbo-ursvik' });
  });

  it('states the decision and its reason', () => {
    const d = routeCaseworker(config, order(), { 'anders-holm': { openCases: 3 }, 'britt-sandberg': { openCases: 1 } });
    expect(d.reason).toBe('Postnummer 172 35 → Centrala Sundbyberg; 86 år vid vistelsens start → äldreomsorg → Äldreomsorgens myndighetsenhet → Britt Sandberg, färst öppna ärenden (1)');
  });
});

describe('provider routing per insats', () => {
  const centrala = districtForPostalCode(config, '172 35');
  const hallonbergen = districtForPostalCode(config, '174 45');
  const turns = () => {
    const counters = new Map<string, number>();
    return async (rotation: string) => {
      counters.set(rotation, (counters.get(rotation) ?? 0) + 1);
      return counters.get(rotation)!;
    };
  };
  const route = (input: Partial<Parameters<typeof routeInsatsToProvider>[1]>) =>
    routeInsatsToProvider(config, {
      district: centrala,
      insats: { type: 'hemtjanst', scope: { amount: 22, unit: 'hours_per_month' } },
      choice: { choice: 'none' },
      loads: {},
      takeTurn: turns(),
      ...input,
    });

  it('gives the chosen provider the insats when it can take it', async () => {
    expect(await route({ choice: { choice: 'chosen', providerId: 'duvbo-omsorg' } })).toMatchObject({ kind: 'chosen', providerId: 'duvbo-omsorg' });
  });
  it('falls back to the rotation when the chosen provider does not work in the district', async () => {
    const d = await route({ district: hallonbergen, choice: { choice: 'chosen', providerId: 'duvbo-omsorg' } });
    expect(d).toMatchObject({ kind: 'rotation' });
    expect(d.reason).toMatch(/Duvbo Omsorg AB arbetar inte i Hallonbergen och Rissne/);
  });
  it('falls back to the rotation when the chosen provider does not take new clients', async () => {
    const d = await route({ choice: { choice: 'chosen', providerId: 'trygga-hander' } });
    expect(d).toMatchObject({ kind: 'rotation' });
    expect(d.reason).toMatch(/tar inte emot nya kunder/);
  });
  it('falls back to the rotation when the chosen provider is at its cap', async () => {
    const d = await route({ choice: { choice: 'chosen', providerId: 'duvbo-omsorg' }, loads: { 'duvbo-omsorg': { clients: 40, hoursPerMonth: 0 } } });
    expect(d).toMatchObject({ kind: 'rotation', providerId: 'hemtjanst-sundbyberg' });
    expect(d.reason).toMatch(/kapacitetstak/);
  });
  it('uses the rotation for the insatser a chosen provider does not perform (an alarm goes to the alarm team)', async () => {
    const d = await route({ insats: { type: 'trygghetslarm', scope: { amount: 1, unit: 'alarm' } }, choice: { choice: 'chosen', providerId: 'duvbo-omsorg' } });
    expect(d).toMatchObject({ kind: 'rotation', providerId: 'larmpatrullen' });
  });
  it('rotates alphabetically among the eligible providers for "no choice"', async () => {
    const takeTurn = turns();
    const picks = [];
    for (let i = 0; i < 4; i++) picks.push(((await route({ takeTurn })) as { providerId: string }).providerId);
    expect(picks).toEqual(['duvbo-omsorg', 'hemtjanst-sundbyberg', 'duvbo-omsorg', 'hemtjanst-sundbyberg']);
  });
  it('includes Omsorgsteamet in Hallonbergen and never the provider not taking new clients', async () => {
    const takeTurn = turns();
    const picks = [];
    for (let i = 0; i < 3; i++) picks.push(((await route({ district: hallonbergen, takeTurn })) as { providerId: string }).providerId);
    expect(picks).toEqual(['hemtjanst-sundbyberg', 'omsorgsteamet-rissne', 'hemtjanst-sundbyberg']);
  });
  it('leaves the insats as "needs provider" with the reason when every provider is full', async () => {
    const full = parseMunicipalityConfig({ ...demo, providers: demo.providers.map((p) => (p.id === 'hemtjanst-sundbyberg' ? { ...p, capacity: { clients: 10 } } : p)) });
    const d = await routeInsatsToProvider(full, {
      district: centrala,
      insats: { type: 'hemtjanst', scope: { amount: 22, unit: 'hours_per_month' } },
      choice: { choice: 'none' },
      loads: { 'duvbo-omsorg': { clients: 40, hoursPerMonth: 0 }, 'hemtjanst-sundbyberg': { clients: 10, hoursPerMonth: 0 } },
      takeTurn: turns(),
    });
    expect(d.kind).toBe('needs_provider');
    expect(d.reason).toMatch(/ingen utförare kan ta uppdraget/);
    expect(d.reason).toMatch(/Trygga Händer i Sundbyberg AB tar inte emot nya kunder/);
  });
  it('needs a provider for an address outside every district', async () => {
    expect(await route({ district: undefined })).toMatchObject({ kind: 'needs_provider' });
  });
  it('respects a cap in hours', async () => {
    const hoursCap = parseMunicipalityConfig({ ...demo, providers: demo.providers.map((p) => (p.id === 'duvbo-omsorg' ? { ...p, capacity: { hoursPerMonth: 100 } } : p)) });
    const d = await routeInsatsToProvider(hoursCap, {
      district: centrala,
      insats: { type: 'hemtjanst', scope: { amount: 22, unit: 'hours_per_month' } },
      choice: { choice: 'chosen', providerId: 'duvbo-omsorg' },
      loads: { 'duvbo-omsorg': { clients: 3, hoursPerMonth: 80 } },
      takeTurn: turns(),
    });
    expect(d).toMatchObject({ kind: 'rotation', providerId: 'hemtjanst-sundbyberg' });
  });
});

describe('the non-choice rotation (property)', () => {
  const providers = rotationOrder(config);

  it('gives every eligible provider its fair share, never skipping one', () => {
    fc.assert(
      fc.property(fc.subarray(providers, { minLength: 1 }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 10_000 }), (eligible, count, start) => {
        const counts = new Map<string, number>(eligible.map((p) => [p.id, 0]));
        let previous: number | undefined;
        for (let turn = start + 1; turn <= start + count; turn++) {
          const p = nonChoiceRotation(eligible, turn)!;
          counts.set(p.id, counts.get(p.id)! + 1);
          const index = eligible.indexOf(p);
          // each assignment takes the next eligible provider in order
          if (previous !== undefined) expect(index).toBe((previous + 1) % eligible.length);
          previous = index;
        }
        const values = [...counts.values()];
        expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
        expect(values.reduce((a, b) => a + b, 0)).toBe(count);
      }),
      { numRuns: 300 },
    );
  });

  it('orders providers alphabetically (Swedish collation)', () => {
    expect(providers.map((p) => p.name)).toEqual([
      'Duvbo Omsorg AB',
      'Hemtjänst Sundbyberg (egen regi)',
      'Larmpatrullen (egen regi)',
      'Omsorgsteamet Rissne AB',
      'Stadens matdistribution (egen regi)',
      'Trygga Händer i Sundbyberg AB',
    ]);
  });
});

describe('reasonWithoutPerson (what the purge keeps of a routing)', () => {
  it('drops the stay’s postal code and the age, keeps the district, unit and caseworker', () => {
    const reason = 'Postnummer 172 35 → Centrala; 86 år vid vistelsens start → äldre → Äldreomsorgens myndighetsenhet → Anders Holm, lägst belastning';
    expect(reasonWithoutPerson(reason)).toBe('Postnumret → Centrala; åldern vid vistelsens start → äldre → Äldreomsorgens myndighetsenhet → Anders Holm, lägst belastning');
    expect(reasonWithoutPerson('Postnummer 99999 ligger inte i något distrikt → X')).toBe('Postnumret ligger inte i något distrikt → X');
  });
});
