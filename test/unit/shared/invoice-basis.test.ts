import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INSATS_TYPES, RATE_PERIODS, type InsatsType, type RatePeriod } from '../../../shared/insatser';
import {
  daysInMonthOf,
  divideRoundHalfUp,
  formatOre,
  formatOreForCsv,
  formatQuantity,
  invoiceBasis,
  lineAmountOre,
  monthInWords,
  reportUnitFor,
  reportUnitLabel,
  sekToOre,
  type ApprovedQuantity,
} from '../../../shared/invoice-basis';

const NBSP = '\u00a0';
const SUNDBYBERG = { code: '0183', name: 'Sundbyberg' };
const SOLNA = { code: '0184', name: 'Solna' };
const OSTERSUND = { code: '2380', name: 'Östersund' };
const ALE = { code: '1440', name: 'Ale' };
const ANGE = { code: '2260', name: 'Ånge' };

function approved(overrides: Partial<ApprovedQuantity> = {}): ApprovedQuantity {
  return {
    caseReference: 'TV-2026-00042',
    homeMunicipality: SOLNA,
    invoiceReference: 'SOL-4711',
    billingAddress: 'Solna stad, Fakturor, Box 123, 171 86 Solna',
    insatsType: 'hemtjanst',
    month: '2026-12',
    quantity: 60,
    rate: { amountOre: 49500, per: 'hour' },
    daysInMonth: 31,
    ...overrides,
  };
}

const hourly = (minutes: number, amountOre: number) => lineAmountOre(approved({ quantity: minutes, rate: { amountOre, per: 'hour' } }));

describe('reportUnitFor', () => {
  it('counts hours in minutes, visits in visits, days and months in days', () => {
    expect(RATE_PERIODS.map(reportUnitFor)).toEqual(['minutes', 'visits', 'days', 'days']);
  });

  it('names the units in Swedish: minutes shown as hours, matdistribution in portions', () => {
    expect(reportUnitLabel('minutes', 'hemtjanst')).toBe('timmar');
    expect(reportUnitLabel('visits', 'hemtjanst')).toBe('besök');
    expect(reportUnitLabel('visits', 'matdistribution')).toBe('portioner');
    expect(reportUnitLabel('days', 'dagverksamhet')).toBe('dagar');
  });
});

describe('sekToOre', () => {
  it.each([
    [495, 49500],
    [0.29, 29], // 0.29 * 100 = 28.999999999999996 in floating point: read through '0.29' instead
    [1234.56, 123456],
    [0.01, 1],
    [100_000, 10_000_000],
    [1.1, 110],
    [0, 0],
  ])('%s kr = %s öre', (sek, ore) => {
    expect(sekToOre(sek)).toBe(ore);
  });

  it('reads 0.1 + 0.2 (0.30000000000000004) as 0,30 kr, like the order’s two-decimal check', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sekToOre(0.1 + 0.2)).toBe(30);
  });

  it('throws on a third decimal and on what is not an amount', () => {
    expect(() => sekToOre(0.295)).toThrow(RangeError);
    expect(() => sekToOre(1.001)).toThrow(RangeError);
    expect(() => sekToOre(Number.NaN)).toThrow(RangeError);
    expect(() => sekToOre(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => sekToOre(1e20)).toThrow(RangeError);
  });
});

