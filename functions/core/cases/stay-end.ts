import { addDays, stockholmToday } from '../../../shared/dates';
import type { OrdererCase } from '../../../shared/messages';
import { cancelOrderSchema, reportStayEndSchema } from '../../../shared/portal';
import type { PersonalDataVault } from '../kernel/personal-data';
import type { OrdererPrincipal } from '../access/orderer-access';
import type { Clock } from '../kernel/clock';
import { ConflictError } from '../kernel/errors';
import { parseInput } from '../kernel/parse-input';
import { ordererCase } from './orderer-case';
import { closingTaskMail, orderCancelledMail, stayEndedMail } from '../../../shared/mail/notifications';
import type { MunicipalityConfig } from '../../../shared/municipality';
import { monthlyHours } from '../../../shared/routing';
import type { IdGenerator } from '../kernel/clock';
import { DomainError, NotFoundError } from '../kernel/errors';
import type { PreparedWrite, Transactor } from '../kernel/transaction';
import { caseMails } from '../outbox/case-mails';
import type { OutboxMessage, OutboxStore } from '../outbox/ports';
import { ReportChangedError, type ExpectedReport, type ReportKey, type TimeReportStore } from '../reports/ports';
import { expectedReports, followReports } from '../reports/plan-reports';
import type { ProviderLoadChange, RoutingStore } from '../routing/ports';
import { portalLinks } from '../routing/route-order';
import { caseHandler } from './case-handler';
import { sekToOre } from '../../../shared/invoice-basis';
import { CaseChangedError, type CaseStore, type CaseView, type StayEnd } from './ports';

export interface StayEndDeps {
  cases: CaseStore;
  reports: Pick<TimeReportStore, 'ofCase' | 'dropExpected' | 'recordCharge' | 'revise'>;
  routing: Pick<RoutingStore, 'changeLoads'>;
  outbox: OutboxStore;
  transactor: Transactor;
  ids: IdGenerator;
  config: MunicipalityConfig;
  publicBaseUrl: string;
  /** How many cases one run of `close-stays` takes at most (the next run takes the rest). */
  batchSize?: number;
}

/**
 * A day of the stay so far (a start, an installation, the end): within the stay and not after
 * today (a Stockholm date). The error names `field`.
 */
export function checkDayOfStaySoFar(view: CaseView, day: string, today: string, field: string, message: string): void {
  const { from, to } = view.order.stay;
  const last = to < today ? to : today;
  if (day < from || day > last) throw new DomainError(400, 'validation_failed', message, [{ path: field, message: `Ange ett datum från ${from} till ${last}` }]);
}

/** The day a stay ended: a day of the stay so far. */
export function checkEndDate(view: CaseView, endedOn: string, today: string): void {
  checkDayOfStaySoFar(view, endedOn, today, 'endedOn', 'Slutdagen måste ligga inom vistelsen och får inte vara i framtiden.');
}

/** What ending the case frees: its caseworker's open case, and each provider's client and hours. */
function loadsFreed(view: CaseView): { caseworkers: { caseworkerId: string; delta: -1 }[]; providers: ProviderLoadChange[] } {
  const hours = new Map<string, number>();
  for (const a of view.assignments) {
    if (!('providerId' in a.decision)) continue;
    const h = view.order.decision.insatser.filter((i) => i.type === a.insatsType).reduce((sum, i) => sum + monthlyHours(i.scope), 0);
    hours.set(a.decision.providerId, (hours.get(a.decision.providerId) ?? 0) + h);
  }
  return {
    caseworkers: view.routing.kind === 'caseworker' && view.routing.caseworkerId ? [{ caseworkerId: view.routing.caseworkerId, delta: -1 }] : [],
    providers: [...hours].map(([providerId, h]) => ({ providerId, clients: -1, hoursPerMonth: -h, warn: false })),
  };
}

/** The case closes when nothing is left to report: every report still planned is approved. */
function nothingLeft(reports: { status: string }[]): boolean {
  return reports.every((r) => r.status === 'approved');
}

/** The writes that close a case: **Avslutat**, the loads and caps freed, the event. */
type ClosingDeps = Pick<StayEndDeps, 'reports' | 'routing' | 'transactor' | 'ids'> & { cases: Pick<CaseStore, 'find' | 'closeCase' | 'recordEvent'> };

