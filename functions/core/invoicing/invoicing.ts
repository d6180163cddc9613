import { daysInMonthOf, invoiceBasis, type ApprovedQuantity, type InvoiceBasis } from '../../../shared/invoice-basis';
import type { MunicipalityConfig } from '../../../shared/municipality';
import { invoiceBasisQuerySchema } from '../../../shared/time-reports';
import type { Principal } from '../access/principals';
import type { Clock } from '../kernel/clock';
import { DomainError } from '../kernel/errors';
import { parseInput } from '../kernel/parse-input';
import type { Charge, ExpectedReport, TimeReportStore } from '../reports/ports';
import { invoiceBasisCsv } from './invoice-csv';

export interface InvoicingDeps {
  reports: Pick<TimeReportStore, 'approvedInMonth' | 'chargesInMonth'>;
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

/** A charge as the invoice basis bills it: its quantity at its rate, on a line of its own. */
export function chargeQuantityOf(charge: Charge): ApprovedQuantity {
  return {
    caseReference: charge.reference,
    homeMunicipality: charge.homeMunicipality,
    invoiceReference: charge.invoiceReference,
    billingAddress: charge.billingAddress,
    insatsType: charge.insatsType,
    month: charge.month,
    quantity: charge.quantity,
    rate: charge.rate,
    daysInMonth: daysInMonthOf(charge.month),
    charge: charge.kind,
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
    const [approved, charges] = await Promise.all([deps.reports.approvedInMonth(m), deps.reports.chargesInMonth(m)]);
    const { code, name } = deps.config.municipality;
    return invoiceBasis(m, { code, name }, [...approved.map(approvedQuantityOf), ...charges.map(chargeQuantityOf)]);
  }

  return {
    basis,
    async csv(who: Principal, month: unknown): Promise<{ fileName: string; body: string }> {
      const b = await basis(who, month);
      return { fileName: `fakturaunderlag-${b.month}.csv`, body: invoiceBasisCsv(b) };
    },
  };
};

