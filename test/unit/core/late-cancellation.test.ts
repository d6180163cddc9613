import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { principalFor } from '../../../functions/core/access/principals';
import { portalCases } from '../../../functions/core/cases/portal-cases';
import { submitOrder } from '../../../functions/core/intake/submit-order';
import { invoicing } from '../../../functions/core/invoicing/invoicing';
import { parseMunicipalityConfig, type MunicipalityConfig } from '../../../shared/municipality';
import { matrixOrder } from '../../support/access-matrix';
import { inMemoryStores } from '../../support/in-memory-stores';
import { testVault } from '../../support/wiring';

/**
 * A late cancellation (issue 17, point 6): later than the profile's notice before the start, it is
 * marked late, and the invoice basis of the month shows the profile's **Sen avbokning** line — none
 * when the profile has no `lateCancellation` (the demo's): then nothing is charged and the basis
 * says nothing.
 */
const demoConfig = parseMunicipalityConfig(demo);
const withFee = parseMunicipalityConfig({ ...demo, rules: { ...demo.rules, lateCancellation: { noticeDays: 2, feeSek: 500 } } });
const ECONOMY = (config: MunicipalityConfig) => principalFor(config, 'eva.lundgren@sundbyberg.example')!;

async function cancelled(config: MunicipalityConfig, cancelOn: string) {
  const stores = inMemoryStores();
  let n = 0;
  let now = new Date('2026-11-23T10:00:00+01:00');
  const deps = { ...stores, vault: testVault(), clock: { now: () => now }, ids: { next: () => `ID${String(++n).padStart(6, '0')}` }, config, publicBaseUrl: 'https://vistelse.example' };
  const order = matrixOrder('ordinary', '2026-11-23');
  order.stay.from = '2026-12-10';
  order.stay.to = '2027-01-31';
  const { receipt } = await submitOrder(deps)({ body: order });
  const view = (await stores.cases.find((await stores.cases.findIdByReference(receipt.reference))!))!;
  const caseworker = principalFor(config, config.caseworkers.find((c) => c.id === view.routing.caseworkerId)!.email)!;
  now = new Date(`${cancelOn}T09:00:00+01:00`);
  const page = await portalCases(deps).cancel(caseworker, receipt.reference, { reason: 'Vistelsen blev inte av.' });
  return { page, reference: receipt.reference, order, basis: (month: string) => invoicing(deps).basis(ECONOMY(config), month), csv: (month: string) => invoicing(deps).csv(ECONOMY(config), month) };
}

describe('a late cancellation', () => {
  it('with the profile’s fee: marked late, and the month’s invoice basis bills one Sen avbokning at the fee, in the CSV too', async () => {
    const { page, reference, order, basis, csv } = await cancelled(withFee, '2026-12-09');
    expect(page.ended!.cancelled!.late).toBe(true);
    expect(page.timeline!.map((t) => t.text)).toContainEqual('Beställningen avbröts (sen avbokning, avgift 500 kr i fakturaunderlaget)');
    const december = await basis('2026-12');
    expect(december.groups).toHaveLength(1);
    expect(december.groups[0].lines).toEqual([
      expect.objectContaining({ caseReference: reference, charge: 'late_cancellation', quantity: 1, amountOre: 50_000, invoiceReference: order.billing.reference, month: '2026-12' }),
    ]);
    expect(december.totalOre).toBe(50_000);
    const file = (await csv('2026-12')).body;
    expect(file).toContain(`;${reference};Sen avbokning;2026-12;1;avbokning;;500,00;avbokning;500,00`);
    expect((await basis('2026-11')).lineCount).toBe(0);
  });

  it('in time (before the notice), or without the rule in the profile: nothing is charged and the basis says nothing', async () => {
    const inTime = await cancelled(withFee, '2026-12-08');
    expect(inTime.page.ended!.cancelled!.late).toBe(false);
    expect((await inTime.basis('2026-12')).lineCount).toBe(0);
    const demoLate = await cancelled(demoConfig, '2026-12-09');
    expect(demoLate.page.ended!.cancelled!.late).toBe(false);
    expect((await demoLate.basis('2026-12')).lineCount).toBe(0);
  });
});