function closingWrites(deps: ClosingDeps, view: CaseView, at: string): PreparedWrite[] {
  return [deps.cases.closeCase({ caseId: view.caseId, at }), ...closedWrites(deps, view, at)];
}

/** What goes with the case becoming **Avslutat** (closed by `closeCase`, or by `endStay` itself): the loads freed, the event. */
function closedWrites(deps: Pick<StayEndDeps, 'routing' | 'ids'> & { cases: Pick<CaseStore, 'recordEvent'> }, view: CaseView, at: string): PreparedWrite[] {
  return [
    deps.routing.changeLoads({ caseId: view.caseId, reference: view.reference, at, ...loadsFreed(view) }),
    deps.cases.recordEvent(view.caseId, { id: deps.ids.next(), type: 'case_closed', by: 'system', at }),
  ];
}

/** The providers the case's assignments went to (sent or confirmed): those told when it ends. */
function providersOf(view: CaseView): string[] {
  return [...new Set(view.assignments.flatMap((a) => ((a.status === 'sent' || a.status === 'confirmed') && 'providerId' in a.decision ? [a.decision.providerId] : [])))];
}

/** The closing task, the reference only: the system administrator's, for a protected identity the case's handler's. */
function closingTask(deps: StayEndDeps, view: CaseView, message: (m: Omit<OutboxMessage, 'id' | 'caseId' | 'createdAt'>) => OutboxMessage): OutboxMessage {
  const { config } = deps;
  const handler = caseHandler(config, view.routing);
  const mail = closingTaskMail({ reference: view.reference, municipalityName: config.municipality.name, link: portalLinks(deps.publicBaseUrl, view.reference).case, caseSystem: config.municipality.caseSystem });
  return view.protectedIdentity
    ? message({ kind: 'closing_task', recipient: handler.recipient, to: handler.email, mail })
    : message({ kind: 'closing_task', recipient: 'system_admin', to: config.mailboxes.systemAdmin, mail });
}

/**
 * The reports of a stay that ends on `endedOn`: months after it dropped (those still expected), and
 * the end month of each confirmed insats revised to end that day — its granted scope for the days
 * of the stay, not the whole month. An insats removed from the order keeps what it has until the end.
 */
function reportsOnEnding(config: MunicipalityConfig, view: CaseView, reports: readonly ExpectedReport[], endedOn: string, at: string): { revise: ExpectedReport[]; drop: ReportKey[] } {
  const order = { ...view.order, stay: { ...view.order.stay, to: endedOn } };
  const endMonth = endedOn.slice(0, 7);
  const out: { revise: ExpectedReport[]; drop: ReportKey[] } = { revise: [], drop: [] };
  for (const insatsType of new Set(reports.map((r) => r.insatsType))) {
    const existing = reports.filter((r) => r.insatsType === insatsType);
    const a = view.assignments.find((x) => x.insatsType === insatsType);
    if (!a?.confirmation || !('providerId' in a.decision) || !order.decision.insatser.some((i) => i.type === insatsType)) {
      out.drop.push(...existing.filter((r) => r.status === 'expected' && r.month > endMonth).map(({ caseId, month }) => ({ caseId, insatsType, month })));
      continue;
    }
    const wanted = expectedReports(config, { caseId: view.caseId, reference: view.reference, order, insatsType, providerId: a.decision.providerId, startDate: a.started?.startedOn ?? a.confirmation.startDate, at });
    // Terms never change at an ending: only the periods.
    const follow = followReports(existing, wanted, '9999-12-31');
    out.revise.push(...follow.revise);
    out.drop.push(...follow.drop);
  }
  return out;
}

const sameMonth = (a: ReportKey, b: ReportKey) => a.caseId === b.caseId && a.insatsType === b.insatsType && a.month === b.month;

/**
 * The one transaction that ends the stay: ended (closed too when nothing is left), the months
 * dropped, the mails, the event — and, closed, the loads freed.
 */
