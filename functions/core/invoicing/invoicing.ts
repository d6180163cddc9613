import { invoiceBasis, type ApprovedQuantity, type InvoiceBasis } from '../../../shared/invoice-basis';
import type { MunicipalityConfig } from '../../../shared/municipality';
import { invoiceBasisQuerySchema } from '../../../shared/time-reports';
import type { Principal } from '../access/principals';
import type { Clock } from '../kernel/clock';
import { DomainError } from '../kernel/errors';
import { parseInput } from '../kernel/parse-input';
import type { ExpectedReport, TimeReportStore } from '../reports/ports';
import { invoiceBasisCsv } from './invoice-csv';

export interface InvoicingDeps {
  reports: Pick<TimeReportStore, 'approvedInMonth'>;
  config: MunicipalityConfig;
  clock: Clock;
}

/** What the invoice basis bills of an approved report: quantities, rates and references, no personal data. */
export function approvedQuantityOf(report: ExpectedReport): ApprovedQuantity {
  return {
    caseReference: report.reference,
    homeMunicipality: report.homeMunicipality,
    invoiceReference: report.invoiceReference,
    billingAddress: report.billingAddress,
    insatsType: report.insatsType,
    month: report.month,
    quantity: report.approved!.quantity,
    rate: report.rate,
    daysInMonth: report.period.daysInMonth,
  };
}

/**
 * The invoice basis (fakturaunderlag) of a month: per home municipality, the approved reports'
 * quantities at its own rates, in öre; for the economy assistants and the fee administrators only.
 */
export const invoicing = (deps: InvoicingDeps) => {
  function authorize(who: Principal) {
    if (who.role !== 'economy' && who.role !== 'fees') throw new DomainError(403, 'forbidden', 'Fakturaunderlaget är för ekonomiassistenter och avgiftshandläggare.');
  }

  async function basis(who: Principal, month: unknown): Promise<InvoiceBasis> {
    authorize(who);
    const m = parseInput(invoiceBasisQuerySchema, { month }).month;
    const approved = await deps.reports.approvedInMonth(m);
    const { code, name } = deps.config.municipality;
    return invoiceBasis(m, { code, name }, approved.map(approvedQuantityOf));
  }

  return {
    basis,
    async csv(who: Principal, month: unknown): Promise<{ fileName: string; body: string }> {
      const b = await basis(who, month);
      return { fileName: `fakturaunderlag-${b.month}.csv`, body: invoiceBasisCsv(b) };
    },
  };
};