describe('lineAmountOre', () => {
  it('per hour: minutes × rate / 60, rounded once, half up', () => {
    // 22 h 30 min at 495 kr/h: 1350 × 49500 / 60 = 66 825 000 / 60 = 1 113 750 öre exactly
    expect(hourly(1350, 49500)).toBe(1_113_750);
    // 20 min at 333,33 kr/h: 20 × 33333 / 60 = 666 660 / 60 = 11 111 öre exactly
    expect(hourly(20, 33333)).toBe(11_111);
    // 10 min at 1,01 kr/h: 10 × 101 / 60 = 1010 / 60 = 16,83… → 17 öre
    expect(hourly(10, 101)).toBe(17);
    // 1 min at 0,30 kr/h: 1 × 30 / 60 = 0,5 → 1 öre (half up)
    expect(hourly(1, 30)).toBe(1);
    // 1 min at 0,29 kr/h: 29 / 60 = 0,48… → 0 öre
    expect(hourly(1, 29)).toBe(0);
    // 30 min at 0,10 kr/h: 30 × 10 / 60 = 5 öre; 3 min: 30 / 60 = 0,5 → 1 öre; 0 minutes cost nothing
    expect(hourly(30, 10)).toBe(5);
    expect(hourly(3, 10)).toBe(1);
    expect(hourly(0, 49500)).toBe(0);
  });

  it('per month: pro rata by days, a full month is the whole rate', () => {
    const monthly = (days: number, amountOre: number, month = '2026-12', daysInMonth = 31) =>
      lineAmountOre(approved({ month, daysInMonth, quantity: days, rate: { amountOre, per: 'month' } }));
    // 17 of 31 days at 310 kr: 17 × 31000 / 31 = 17 000 öre
    expect(monthly(17, 31000)).toBe(17_000);
    // the full month: 31 × 31000 / 31 = 31 000 öre
    expect(monthly(31, 31000)).toBe(31_000);
    // 10 of 28 days (February 2026) at 1000 kr: 10 × 100000 / 28 = 35 714,28… → 35 714 öre
    expect(monthly(10, 100_000, '2026-02', 28)).toBe(35_714);
    // 1 of 30 days (November) at 0,45 kr: 45 / 30 = 1,5 → 2 öre (half up)
    expect(monthly(1, 45, '2026-11', 30)).toBe(2);
  });

  it('per visit and per day: quantity × rate', () => {
    // 12 portions at 65,50 kr: 12 × 6550 = 78 600 öre
    expect(lineAmountOre(approved({ insatsType: 'matdistribution', quantity: 12, rate: { amountOre: 6550, per: 'visit' } }))).toBe(78_600);
    // 8 days at 1 234,56 kr: 8 × 123456 = 987 648 öre
    expect(lineAmountOre(approved({ insatsType: 'dagverksamhet', quantity: 8, rate: { amountOre: 123456, per: 'day' } }))).toBe(987_648);
  });

  it('refuses what cannot be right rather than rounding it', () => {
    expect(() => hourly(1.5, 49500)).toThrow(RangeError);
    expect(() => hourly(-1, 49500)).toThrow(RangeError);
    expect(() => hourly(60, 495.5)).toThrow(RangeError);
    expect(() => hourly(Number.MAX_SAFE_INTEGER, 49500)).toThrow(RangeError);
    expect(() => lineAmountOre(approved({ daysInMonth: 30 }))).toThrow(/31 days/);
    expect(() => lineAmountOre(approved({ quantity: 32, rate: { amountOre: 100, per: 'month' } }))).toThrow(RangeError);
    expect(() => lineAmountOre(approved({ quantity: 32, rate: { amountOre: 100, per: 'day' } }))).toThrow(RangeError);
    expect(() => lineAmountOre(approved({ month: '2026-13' }))).toThrow(RangeError);
  });
});

describe('divideRoundHalfUp', () => {
  it('rounds halves up and throws beyond exact integers', () => {
    expect(divideRoundHalfUp(1, 2)).toBe(1);
    expect(divideRoundHalfUp(3, 2)).toBe(2);
    expect(divideRoundHalfUp(5, 4)).toBe(1);
    expect(divideRoundHalfUp(0, 7)).toBe(0);
    expect(() => divideRoundHalfUp(Number.MAX_SAFE_INTEGER, 3)).toThrow(RangeError);
    expect(() => divideRoundHalfUp(1, 0)).toThrow(RangeError);
  });
});

describe('daysInMonthOf and monthInWords', () => {
  it('knows leap years and Swedish month names', () => {
    expect(['2026-01', '2026-02', '2028-02', '2026-04', '2026-12'].map(daysInMonthOf)).toEqual([31, 28, 29, 30, 31]);
    expect(monthInWords('2026-12')).toBe('december 2026');
    expect(monthInWords('2027-01')).toBe('januari 2027');
  });
});

describe('formatOre and formatOreForCsv', () => {
  it('writes kronor the Swedish way', () => {
    expect(formatOre(49500)).toBe('495,00');
    expect(formatOre(123450)).toBe(`1${NBSP}234,50`);
    expect(formatOre(1_113_750)).toBe(`11${NBSP}137,50`);
    expect(formatOre(123_456_789_01)).toBe(`123${NBSP}456${NBSP}789,01`);
    expect(formatOre(5)).toBe('0,05');
    expect(formatOre(0)).toBe('0,00');
    expect(formatOre(-123450)).toBe(`-1${NBSP}234,50`);
    expect(formatOreForCsv(123450)).toBe('1234,50');
    expect(formatOreForCsv(-5)).toBe('-0,05');
    expect(formatOreForCsv(1_113_750)).toBe('11137,50');
    expect(() => formatOre(1.5)).toThrow(RangeError);
  });

  it('shows minutes as hours with two decimals', () => {
    expect(formatQuantity(1350, 'minutes')).toBe('22,50');
    expect(formatQuantity(20, 'minutes')).toBe('0,33');
    expect(formatQuantity(10, 'minutes')).toBe('0,17'); // 16,66… hundredths → 17
    expect(formatQuantity(90_000, 'minutes')).toBe(`1${NBSP}500,00`);
    expect(formatQuantity(90_000, 'minutes', 'csv')).toBe('1500,00');
    expect(formatQuantity(12, 'visits')).toBe('12');
    expect(formatQuantity(17, 'days', 'csv')).toBe('17');
  });
});