async function commitEnding(
  deps: StayEndDeps,
  view: CaseView,
  ending: { end: StayEnd; dropped: ReportKey[]; revised?: ExpectedReport[]; closes: boolean; mails: OutboxMessage[]; event: Record<string, unknown> & { type: string }; charges?: PreparedWrite[] },
): Promise<void> {
  const { end, dropped, closes } = ending;
  await deps.transactor.commit([
    ...(ending.charges ?? []),
    ...(ending.revised && ending.revised.length > 0 ? [deps.reports.revise(ending.revised)] : []),
    deps.cases.endStay({ caseId: view.caseId, end, ...(closes ? { closedAt: end.reportedAt } : {}) }),
    ...(dropped.length > 0 ? [deps.reports.dropExpected(dropped.map(({ caseId, insatsType, month }) => ({ caseId, insatsType, month })))] : []),
    deps.outbox.enqueue(caseMails(view.order, ending.mails)),
    deps.cases.recordEvent(view.caseId, { id: deps.ids.next(), by: end.reportedBy, at: end.reportedAt, dropped: dropped.length, ...ending.event }),
    ...(closes ? closedWrites(deps, view, end.reportedAt) : []),
  ]);
}

/**
 * **Vistelsen har avslutats** (reported by a provider or the orderer, or the end date passed):
 * months after the end are dropped, the caseworker, the other providers and the orderer are told,
 * the system administrator gets the closing task (for a protected identity the caseworker: the
 * system administrator never sees such a case), and — when no report is left to approve — the
 * case closes at once. Fails (`CaseChangedError`) when someone ended it first.
 */
export async function endStay(deps: StayEndDeps, view: CaseView, end: StayEnd, reporter?: { providerId?: string; orderer?: boolean }): Promise<{ closed: boolean }> {
  return againIfReportsChanged(() => endStayOnce(deps, view, end, reporter));
}

/**
 * A report submitted between reading the case's reports and ending it (a month then no longer
 * "expected" to drop, or no longer "nothing reported"): read them again and decide again.
 */
async function againIfReportsChanged<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ReportChangedError) || n >= 5) throw error;
    }
  }
}

async function endStayOnce(deps: StayEndDeps, view: CaseView, end: StayEnd, reporter?: { providerId?: string; orderer?: boolean }): Promise<{ closed: boolean }> {
  const { config } = deps;
  const { caseId, reference } = view;
  const { reports } = await deps.reports.ofCase(caseId);
  const { revise: revised, drop: dropped } = reportsOnEnding(config, view, reports, end.endedOn, end.reportedAt);
  const remaining = reports.filter((r) => !dropped.some((d) => sameMonth(d, r)));
  const closes = nothingLeft(remaining);
  const links = portalLinks(deps.publicBaseUrl, reference);
  const common = { reference, municipalityName: config.municipality.name, link: links.case };
  const by =
    end.source === 'end_date'
      ? 'vistelsens sista dag enligt beställningen'
      : end.source === 'orderer'
        ? `beställaren, ${view.order.homeMunicipality.name}`
        : (config.providers.find((p) => p.id === reporter?.providerId)?.name ?? 'utföraren');
  const handler = caseHandler(config, view.routing);
  const message = (m: Omit<OutboxMessage, 'id' | 'caseId' | 'createdAt'>): OutboxMessage => ({ id: deps.ids.next(), caseId, createdAt: end.reportedAt, ...m });
  const mails: OutboxMessage[] = [
    message({ kind: 'stay_ended', recipient: handler.recipient, to: handler.email, mail: stayEndedMail({ ...common, endedOn: end.endedOn, reportedBy: by }) }),
    ...providersOf(view)
      .filter((id) => id !== reporter?.providerId)
      .map((id) => message({ kind: 'stay_ended', recipient: 'provider', to: config.providers.find((p) => p.id === id)!.email, mail: stayEndedMail({ ...common, link: links.assignment, endedOn: end.endedOn, reportedBy: by }) })),
    ...(reporter?.orderer ? [] : [message({ kind: 'stay_ended', recipient: 'orderer', to: view.order.orderer.email, mail: stayEndedMail({ ...common, link: links.orderer, endedOn: end.endedOn, reportedBy: by }) })]),
    closingTask(deps, view, message),
  ];
  await commitEnding(deps, view, { end, dropped, revised, closes, mails, event: { type: 'stay_ended', endedOn: end.endedOn, source: end.source } });
  return { closed: closes };
}

