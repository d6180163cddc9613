import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack';
import { startLocalStack } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';
import { tableSnapshot } from '../support/table';
import { orderSchemaFor } from '../../shared/order';
import { municipalityConfig } from '../../functions/config';
import { stockholmToday } from '../../shared/dates';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ background: false });
});
afterAll(async () => {
  await stack?.stop();
});

/** The schema the intake applies today: its handlers run in this process, with this configuration. */
const orderSchema = orderSchemaFor(municipalityConfig, stockholmToday(new Date()));

const PATHS: string[][] = [];
(function collect(value: unknown, path: string[]) {
  PATHS.push(path);
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collect(v, [...path, k]);
})(exampleOrder(), []);

const hostile = fc.oneof(
  fc.constantFrom(null, true, 0, -0, -1, 1e308, 5e-324, 1e-131, Number.MAX_SAFE_INTEGER + 2, '', ' ', '19400612-2389', '0000-00-00', '2026-02-30', '__proto__', '<script>alert(1)</script>', '\u0000', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'ÅÄÖ'.repeat(700)),
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'x'), fc.anything({ maxDepth: 1 })),
  fc.string({ minLength: 5_000, maxLength: 20_000 }),
);

/**
 * A copy of the example order with one to three fields replaced or removed, or an extra key, with
 * the dotted paths it changed. Only copies the shared schema refuses are kept (some mutations leave
 * a valid order, e.g. an optional field removed): every one sent must be answered with a 4xx.
 */
const malformedOrder = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom(...PATHS.filter((p) => p.length > 0)), fc.oneof(hostile, fc.constant(undefined))), { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([changes, extraKey]) => {
    const order: any = exampleOrder();
    const changed: string[] = [];
    for (const [path, value] of changes) {
      let target = order;
      for (const key of path.slice(0, -1)) target = target?.[key];
      if (target && typeof target === 'object') {
        if (value === undefined) delete target[path[path.length - 1]];
        else target[path[path.length - 1]] = value;
        changed.push(path.join('.'));
      }
    }
    if (extraKey) {
      order.unexpected = 1;
      changed.push('unexpected');
    }
    // Through JSON, as the server sees it (undefined leaves, -0, own "__proto__" keys).
    return { body: JSON.stringify(order), changed };
  })
  .filter(({ body }) => !orderSchema.safeParse(JSON.parse(body)).success);

/** Whether an issue's path names a changed field, a field inside it, or the object holding it. */
const namesChanged = (path: string, changed: string[]) =>
  changed.some((c) => path === c || path.startsWith(`${c}.`) || path.startsWith(`${c}[`) || c.startsWith(`${path}.`));

const rawBody = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  fc.integer({ min: 1, max: 3000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1, max: 3000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.constant('{"__proto__": {"polluted": true}}'),
);

/** Every leaf of the example order with its JSON type. */
const LEAVES = PATHS.map((path) => ({ path, value: path.reduce<any>((v, k) => v?.[k], exampleOrder()) })).filter(
  ({ value }) => value !== null && typeof value !== 'object',
);

/** A value of another JSON type than the leaf's. */
const wrongTypeFor = (value: unknown) =>
  typeof value === 'string'
    ? fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 2 }))
    : typeof value === 'number'
      ? fc.oneof(fc.string({ maxLength: 20 }), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }))
      : fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.array(fc.boolean(), { maxLength: 3 }));

/** One leaf replaced by a value of the wrong type: the answer must name exactly that field. */
const wrongTypeOrder = fc.constantFrom(...LEAVES).chain(({ path, value }) =>
  wrongTypeFor(value).map((replacement) => {
    const order: any = exampleOrder();
    let target = order;
    for (const key of path.slice(0, -1)) target = target[key];
    target[path[path.length - 1]] = replacement;
    return { body: JSON.stringify(order), path: path.join('.') };
  }),
);

/** Personnummer that look right but are not: wrong check digit, impossible dates, wrong shapes. */
const invalidPersonnummer = fc.oneof(
  // A real date with every check digit but the right one (Luhn over YYMMDDNNN).
  fc.tuple(fc.date({ min: new Date('1900-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 1, max: 9 })).map(([date, serial, offset]) => {
    const ymd = date.toISOString().slice(0, 10).replace(/-/g, '');
    const nine = `${ymd.slice(2)}${String(serial).padStart(3, '0')}`;
    const sum = [...nine].reduce((acc, d, i) => {
      const n = Number(d) * (i % 2 === 0 ? 2 : 1);
      return acc + (n > 9 ? n - 9 : n);
    }, 0);
    const check = (10 - (sum % 10)) % 10;
    return `${ymd}-${String(serial).padStart(3, '0')}${(check + offset) % 10}`;
  }),
  // Impossible dates (month 13, day 32, 30 February), day + 60 beyond a samordningsnummer's range.
  fc.constantFrom('19401312-2384', '19400632-2384', '20240230-2389', '19400692-2381', '00000000-0000'),
  // Wrong shapes: too short or long, letters, other separators.
  fc.constantFrom('1940061-2388', '19400612_2388', '19400612-238', '1940O612-2388', '400612 2388 1', '+19400612-2388'),
);

describe('fuzzing the intake API', () => {
  it('names exactly the field whose value has the wrong type, and refuses every invalid personnummer by its path', async () => {
    const before = await tableSnapshot(stack.dynamoDbEndpoint, stack.tableName);
    await fc.assert(
      fc.asyncProperty(wrongTypeOrder, async ({ body, path }) => {
        const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        expect(res.status).toBe(400);
        expect((await res.json()).error.issues.map((i: { path: string }) => i.path)).toContain(path);
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(invalidPersonnummer, async (personnummer) => {
        const order: any = exampleOrder();
        order.person.personnummer = personnummer;
        const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
        expect(res.status).toBe(400);
        expect((await res.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['person.personnummer']);
      }),
      { numRuns: 300 },
    );
    expect(await tableSnapshot(stack.dynamoDbEndpoint, stack.tableName) === before, 'the table changed').toBe(true);
  }, 300_000);

  it('answers ≥ 2,000 malformed orders and raw bodies with a 4xx naming the offending path, never a 5xx, and leaves the table byte-for-byte unchanged', async () => {
    const before = await tableSnapshot(stack.dynamoDbEndpoint, stack.tableName);
    let sent = 0;
    const send = async (body: string) => {
      const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      sent += 1;
      const json = await res.json();
      expect(res.status, JSON.stringify(json)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(json)).toBeLessThan(500);
      expect(json.error.code).toEqual(expect.any(String));
      return json.error as { code: string; issues?: { path: string }[] };
    };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 3, arbitrary: malformedOrder }, { weight: 1, arbitrary: rawBody.map((body) => ({ body, changed: undefined })) }),
        async ({ body, changed }) => {
          const error = await send(body);
          if (changed) {
            // A malformed order: a validation failure that names what was changed.
            expect(error.code).toBe('validation_failed');
            const paths = error.issues!.map((i) => i.path);
            expect(paths.some((path) => namesChanged(path, changed)), `${paths.join(', ')} names none of ${changed.join(', ')}`).toBe(true);
          } else if (error.code === 'validation_failed') {
            expect(error.issues!.length).toBeGreaterThan(0);
            for (const issue of error.issues!) expect(issue.path.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 2_000 },
    );
    expect(({} as any).polluted).toBeUndefined();
    expect(sent).toBeGreaterThanOrEqual(2_000);
    expect(await tableSnapshot(stack.dynamoDbEndpoint, stack.tableName) === before, 'the table changed').toBe(true);
  }, 300_000);
});
