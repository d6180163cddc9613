import { describe, expect, it } from 'vitest';
import { createOrderSchema, toFieldIssues, type OrderInput } from '../../../shared/order';
import { insatsWarnings, orderWarnings } from '../../../shared/order-warnings';
import { contractExample, exampleOrder } from '../../support/order-fixture';

const TODAY = '2026-11-23';
const schema = createOrderSchema({
  today: TODAY,
  pastGraceDays: 30,
  stayMunicipalityCode: '0183',
  providerIds: ['duvbo-omsorg', 'hemtjanst-sundbyberg'],
});

/** The issues for an order changed by `change`, as the API reports them. */
function issuesOf(change: (order: any) => void) {
  const order: any = exampleOrder(TODAY);
  change(order);
  const result = schema.safeParse(order);
  return result.success ? [] : toFieldIssues(result.error);
}
const paths = (change: (order: any) => void) => issuesOf(change).map((i) => i.path);

describe('the order schema', () => {
  it('accepts the contract example as it is (on a date before its stay)', () => {
    const result = schema.safeParse(contractExample());
    expect(result.success).toBe(true);
  });

  it('accepts the example with dates relative to today and normalizes it', () => {
    const result = schema.parse(exampleOrder(TODAY) as OrderInput);
    expect(result.person.personnummer).toBe('194006122388');
    expect(result.person.stayAddress.postalCode).toBe('172 35');
    expect(result.attachments).toEqual([]);
  });

  describe('personnummer', () => {
    it.each([
      ['19400612-2388', '194006122388'],
      ['194006122388', '194006122388'],
      ['400612-2388', '194006122388'],
      ['19400672-2385', '194006722385'], // samordningsnummer: day + 60
      [' 19400612-2388 ', '194006122388'],
    ])('accepts %s', (value, normalized) => {
      const order: any = exampleOrder(TODAY);
      order.person.personnummer = value;
      expect(schema.parse(order).person.personnummer).toBe(normalized);
    });

    it.each([
      ['wrong check digit', '19400612-2389'],
      ['impossible date', '19401332-2388'],
      ['30 February', '19400230-2381'],
      ['too short', '40061223'],
      ['letters', '1940O612-2388'],
      ['empty', ''],
    ])('rejects %s', (_why, value) => {
      expect(paths((o) => (o.person.personnummer = value))).toEqual(['person.personnummer']);
    });

    it('rejects a number instead of a string', () => {
      expect(paths((o) => (o.person.personnummer = 194006122388))).toEqual(['person.personnummer']);
    });
  });

  describe('stay dates', () => {
    it('rejects an end before the start', () => {
      expect(paths((o) => { o.stay.from = '2026-12-20'; o.stay.to = '2026-12-19'; })).toEqual(['stay.to']);
    });
    it('accepts a one-day stay', () => {
      expect(paths((o) => { o.stay.from = '2026-12-20'; o.stay.to = '2026-12-20'; })).toEqual([]);
    });
    it('accepts a stay that began within the grace period (acute orders come late)', () => {
      expect(paths((o) => { o.stay.from = '2026-10-24'; o.stay.acute = true; })).toEqual([]);
    });
    it('rejects a stay that began before the grace period', () => {
      expect(paths((o) => (o.stay.from = '2026-10-23'))).toEqual(['stay.from']);
    });
    it.each(['2026-02-30', '15/12/2026', '2026-12-1', ''])('rejects the date %s', (value) => {
      expect(paths((o) => (o.stay.from = value))).toContain('stay.from');
    });
    it('rejects a stay more than two years long', () => {
      expect(paths((o) => { o.stay.from = '2026-12-01'; o.stay.to = '2028-12-02'; })).toEqual(['stay.to']);
    });
    it('rejects a decision dated in the future', () => {
      expect(paths((o) => (o.decision.decidedOn = '2026-11-24'))).toEqual(['decision.decidedOn']);
    });
  });

  describe('warnings (never blocking)', () => {
    const rules = { today: TODAY, leadTimeDays: 14 };
    it('warns when the stay starts sooner than the lead time', () => {
      expect(orderWarnings({ from: '2026-11-30', to: '2026-12-30' }, rules).map((w) => w.code)).toEqual(['short_lead_time']);
    });
    it('warns of a stay address outside our postal codes, in words naming the municipality', () => {
      const area = { municipalityName: 'Sundbyberg', postalCodes: [{ from: '172 30', to: '172 49' }] };
      const later = { from: '2026-12-20', to: '2026-12-30' };
      expect(orderWarnings(later, rules, { postalCode: '17235', area })).toEqual([]);
      const [outside] = orderWarnings(later, rules, { postalCode: '111 22', area });
      expect(outside).toEqual({ code: 'address_outside', path: 'person.stayAddress.postalCode', message: expect.stringMatching(/^Adressen ligger inte i Sundbyberg: postnummer 111 22/) });
      // Not yet a postal code: nothing to say.
      expect(orderWarnings(later, rules, { postalCode: '11', area })).toEqual([]);
    });
    it('warns of a rate outside its period’s plausible range and of an insats twice, naming the insats', () => {
      const ranges = { hour: { minSek: 200, maxSek: 1500 }, month: { minSek: 100, maxSek: 80000 } };
      const warnings = insatsWarnings(
        [
          { type: 'hemtjanst', rate: { amountSek: 4950, per: 'hour' } },
          { type: 'trygghetslarm', rate: { amountSek: 310, per: 'month' } },
          { type: 'hemtjanst', rate: { amountSek: 495, per: 'hour' } },
        ],
        ranges,
      );
      expect(warnings.map((w) => [w.code, w.path])).toEqual([
        ['rate_implausible', 'decision.insatser.0.rate.amountSek'],
        ['duplicate_insats', 'decision.insatser.2.type'],
      ]);
      expect(warnings[0]!.message).toBe('Priset 4 950 kr per timme för insats 1 är ovanligt (vanligen 200 kr–1 500 kr). Kontrollera beloppet och perioden.');
      expect(orderWarnings({ from: '2026-12-20', to: '2027-03-01' }, { ...rules, maxStayMonths: 2 }).map((w) => w.code)).toEqual(['long_stay']);
    });
    it('does not warn at exactly the lead time', () => {
      expect(orderWarnings({ from: '2026-12-07', to: '2026-12-30' }, rules)).toEqual([]);
    });
    it('flags a stay longer than six months', () => {
      const warnings = orderWarnings({ from: '2026-12-15', to: '2027-06-16' }, rules);
      expect(warnings.map((w) => [w.code, w.path])).toEqual([['long_stay', 'stay.to']]);
      expect(orderWarnings({ from: '2026-12-15', to: '2027-06-15' }, rules)).toEqual([]);
    });
    it('accepts an order it warns about', () => {
      expect(paths((o) => { o.stay.from = '2026-11-25'; o.stay.to = '2027-08-01'; })).toEqual([]);
    });
  });

  describe('insatser', () => {
    it('needs at least one insats', () => {
      expect(paths((o) => (o.decision.insatser = []))).toEqual(['decision.insatser']);
    });
    it('rejects more than ten', () => {
      expect(paths((o) => (o.decision.insatser = Array(11).fill(o.decision.insatser[0])))).toEqual(['decision.insatser']);
    });
    it('rejects an unknown insats type', () => {
      expect(paths((o) => (o.decision.insatser[1].type = 'hemstad'))).toEqual(['decision.insatser.1.type']);
    });
    it('needs a scope and a rate', () => {
      expect(paths((o) => { delete o.decision.insatser[0].scope; delete o.decision.insatser[0].rate; })).toEqual([
        'decision.insatser.0.scope',
        'decision.insatser.0.rate',
      ]);
    });
    it.each([
      ['zero scope', (i: any) => (i.scope.amount = 0), 'decision.insatser.0.scope.amount'],
      ['scope as a string', (i: any) => (i.scope.amount = '22'), 'decision.insatser.0.scope.amount'],
      ['more hours than a month has', (i: any) => (i.scope.amount = 745), 'decision.insatser.0.scope.amount'],
      ['unknown scope unit', (i: any) => (i.scope.unit = 'hours_per_year'), 'decision.insatser.0.scope.unit'],
      ['alarm unit on home care', (i: any) => { i.scope.unit = 'alarm'; i.scope.amount = 1; }, 'decision.insatser.0.scope.unit'],
      ['negative rate', (i: any) => (i.rate.amountSek = -495), 'decision.insatser.0.rate.amountSek'],
      ['three decimals', (i: any) => (i.rate.amountSek = 495.123), 'decision.insatser.0.rate.amountSek'],
      ['unknown rate period', (i: any) => (i.rate.per = 'week'), 'decision.insatser.0.rate.per'],
      ['empty description', (i: any) => (i.description = '  '), 'decision.insatser.0.description'],
    ])('rejects %s', (_why, change, path) => {
      expect(paths((o) => change(o.decision.insatser[0]))).toEqual([path]);
    });
    it.each([5e-324, 1e-131, 0.001])('rejects the positive but tiny amount %s (found by fuzzing: DynamoDB refused it with a 500)', (tiny) => {
      expect(paths((o) => { o.decision.insatser[0].scope.amount = tiny; o.decision.insatser[0].rate.amountSek = tiny; })).toEqual([
        'decision.insatser.0.scope.amount',
        'decision.insatser.0.rate.amountSek',
      ]);
    });
    it('accepts öre', () => {
      expect(paths((o) => (o.decision.insatser[0].rate.amountSek = 495.5))).toEqual([]);
    });
  });

  describe('contact details and formats', () => {
    it.each([
      ['orderer.email', (o: any) => (o.orderer.email = 'anna.berglund@')],
      ['orderer.email', (o: any) => (o.orderer.email = 'a'.repeat(250) + '@x.se')],
      ['orderer.phone', (o: any) => (o.orderer.phone = 'ring mig')],
      ['person.stayAddress.postalCode', (o: any) => (o.person.stayAddress.postalCode = '1723')],
      ['person.stayAddress.postalCode', (o: any) => (o.person.stayAddress.postalCode = '072 35')],
      ['homeMunicipality.code', (o: any) => (o.homeMunicipality.code = '483')],
      ['homeMunicipality.code', (o: any) => (o.homeMunicipality = { code: '0183', name: 'Sundbyberg' })],
      ['homeMunicipality.code', (o: any) => (o.homeMunicipality = { code: '9999', name: 'Katrineholm' })],
      ['homeMunicipality.name', (o: any) => (o.homeMunicipality = { code: '0483', name: 'Flen' })],
      ['billing.reference', (o: any) => (o.billing.reference = '')],
      ['person.relatives.0.phone', (o: any) => (o.person.relatives[0].phone = '')],
    ])('rejects a bad %s', (path, change) => {
      expect(paths(change)).toEqual([path]);
    });
    it('takes the home municipality’s name as people write it, for its code; names the code SCB gives the name otherwise', () => {
      for (const name of ['Katrineholm', 'katrineholms kommun', 'Katrineholm kommun']) expect(paths((o) => (o.homeMunicipality = { code: '0483', name }))).toEqual([]);
      expect(paths((o) => (o.homeMunicipality = { code: '0980', name: 'Region Gotland' }))).toEqual([]);
      expect(paths((o) => (o.homeMunicipality = { code: '0139', name: 'Upplands-Bro kommun' }))).toEqual([]);
      expect(issuesOf((o) => (o.homeMunicipality = { code: '0483', name: 'Flen' }))[0]!.message).toBe('Kommunkod 0483 är Katrineholm: kontrollera kommunens namn');
    });
    it('accepts a postal code without the space and stores it with one', () => {
      const order: any = exampleOrder(TODAY);
      order.person.stayAddress.postalCode = '17235';
      expect(schema.parse(order).person.stayAddress.postalCode).toBe('172 35');
    });
    it('bounds free text', () => {
      expect(paths((o) => (o.person.housing = 'x'.repeat(2001)))).toEqual(['person.housing']);
      expect(paths((o) => (o.person.housing = 'x'.repeat(2000)))).toEqual([]);
    });
    it('needs the protected-identity answer', () => {
      expect(paths((o) => delete o.person.protectedIdentity)).toEqual(['person.protectedIdentity']);
      expect(paths((o) => (o.person.protectedIdentity = 'nej'))).toEqual(['person.protectedIdentity']);
    });
  });

  describe('provider choice', () => {
    it('accepts a known chosen provider', () => {
      expect(paths((o) => (o.provider = { choice: 'chosen', providerId: 'duvbo-omsorg' }))).toEqual([]);
    });
    it('rejects an unknown provider', () => {
      expect(paths((o) => (o.provider = { choice: 'chosen', providerId: 'acme' }))).toEqual(['provider.providerId']);
    });
    it('rejects a choice without a provider', () => {
      expect(paths((o) => (o.provider = { choice: 'chosen' }))).toEqual(['provider.providerId']);
    });
    it('rejects an unknown kind of choice', () => {
      expect(paths((o) => (o.provider = { choice: 'maybe' }))).toEqual(['provider.choice']);
    });
  });

  describe('unknown fields and shape', () => {
    it('names every unknown field by its path', () => {
      expect(
        paths((o) => {
          o.extra = 1;
          o.person.stayAddress.floor = 2;
          o.decision.insatser[0].scope.perDay = 1;
        }),
      ).toEqual(['person.stayAddress.floor', 'decision.insatser.0.scope.perDay', 'extra']);
    });
    it('names unknown keys that are not plain names unambiguously (found by fuzzing: "" gave an empty path)', () => {
      expect(paths((o) => { o[''] = []; o['a.b'] = 1; o.person['två ord'] = 1; })).toEqual(['person["två ord"]', '[""]', '["a.b"]']);
    });
    it('rejects prototype-pollution keys as unknown fields and pollutes nothing', () => {
      const order = { ...exampleOrder(TODAY), ...JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') };
      const result = schema.safeParse(order);
      expect(result.success).toBe(false);
      expect(toFieldIssues(result.error!).map((i) => i.path).sort()).toEqual(['__proto__', 'constructor']);
      expect(({} as any).polluted).toBeUndefined();
    });
    it('rejects attachments in the JSON order (documents go by secure message)', () => {
      expect(paths((o) => (o.attachments = [{ name: 'beslut.pdf' }]))).toEqual(['attachments']);
    });
    it('reports every bad field at once', () => {
      const all = paths((o) => {
        o.orderer.email = 'x';
        o.person.personnummer = '19400612-2389';
        o.stay.to = '2020-01-01';
      });
      expect(all).toEqual(['orderer.email', 'person.personnummer', 'stay.to']);
    });
    it('answers a non-object body with one issue at the root', () => {
      expect(toFieldIssues(schema.safeParse([]).error!)).toEqual([{ path: '(body)', message: expect.any(String) }]);
    });
    it('words its messages in Swedish', () => {
      const [issue] = issuesOf((o) => (o.person.personnummer = '19400612-2389'));
      expect(issue.message).toMatch(/Personnumret är inte giltigt/);
      const [typeIssue] = issuesOf((o) => (o.person.firstName = 42));
      expect(typeIssue.message).toMatch(/förnamn/i);
    });
  });
});
