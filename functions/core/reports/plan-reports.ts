import type { InsatsType } from '../../../shared/insatser';
import { reportUnitFor, sekToOre } from '../../../shared/invoice-basis';
import type { MunicipalityConfig } from '../../../shared/municipality';
import type { ClearOrder } from '../../../shared/personal-data';
import { reportMonths, timeReportDueDate, timeReportLadder } from '../../../shared/time-report-dates';
import { grantedForPeriod } from '../../../shared/time-reports';
import type { ExpectedReport } from './ports';

/**
 * The reports an assignment owes: one for every month its stay covers from the confirmed start
 * date to the stay's last day (partial months included), each with its due date under the
 * municipality's rule, its chase ladder, the granted scope for the period and the home
 * municipality's rate — so that neither the chaser nor the invoice basis reads the case.
 */
export function expectedReports(
  config: MunicipalityConfig,
  input: { caseId: string; reference: string; order: ClearOrder; insatsType: InsatsType; providerId: string; startDate: string; at: string },
): ExpectedReport[] {
  const insatser = input.order.decision.insatser.filter((i) => i.type === input.insatsType);
  if (insatser.length === 0 || input.startDate > input.order.stay.to) return [];
  // Several insatser of one type are one assignment: the first one's rate is the assignment's.
  const rate = insatser[0].rate;
  return reportMonths(input.startDate, input.order.stay.to).map((period) => {
    const dueDate = timeReportDueDate(period.month, config.rules.timeReportDue);
    const granted = grantedForPeriod(insatser, period);
    return {
      caseId: input.caseId,
      insatsType: input.insatsType,
      month: period.month,
      reference: input.reference,
      providerId: input.providerId,
      period,
      dueDate,
      ladder: timeReportLadder(dueDate, config.rules.timeReportChase),
      chased: [],
      unit: reportUnitFor(rate.per),
      ...(granted === undefined ? {} : { granted }),
      rate: { amountOre: sekToOre(rate.amountSek), per: rate.per },
      homeMunicipality: input.order.homeMunicipality,
      invoiceReference: input.order.billing.reference,
      billingAddress: input.order.billing.address,
      status: 'expected',
      versions: 0,
      createdAt: input.at,
    };
  });
}