describe('invoiceBasis', () => {
  const basis = invoiceBasis('2026-12', SUNDBYBERG, [
    approved({ caseReference: 'TV-2026-00042', insatsType: 'trygghetslarm', quantity: 31, rate: { amountOre: 31000, per: 'month' } }),
    approved({ homeMunicipality: OSTERSUND, billingAddress: 'Östersunds kommun, Fakturor, 831 82 Östersund', invoiceReference: 'ÖST-1', caseReference: 'TV-2026-00007' }),
    approved({ caseReference: 'TV-2026-00042', quantity: 1350 }),
    approved({ homeMunicipality: ANGE, billingAddress: 'Ånge kommun, 841 81 Ånge', invoiceReference: 'Å-9', caseReference: 'TV-2026-00100', quantity: 20, rate: { amountOre: 33333, per: 'hour' } }),
    approved({ caseReference: 'TV-2026-00009', insatsType: 'matdistribution', quantity: 12, rate: { amountOre: 6550, per: 'visit' } }),
    approved({ homeMunicipality: ALE, billingAddress: 'Ale kommun, 449 80 Alafors', invoiceReference: 'ALE-2', caseReference: 'TV-2026-00011', quantity: 10, rate: { amountOre: 101, per: 'hour' } }),
    approved({ billingAddress: 'Solna stad, Äldreförvaltningen, Box 9, 171 86 Solna', caseReference: 'TV-2026-00050' }),
  ]);

  it('groups per home municipality and billing address, sorted by name in Swedish order (Å Ä Ö last)', () => {
    expect(basis.groups.map((g) => [g.homeMunicipality.name, g.billingAddress.split(',')[1].trim()])).toEqual([
      ['Ale', '449 80 Alafors'],
      ['Solna', 'Fakturor'],
      ['Solna', 'Äldreförvaltningen'],
      ['Ånge', '841 81 Ånge'],
      ['Östersund', 'Fakturor'],
    ]);
  });

  it('sorts lines by case reference, then insats, and sums the rounded lines', () => {
    const solna = basis.groups[1];
    expect(solna.lines.map((l) => [l.caseReference, l.insatsType, l.amountOre])).toEqual([
      ['TV-2026-00009', 'matdistribution', 78_600], // 12 × 6550
      ['TV-2026-00042', 'hemtjanst', 1_113_750], // 1350 × 49500 / 60
      ['TV-2026-00042', 'trygghetslarm', 31_000], // 31 × 31000 / 31
    ]);
    expect(solna.totalOre).toBe(78_600 + 1_113_750 + 31_000);
    // Ale 17 + Solna 1 223 350 + Solna (Äldre) 49 500 + Ånge 11 111 + Östersund 49 500
    expect(basis.groups.map((g) => g.totalOre)).toEqual([17, 1_223_350, 49_500, 11_111, 49_500]);
    expect(basis.totalOre).toBe(1_333_478);
    expect(basis.lineCount).toBe(7);
    expect(basis.month).toBe('2026-12');
    expect(basis.stayMunicipality).toEqual(SUNDBYBERG);
  });

  it('holds no personal data: a line has exactly the invoice fields, whatever the input carried', () => {
    const leaky = { ...approved(), personnummer: '19121212-1212', firstName: 'Åsa', lastName: 'Örn', stayAddress: 'Storgatan 1' };
    const [line] = invoiceBasis('2026-12', SUNDBYBERG, [leaky]).groups[0].lines;
    expect(Object.keys(line).sort()).toEqual(
      ['amountOre', 'billingAddress', 'caseReference', 'daysInMonth', 'homeMunicipality', 'insatsType', 'invoiceReference', 'month', 'quantity', 'rate'].sort(),
    );
    expect(Object.keys(line.homeMunicipality).sort()).toEqual(['code', 'name']);
    expect(Object.keys(line.rate).sort()).toEqual(['amountOre', 'per']);
    expect(JSON.stringify(invoiceBasis('2026-12', SUNDBYBERG, [leaky]))).not.toMatch(/1212|Åsa|Örn|Storgatan/);
  });

  it('refuses a quantity of another month, and an empty month is an empty basis', () => {
    expect(() => invoiceBasis('2026-12', SUNDBYBERG, [approved({ month: '2026-11', daysInMonth: 30 })])).toThrow(/2026-11/);
    expect(() => invoiceBasis('2026-1', SUNDBYBERG, [])).toThrow(RangeError);
    expect(invoiceBasis('2026-12', SUNDBYBERG, [])).toEqual({ month: '2026-12', stayMunicipality: SUNDBYBERG, groups: [], totalOre: 0, lineCount: 0 });
  });
});

