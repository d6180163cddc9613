import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { principalFor } from '../../../functions/core/access/principals';
import { portalCases } from '../../../functions/core/cases/portal-cases';
import { submitOrder } from '../../../functions/core/intake/submit-order';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import { INBOX_FILTERS, INBOX_PAGE_SIZE } from '../../../shared/portal';
import { matrixOrder } from '../../support/access-matrix';
import { inMemoryStores } from '../../support/in-memory-stores';
import { testVault } from '../../support/wiring';

/** Issue 19, point 6: an inbox of more than 500 cases is shown in pages, every filter's pages together its count. */
const config = parseMunicipalityConfig(demo);
const NOW = new Date('2026-11-23T10:00:00+01:00');
const MARIA = principalFor(config, 'maria.ek@sundbyberg.example')!;
const CASES = 1200;

describe('the inbox in pages', async () => {
  const stores = inMemoryStores();
  let n = 0;
  const deps = { ...stores, vault: testVault(), clock: { now: () => NOW }, ids: { next: () => `ID${String(++n).padStart(6, '0')}` }, config, publicBaseUrl: 'https://vistelse.example' };
  const submit = submitOrder(deps);
  const references: string[] = [];
  for (let i = 0; i < CASES; i++) references.push((await submit({ body: matrixOrder('ordinary', '2026-11-23') })).receipt.reference);
  const portal = portalCases(deps);
  // A third of them opened by their caseworker: no longer new, so the filters differ.
  for (const reference of references.filter((_, i) => i % 3 === 0)) {
    const caseworkerId = (await stores.cases.find((await stores.cases.findIdByReference(reference))!))!.routing.caseworkerId!;
    await portal.read(principalFor(config, config.caseworkers.find((c) => c.id === caseworkerId)!.email)!, reference);
  }

  it(`shows ${CASES} cases in pages of ${INBOX_PAGE_SIZE}, newest first, each case once; a page past the last is the last`, async () => {
    const first = await portal.inbox(MARIA, 'all', 1);
    expect(first.counts.all).toBe(CASES);
    expect(first.page).toEqual({ number: 1, pages: 3, size: INBOX_PAGE_SIZE, total: CASES });
    expect(first.rows).toHaveLength(INBOX_PAGE_SIZE);
    expect(first.rows[0]!.reference).toBe(references.at(-1));
    const third = await portal.inbox(MARIA, 'all', 3);
    expect(third.rows).toHaveLength(CASES - 2 * INBOX_PAGE_SIZE);
    expect(third.rows.at(-1)!.reference).toBe(references[0]);
    const all = [first, await portal.inbox(MARIA, 'all', 2), third].flatMap((p) => p.rows.map((r) => r.reference));
    expect(new Set(all).size).toBe(CASES);
    expect((await portal.inbox(MARIA, 'all', 9)).page.number).toBe(3);
    expect((await portal.inbox(MARIA, 'all', 0)).page.number).toBe(1);
  });

  it('keeps the filter through its pages: together they are the filter’s count, and only its cases', async () => {
    const counts = (await portal.inbox(MARIA, 'all', 1)).counts;
    expect(counts.new).toBeGreaterThan(INBOX_PAGE_SIZE);
    expect(counts.new).toBeLessThan(CASES);
    for (const filter of INBOX_FILTERS) {
      const first = await portal.inbox(MARIA, filter, 1);
      expect(first.filter).toBe(filter);
      const rows = [];
      for (let page = 1; page <= first.page.pages; page++) rows.push(...(await portal.inbox(MARIA, filter, page)).rows);
      expect(rows.length, filter).toBe(counts[filter]);
      expect(first.page.total, filter).toBe(counts[filter]);
      if (filter === 'new') expect(rows.every((r) => r.phase === 'new')).toBe(true);
    }
  });
});