/** After an approval: an ended case whose every report is approved becomes **Avslutat** (once, whoever comes first). */
export async function closeIfDone(deps: ClosingDeps, caseId: string, at: string): Promise<boolean> {
  const view = await deps.cases.find(caseId);
  if (!view?.ended || view.status === 'closed') return false;
  const { reports } = await deps.reports.ofCase(caseId);
  if (!nothingLeft(reports)) return false;
  try {
    await deps.transactor.commit(closingWrites(deps, view, at));
    return true;
  } catch (error) {
    if (error instanceof CaseChangedError) return false;
    throw error;
  }
}

export interface CloseStaysResult {
  /** Stays whose last day passed, ended now. */
  ended: number;
  /** Of those, closed at once (nothing left to report). */
  closed: number;
  /** Ended or closed by someone else first. */
  skipped: number;
}

/**
 * `close-stays`, daily: every open case whose stay's last day is before today ends as of that day
 * (found by a query on the stay-end index, never a scan), as if reported. Run repeatedly or
 * concurrently, each stay ends once.
 */
export const closeStays =
  (deps: StayEndDeps) =>
  async (now: Date): Promise<CloseStaysResult> => {
    const result: CloseStaysResult = { ended: 0, closed: 0, skipped: 0 };
    const today = stockholmToday(now);
    for (const caseId of await deps.cases.dueForStayEnd(today, deps.batchSize ?? 500)) {
      const view = await deps.cases.find(caseId);
      if (!view || view.ended || view.status === 'closed') {
        result.skipped++;
        continue;
      }
      try {
        const { closed } = await endStay(deps, view, { endedOn: view.order.stay.to, reportedAt: now.toISOString(), reportedBy: 'system', source: 'end_date' });
        result.ended++;
        if (closed) result.closed++;
      } catch (error) {
        if (!(error instanceof CaseChangedError)) throw error;
        result.skipped++;
      }
    }
    return result;
  };

/** **Vistelsen har avslutats**, reported by the orderer on `/arende/<ref>` (their own case only: the session is for it). */
export const ordererReportsStayEnd =
  (deps: StayEndDeps & { clock: Clock }) =>
  async (who: OrdererPrincipal, body: unknown, csrfToken: string): Promise<OrdererCase> => {
    const view = await deps.cases.find(who.caseId);
    if (!view) throw new NotFoundError('Ärendet');
    if (view.status === 'closed' || view.ended) throw new ConflictError('Vistelsen är redan avslutad.');
    const input = parseInput(reportStayEndSchema, body);
    const now = deps.clock.now();
    checkEndDate(view, input.endedOn, stockholmToday(now));
    try {
      await endStay(deps, view, { endedOn: input.endedOn, reportedAt: now.toISOString(), reportedBy: who.email, source: 'orderer' }, { orderer: true });
    } catch (error) {
      if (error instanceof CaseChangedError) throw new ConflictError('Vistelsen är redan avslutad.');
      throw error;
    }
    return ordererCase(deps.config, (await deps.cases.find(who.caseId))!, csrfToken, now);
  };

/** A cancellation is late when it comes later than the profile's notice before the stay's start (never, without the rule). */
export function cancellationIsLate(config: MunicipalityConfig, stayFrom: string, today: string): boolean {
  const rule = config.rules.lateCancellation;
  return rule !== undefined && today > addDays(stayFrom, -rule.noticeDays);
}

/**
 * **Avbryt beställningen** with **Skäl**, by the orderer or the case's caseworker: the providers
 * and the caseworker (or the orderer) told, the stay ended today, the months not begun dropped —
 * every month, when nothing was reported yet, and the case is closed then and there (its retention
 * runs from that day), its loads and caps freed; else it closes with its last approved report.
 * A cancellation later than the profile's notice is marked late.
 */
export async function cancelCase(
  deps: StayEndDeps & { vault: Pick<PersonalDataVault, 'sealText'> },
  view: CaseView,
  who: { email: string; by: 'orderer' | 'caseworker' },
  reason: string,
  now: Date,
): Promise<{ closed: boolean; late: boolean }> {
  return againIfReportsChanged(() => cancelOnce(deps, view, who, reason, now));
}

