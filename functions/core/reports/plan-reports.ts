import type { InsatsType } from '../../../shared/insatser';
import { reportUnitFor, sekToOre } from '../../../shared/invoice-basis';
import type { MunicipalityConfig } from '../../../shared/municipality';
import type { ClearOrder } from '../../../shared/personal-data';
import { reportMonths, timeReportDueDate, timeReportLadder } from '../../../shared/time-report-dates';
import { grantedForPeriod } from '../../../shared/time-reports';
import type { ExpectedReport, ReportKey } from './ports';

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
      ...(input.order.stay.acute ? { acute: true } : {}),
      status: 'expected',
      versions: 0,
      createdAt: input.at,
    };
  });
}

/** What makes an assignment's expected reports follow the months its stay and terms now give. */
export interface ReportsFollowing {
  plan: ExpectedReport[];
  revise: ExpectedReport[];
  drop: ReportKey[];
}

/**
 * The writes that make an assignment's reports (`existing`) follow `wanted`: months wanted and
 * missing are planned; months still expected that are no longer wanted are dropped; a month still
 * expected takes the wanted period (a stay's first or last month moved) and, from the month that
 * holds `termsFrom` on, the wanted terms too (scope, unit, rate) — a month gone by keeps the terms
 * it was given. A month already submitted is never dropped, changed or planned again.
 */
export function followReports(existing: readonly ExpectedReport[], wanted: readonly ExpectedReport[], termsFrom: string): ReportsFollowing {
  const plan = wanted.filter((w) => !existing.some((e) => e.month === w.month));
  const drop = existing.filter((e) => e.status === 'expected' && !wanted.some((w) => w.month === e.month)).map(({ caseId, insatsType, month }) => ({ caseId, insatsType, month }));
  const revise: ExpectedReport[] = [];
  for (const e of existing) {
    const w = wanted.find((x) => x.month === e.month);
    if (!w || e.status !== 'expected') continue;
    const periodChanged = JSON.stringify(e.period) !== JSON.stringify(w.period);
    const termsChanged = JSON.stringify([e.granted, e.unit, e.rate]) !== JSON.stringify([w.granted, w.unit, w.rate]);
    if (e.period.to >= termsFrom && (periodChanged || termsChanged)) revise.push({ ...e, period: w.period, granted: w.granted, unit: w.unit, rate: w.rate });
    else if (periodChanged) revise.push({ ...e, period: w.period, granted: w.granted });
  }
  return { plan, revise, drop };
}