/** The rounding rule in BigInt, the reference the implementation in numbers is held to. */
function referenceAmount(q: ApprovedQuantity): bigint {
  const product = BigInt(q.quantity) * BigInt(q.rate.amountOre);
  const divisor = q.rate.per === 'hour' ? 60n : q.rate.per === 'month' ? BigInt(q.daysInMonth) : 1n;
  return (2n * product + divisor) / (2n * divisor);
}

const MONTHS = ['2026-01', '2026-02', '2026-04', '2026-12', '2028-02'];
const MUNICIPALITIES = [SOLNA, OSTERSUND, ALE, ANGE, { code: '0180', name: 'Stockholm' }];
const arbitraryQuantity = (month: string) =>
  fc
    .record({
      municipality: fc.constantFrom(...MUNICIPALITIES),
      insatsType: fc.constantFrom<InsatsType>(...INSATS_TYPES),
      per: fc.constantFrom<RatePeriod>(...RATE_PERIODS),
      amountOre: fc.oneof(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 200 })),
      case: fc.integer({ min: 1, max: 99_999 }),
      minutes: fc.integer({ min: 0, max: 744 * 60 }),
      visits: fc.integer({ min: 0, max: 450 }),
      dayFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ municipality, insatsType, per, amountOre, case: n, minutes, visits, dayFraction }): ApprovedQuantity => {
      const daysInMonth = daysInMonthOf(month);
      const quantity = per === 'hour' ? minutes : per === 'visit' ? visits : Math.round(dayFraction * daysInMonth);
      return approved({
        homeMunicipality: municipality,
        billingAddress: `${municipality.name} kommun, Fakturor`,
        caseReference: `TV-2026-${String(n).padStart(5, '0')}`,
        insatsType,
        month,
        daysInMonth,
        quantity,
        rate: { amountOre, per },
      });
    });

describe('invoiceBasis, over random approved quantities', () => {
  it('computes every line exactly as the BigInt reference, as non-negative integers, and the totals as sums of lines', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MONTHS).chain((month) => fc.tuple(fc.constant(month), fc.array(arbitraryQuantity(month), { maxLength: 40 }))),
        ([month, quantities]) => {
          const basis = invoiceBasis(month, SUNDBYBERG, quantities);
          const lines = basis.groups.flatMap((g) => g.lines);
          expect(lines).toHaveLength(quantities.length);
          expect(basis.lineCount).toBe(quantities.length);
          for (const line of lines) {
            expect(Number.isSafeInteger(line.amountOre) && line.amountOre >= 0).toBe(true);
            expect(BigInt(line.amountOre)).toBe(referenceAmount(line));
          }
          for (const group of basis.groups) {
            expect(group.lines.length).toBeGreaterThan(0);
            expect(group.totalOre).toBe(group.lines.reduce((sum, l) => sum + l.amountOre, 0));
          }
          expect(basis.totalOre).toBe(basis.groups.reduce((sum, g) => sum + g.totalOre, 0));
          expect(BigInt(basis.totalOre)).toBe(quantities.map(referenceAmount).reduce((a, b) => a + b, 0n));
          // The order of the input does not matter.
          expect(invoiceBasis(month, SUNDBYBERG, [...quantities].reverse())).toEqual(basis);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rounds hourly lines as the BigInt reference over the whole range of minutes and rates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), (minutes, amountOre) => {
        const q = approved({ quantity: minutes, rate: { amountOre, per: 'hour' } });
        expect(BigInt(lineAmountOre(q))).toBe(referenceAmount(q));
      }),
      { numRuns: 2000 },
    );
  });

  it('turns any kronor amount with two decimals into its exact öre', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (ore) => {
        const sek = Number(`${Math.floor(ore / 100)}.${String(ore % 100).padStart(2, '0')}`);
        expect(sekToOre(sek)).toBe(ore);
        expect(sekToOre(-sek)).toBe(ore === 0 ? 0 : -ore);
      }),
      { numRuns: 2000 },
    );
  });
});
