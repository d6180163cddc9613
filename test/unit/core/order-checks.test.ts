import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { principalFor } from '../../../functions/core/access/principals';
import { portalCases } from '../../../functions/core/cases/portal-cases';
import { submitOrder } from '../../../functions/core/intake/submit-order';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import { matrixOrder } from '../../support/access-matrix';
import { inMemoryStores } from '../../support/in-memory-stores';
import { testVault } from '../../support/wiring';

/** Issue 19, point 4: what the orderer confirmed (an unusual rate, an insats twice, a long stay) is stored and shown to the caseworker. */
const config = parseMunicipalityConfig(demo);
const NOW = new Date('2026-11-23T10:00:00+01:00');

describe('the order’s checks', () => {
  it('are in the receipt, kept with the order as confirmed or not, and on the caseworker’s case page', async () => {
    const stores = inMemoryStores();
    let n = 0;
    const deps = { ...stores, vault: testVault(), clock: { now: () => NOW }, ids: { next: () => `ID${String(++n).padStart(6, '0')}` }, config, publicBaseUrl: 'https://vistelse.example' };
    const body = matrixOrder('ordinary', '2026-11-23');
    body.decision.insatser[0].rate.amountSek = 9900;
    body.decision.insatser.push({ ...body.decision.insatser[0], rate: { amountSek: 495, per: 'hour' } });
    body.confirmedWarnings = ['rate_implausible'];
    const { receipt } = await submitOrder(deps)({ body });
    expect(receipt.warnings.map((w) => w.code)).toEqual(['rate_implausible', 'duplicate_insats']);
    const view = (await stores.cases.find((await stores.cases.findIdByReference(receipt.reference))!))!;
    expect(view.order.confirmedWarnings).toEqual(['rate_implausible']);
    const caseworker = principalFor(config, config.caseworkers.find((c) => c.id === view.routing.caseworkerId)!.email)!;
    const page = await portalCases(deps).read(caseworker, receipt.reference);
    expect(page.checks).toEqual([
      { code: 'rate_implausible', message: expect.stringContaining('9 900 kr per timme'), confirmed: true },
      { code: 'duplicate_insats', message: expect.stringContaining('Insats 3 är av samma slag som insats 1'), confirmed: false },
    ]);
    // A provider's view has no such section.
    expect((await portalCases(deps).read(principalFor(config, 'sara.lind@duvbo-omsorg.example')!, receipt.reference)).checks).toBeUndefined();
  });

  it('flag a stay address outside our districts for the caseworker (the orderer was warned, nothing to confirm)', async () => {
    const stores = inMemoryStores();
    let n = 0;
    const deps = { ...stores, vault: testVault(), clock: { now: () => NOW }, ids: { next: () => `ID${String(++n).padStart(6, '0')}` }, config, publicBaseUrl: 'https://vistelse.example' };
    const body = matrixOrder('ordinary', '2026-11-23');
    body.person.stayAddress.postalCode = '641 30';
    const { receipt } = await submitOrder(deps)({ body });
    expect(receipt.warnings.map((w) => w.code)).toEqual(['address_outside']);
    // The fallback queue's unit head, who distributes the case, sees it.
    const head = principalFor(config, config.units.find((u) => u.id === config.fallbackQueue.unitId)!.head.email)!;
    const page = await portalCases(deps).read(head, receipt.reference);
    expect(page.checks).toEqual([
      { code: 'address_outside', message: `Vistelseadressen ligger inte i ${config.municipality.name}: postnummer 641 30 hör inte till något av kommunens distrikt. Kontrollera adressen med beställaren.` },
    ]);
    // An address of ours: no such line.
    const ours = matrixOrder('ordinary', '2026-11-23');
    const { receipt: second } = await submitOrder(deps)({ body: ours });
    const secondView = (await stores.cases.find((await stores.cases.findIdByReference(second.reference))!))!;
    const its = principalFor(config, config.caseworkers.find((c) => c.id === secondView.routing.caseworkerId)!.email)!;
    expect((await portalCases(deps).read(its, second.reference)).checks).toBeUndefined();
  });

  it('refuses a confirmation of a warning that does not exist by name, naming the field', async () => {
    const stores = inMemoryStores();
    const deps = { ...stores, vault: testVault(), clock: { now: () => NOW }, ids: { next: () => crypto.randomUUID() }, config, publicBaseUrl: 'https://vistelse.example' };
    const body = matrixOrder('ordinary', '2026-11-23');
    body.confirmedWarnings = ['allt_ok'];
    await expect(submitOrder(deps)({ body })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: 'confirmedWarnings.0' })] });
  });
});