async function cancelOnce(
  deps: StayEndDeps & { vault: Pick<PersonalDataVault, 'sealText'> },
  view: CaseView,
  who: { email: string; by: 'orderer' | 'caseworker' },
  reason: string,
  now: Date,
): Promise<{ closed: boolean; late: boolean }> {
  const { config } = deps;
  const { caseId, reference } = view;
  const at = now.toISOString();
  const today = stockholmToday(now);
  const late = cancellationIsLate(config, view.order.stay.from, today);
  const { reports } = await deps.reports.ofCase(caseId);
  const nothingReported = reports.every((r) => r.status === 'expected');
  // Nothing reported: every month goes. Else the months not begun go, and this month ends today.
  const ending = nothingReported
    ? { revise: [], drop: reports.map(({ caseId: c, insatsType, month }) => ({ caseId: c, insatsType, month })) }
    : reportsOnEnding(config, view, reports, today, at);
  const dropped = ending.drop;
  const closes = nothingLeft(reports.filter((r) => !dropped.some((d) => sameMonth(d, r))));
  const links = portalLinks(deps.publicBaseUrl, reference);
  const common = { reference, municipalityName: config.municipality.name, link: links.case };
  const cancelledBy = who.by === 'orderer' ? `beställaren, ${view.order.homeMunicipality.name}` : `handläggaren, ${config.municipality.name}`;
  const handler = caseHandler(config, view.routing);
  const message = (m: Omit<OutboxMessage, 'id' | 'caseId' | 'createdAt'>): OutboxMessage => ({ id: deps.ids.next(), caseId, createdAt: at, ...m });
  const mails: OutboxMessage[] = [
    who.by === 'orderer'
      ? message({ kind: 'order_cancelled', recipient: handler.recipient, to: handler.email, mail: orderCancelledMail({ ...common, cancelledBy, late }) })
      : message({ kind: 'order_cancelled', recipient: 'orderer', to: view.order.orderer.email, mail: orderCancelledMail({ ...common, link: links.orderer, cancelledBy, late }) }),
    ...providersOf(view).map((id) => message({ kind: 'order_cancelled', recipient: 'provider', to: config.providers.find((p) => p.id === id)!.email, mail: orderCancelledMail({ ...common, link: links.assignment, cancelledBy, late }) })),
    closingTask(deps, view, message),
  ];
  const end: StayEnd = {
    endedOn: today,
    reportedAt: at,
    reportedBy: who.email,
    source: who.by,
    cancellation: { by: who.by, sealedReason: await deps.vault.sealText(caseId, 'cancellation', reason), late },
  };
  // Late, with the profile's fee: the invoice basis of this month bills it (**Sen avbokning**). Without the rule nothing is charged.
  const fee = late ? config.rules.lateCancellation?.feeSek : undefined;
  const charges =
    fee !== undefined && fee > 0
      ? [
          deps.reports.recordCharge({
            caseId,
            id: 'late_cancellation',
            kind: 'late_cancellation',
            reference,
            month: today.slice(0, 7),
            quantity: 1,
            rate: { amountOre: sekToOre(fee), per: 'visit' },
            homeMunicipality: view.order.homeMunicipality,
            invoiceReference: view.order.billing.reference,
            billingAddress: view.order.billing.address,
            insatsType: view.order.decision.insatser[0].type,
            at,
          }),
        ]
      : [];
  await commitEnding(deps, view, { end, dropped, revised: ending.revise, closes, mails, event: { type: 'order_cancelled', late, ...(charges.length > 0 ? { feeSek: fee } : {}) }, charges });
  return { closed: closes, late };
}

/** **Avbryt beställningen**, by the orderer on `/arende/<ref>`. */
export const ordererCancels =
  (deps: StayEndDeps & { clock: Clock; vault: Pick<PersonalDataVault, 'sealText'> }) =>
  async (who: OrdererPrincipal, body: unknown, csrfToken: string): Promise<OrdererCase> => {
    const view = await deps.cases.find(who.caseId);
    if (!view) throw new NotFoundError('Ärendet');
    if (view.status === 'closed' || view.ended) throw new ConflictError('Beställningen är redan avslutad eller avbruten.');
    const input = parseInput(cancelOrderSchema, body);
    const now = deps.clock.now();
    try {
      await cancelCase(deps, view, { email: who.email, by: 'orderer' }, input.reason.trim(), now);
    } catch (error) {
      if (error instanceof CaseChangedError) throw new ConflictError('Beställningen är redan avslutad eller avbruten.');
      throw error;
    }
    return ordererCase(deps.config, (await deps.cases.find(who.caseId))!, csrfToken, now);
  };
