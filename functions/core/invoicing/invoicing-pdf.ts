import { formatStockholmDateTime } from '../../../shared/dates';
import type { Principal } from '../access/principals';
import { invoiceBasisPdf } from './invoice-pdf';
import { invoicing, type InvoicingDeps } from './invoicing';

/** The printable PDF of the month's invoice basis: its own function, the only one carrying pdf-lib. */
export const invoicingPdf = (deps: InvoicingDeps) => {
  const { basis } = invoicing(deps);
  return {
    async pdf(who: Principal, month: unknown): Promise<{ fileName: string; body: Uint8Array }> {
      const b = await basis(who, month);
      return { fileName: `fakturaunderlag-${b.month}.pdf`, body: await invoiceBasisPdf(b, { generatedAt: formatStockholmDateTime(deps.clock.now()) }) };
    },
  };
};
