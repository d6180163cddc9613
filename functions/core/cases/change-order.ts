import { formatStockholmDateTime, stockholmToday } from '../../../shared/dates';
import type { InsatsType } from '../../../shared/insatser';
import { newAssignmentMail, orderChangedMail } from '../../../shared/mail/notifications';
import type { OrdererCase } from '../../../shared/messages';
import { confirmationClock, type MunicipalityConfig } from '../../../shared/municipality';
import type { Insats } from '../../../shared/order';
import { changeOrderSchemaFor, orderChanges, resolveDescriptions, typesTouched } from '../../../shared/order-change';
import type { ClearOrder } from '../../../shared/personal-data';
import { monthlyHours, routeInsatsToProvider, type ProviderDecision } from '../../../shared/routing';
import type { OrdererPrincipal } from '../access/orderer-access';
import type { Clock, IdGenerator } from '../kernel/clock';
import { rotationCounter, type Counters } from '../kernel/counters';
import { ConflictError, DomainError, NotFoundError } from '../kernel/errors';
import { parseInput } from '../kernel/parse-input';
import type { PersonalDataVault } from '../kernel/personal-data';
import type { PreparedWrite, Transactor } from '../kernel/transaction';
import { caseMails } from '../outbox/case-mails';
import type { OutboxMessage, OutboxStore } from '../outbox/ports';
import { expectedReports, followReports } from '../reports/plan-reports';
import { ReportChangedError, type ExpectedReport, type ReportKey, type TimeReportStore } from '../reports/ports';
import { ProviderLoadConflict, type ProviderLoadChange, type RotationTurn, type RoutingStore } from '../routing/ports';
import { portalLinks } from '../routing/route-order';
import { caseHandler } from './case-handler';
import { ordererCase } from './orderer-case';
import { changeFromLocked, factsOfView, orderChangeable } from './portal-views';
import { caseAccess, mayPerform } from '../access/policy';
import type { Principal } from '../access/principals';
import { AssignmentChangedError, OrderChangedError, type AssignmentChange, type AuditLog, type CaseStore, type CaseView, type OrderVersion } from './ports';

export interface ChangeOrderDeps {
  cases: CaseStore;
  reports: Pick<TimeReportStore, 'ofCase' | 'plan' | 'revise' | 'dropExpected'>;
  routing: RoutingStore;
  counters: Counters;
  outbox: OutboxStore;
  transactor: Transactor;
  vault: Pick<PersonalDataVault, 'seal' | 'open'>;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  config: MunicipalityConfig;
  publicBaseUrl: string;
}

/** Who changes the order: its orderer (on `/arende/<ref>`), or our caseworker (or the unit head). */
export type OrderChanger = { kind: 'orderer'; email: string } | { kind: 'caseworker'; email: string; name: string; role: string };

/** A change's transaction raced another write to the case (a confirmation, a report, a provider's load): read again, decide again. */
const ATTEMPTS = 5;

const stale = () => new ConflictError('Beställningen har ändrats sedan du läste den. Läs den igen och gör ändringen på nytt.');

/**
 * **Ändra beställningen**: extend or shorten the stay, move its first day (until it has begun and
 * no start is confirmed), add, change or remove insatser — with the intake's validation of each
 * row. The result is the order's next version, kept with the lines of what changed (who, when;
 * earlier versions readable). An insats type added is routed like a new one (the chosen provider,
 * else the non-choice rotation; held for a protected identity); one removed ends its assignment
 * (its months not begun dropped); a confirmed assignment the change touches waits for its
 * provider's **Bekräfta ändringen**. The expected time reports follow: months the new stay adds
 * are planned, months it no longer covers are dropped, months still expected take the new terms —
 * a month already submitted is never dropped, changed or planned twice. The providers and the other
 * side are told (reference and link). One transaction, on the condition that the case and each
 * assignment are as read: a confirmation racing the change makes it read again.
 */
export async function changeOrder(deps: ChangeOrderDeps, caseId: string, changer: OrderChanger, body: unknown): Promise<{ version: number }> {
  for (let attempt = 1; ; attempt++) {
    const view = await deps.cases.find(caseId);
    if (!view) throw new NotFoundError('Ärendet');
    try {
      return await changeOnce(deps, view, changer, body);
    } catch (error) {
      if (error instanceof OrderChangedError) throw stale();
      const raced = error instanceof AssignmentChangedError || error instanceof ReportChangedError || error instanceof ProviderLoadConflict;
      if (!raced || attempt >= ATTEMPTS) throw error;
    }
  }
}

async function changeOnce(deps: ChangeOrderDeps, view: CaseView, changer: OrderChanger, body: unknown): Promise<{ version: number }> {
  const { config } = deps;
  const { caseId, reference } = view;
  if (!orderChangeable(view)) throw new ConflictError('Beställningen är avslutad eller avbruten och kan inte längre ändras.');
  const now = deps.clock.now();
  const at = now.toISOString();
  const today = stockholmToday(now);
  const input = parseInput(
    changeOrderSchemaFor({ today, current: { from: view.order.stay.from, to: view.order.stay.to }, fromLocked: changeFromLocked(view, now), currentRows: view.order.decision.insatser.length }),
    body,
  );
  if (input.version !== view.orderVersion) throw stale();

  // The current descriptions: to keep those the change keeps, and to see whether it changed any. The read is logged first.
  await deps.audit.record({
    id: deps.ids.next(),
    caseId,
    at,
    by: changer.email,
    name: changer.kind === 'orderer' ? `Beställaren, ${view.order.homeMunicipality.name}` : changer.name,
    role: changer.kind === 'orderer' ? 'orderer' : changer.role,
    what: ['decisionText'],
    view: 'change_order',
  });
  const { decisionText } = await deps.vault.open(caseId, { decisionText: view.personalData.decisionText });
  const before: Insats[] = view.order.decision.insatser.map((row, i) => ({ ...row, description: decisionText.insatsDescriptions[i] ?? '' }));
  const after = resolveDescriptions(input.decision.insatser, decisionText.insatsDescriptions);
  const lines = orderChanges({ stay: view.order.stay, insatser: before }, { stay: input.stay, insatser: after });
  if (lines.length === 0) throw new DomainError(400, 'no_change', 'Inget är ändrat jämfört med beställningen som den är nu.');

  const order: ClearOrder = {
    ...view.order,
    stay: { ...view.order.stay, from: input.stay.from, to: input.stay.to },
    decision: { decidedOn: view.order.decision.decidedOn, insatser: after.map(({ description: _d, ...row }) => row) },
  };
  const sealed = await deps.vault.seal(caseId, { decisionText: { goal: decisionText.goal, insatsDescriptions: after.map((i) => i.description) } });
  const next: OrderVersion = { version: view.orderVersion + 1, at, by: changer.email, byRole: changer.kind, changes: lines, order, sealedDecisionText: sealed.decisionText };
  const first: OrderVersion | undefined =
    view.versions.length === 0
      ? { version: 1, at: view.receivedAt, by: view.order.orderer.email, byRole: 'intake', changes: [], order: view.order, sealedDecisionText: view.personalData.decisionText }
      : undefined;

  // Each assignment: kept as it is, waiting for its provider to confirm the change, removed — and the types added, routed.
  const touched = typesTouched(lines);
  const linesFor = (type: InsatsType) => lines.filter((l) => l.insatsType === undefined || l.insatsType === type);
  const active = view.assignments.filter((a) => a.status !== 'removed');
  const typesAfter = new Set(order.decision.insatser.map((i) => i.type));
  const changes: AssignmentChange[] = [];
  for (const a of active) {
    if (!typesAfter.has(a.insatsType)) changes.push({ kind: 'remove', insatsType: a.insatsType, expected: a.status, at });
    else if (a.status === 'confirmed' && (touched.stay || touched.types.has(a.insatsType)))
      changes.push({ kind: 'pending', insatsType: a.insatsType, change: { version: next.version, at, lines: [...(a.pendingChange?.lines ?? []), ...linesFor(a.insatsType)] } });
    else changes.push({ kind: 'unchanged', insatsType: a.insatsType, expected: a.status });
  }
  const hoursOf = (insatser: ClearOrder['decision']['insatser'], type: InsatsType) => insatser.filter((i) => i.type === type).reduce((sum, i) => sum + monthlyHours(i.scope), 0);
  const added = [...typesAfter].filter((type) => !active.some((a) => a.insatsType === type));
  const capped = config.providers.filter((p) => p.capacity).map((p) => p.id);
  const loads = capped.length > 0 ? await deps.routing.loads({ caseworkerIds: [], providerIds: capped }) : { caseworkers: {}, providers: {} };
  const district = config.districts.find((d) => d.id === view.routing.districtId);
  const confirmBy = new Date(now.getTime() + confirmationClock(config.rules, view.order.stay.acute).confirmHours * 3_600_000).toISOString();
  const turns: RotationTurn[] = [];
  const routed = new Map<InsatsType, ProviderDecision>();
  for (const type of added) {
    const decision = await routeInsatsToProvider(config, {
      district,
      insats: { type, scope: { amount: hoursOf(order.decision.insatser, type), unit: 'hours_per_month' } },
      choice: view.order.provider,
      loads: structuredClone(loads.providers),
      takeTurn: async (rotation) => (await deps.counters.draw([rotationCounter(rotation)]))[0],
    });
    if (decision.kind === 'rotation') turns.push({ rotation: decision.rotation, turn: decision.turn, providerId: decision.providerId });
    routed.set(type, decision);
    const status = decision.kind === 'needs_provider' ? 'needs_provider' : view.protectedIdentity ? 'held' : 'sent';
    changes.push({ kind: 'add', insatsType: type, decision, status, at, confirmBy });
  }

  // Each provider's clients and hours, before and after: the difference moves their load (a rise checked against a cap).
  const loadOf = (assignments: { insatsType: InsatsType; decision: ProviderDecision }[], insatser: ClearOrder['decision']['insatser']) => {
    const byProvider = new Map<string, number>();
    for (const a of assignments) if ('providerId' in a.decision) byProvider.set(a.decision.providerId, (byProvider.get(a.decision.providerId) ?? 0) + hoursOf(insatser, a.insatsType));
    return byProvider;
  };
  const loadBefore = loadOf(active, view.order.decision.insatser);
  const loadAfter = loadOf(
    [...active.filter((a) => typesAfter.has(a.insatsType)), ...[...routed].map(([insatsType, decision]) => ({ insatsType, decision }))],
    order.decision.insatser,
  );
  const providerChanges: ProviderLoadChange[] = [];
  for (const providerId of new Set([...loadBefore.keys(), ...loadAfter.keys()])) {
    const clients = (loadAfter.has(providerId) ? 1 : 0) - (loadBefore.has(providerId) ? 1 : 0);
    const hoursPerMonth = (loadAfter.get(providerId) ?? 0) - (loadBefore.get(providerId) ?? 0);
    if (clients === 0 && Math.abs(hoursPerMonth) < 1e-9) continue;
    const provider = config.providers.find((p) => p.id === providerId);
    const rises = clients > 0 || hoursPerMonth > 0;
    const seen = loads.providers[providerId] ?? { clients: 0, hoursPerMonth: 0 };
    providerChanges.push({
      providerId,
      clients,
      hoursPerMonth,
      ...(rises && provider?.capacity ? { cap: provider.capacity, seen: { clients: seen.clients, hoursPerMonth: seen.hoursPerMonth } } : {}),
      warn: false,
    });
  }

  // The expected reports follow the new order.
  const { reports } = await deps.reports.ofCase(caseId);
  const plan: ExpectedReport[] = [];
  const revise: ExpectedReport[] = [];
  const drop: ReportKey[] = [];
  for (const a of active) {
    const existing = reports.filter((r) => r.insatsType === a.insatsType);
    if (!typesAfter.has(a.insatsType)) {
      // Removed: the months not begun go; a begun month is reported as usual.
      drop.push(...existing.filter((r) => r.status === 'expected' && r.period.from > today));
      continue;
    }
    if (a.status !== 'confirmed' || !a.confirmation || !('providerId' in a.decision)) continue;
    const wanted = expectedReports(config, { caseId, reference, order, insatsType: a.insatsType, providerId: a.decision.providerId, startDate: a.started?.startedOn ?? a.confirmation.startDate, at });
    // A month still expected takes the new terms from the current month on (a month gone by keeps the terms it was given).
    const follow = followReports(existing, wanted, today);
    plan.push(...follow.plan);
    revise.push(...follow.revise);
    drop.push(...follow.drop);
  }

  const mails = changeMails(deps, view, changer, { changes, at, confirmBy, touches: (type) => touched.stay || touched.types.has(type) });
  const writes: PreparedWrite[] = [
    deps.cases.changeOrder({ caseId, reference, fromVersion: view.orderVersion, ...(first ? { first } : {}), next, personalData: { ...view.personalData, decisionText: sealed.decisionText }, assignments: changes }),
    ...(providerChanges.length > 0 || turns.length > 0 ? [deps.routing.changeLoads({ caseId, reference, at, providers: providerChanges, turns })] : []),
    ...(plan.length > 0 ? [deps.reports.plan(plan)] : []),
    ...(revise.length > 0 ? [deps.reports.revise(revise)] : []),
    ...(drop.length > 0 ? [deps.reports.dropExpected(drop.map(({ caseId: c, insatsType, month }) => ({ caseId: c, insatsType, month })))] : []),
    deps.outbox.enqueue(caseMails(view.order, mails)),
    deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: 'order_changed', by: changer.email, at, version: next.version, added: added.length, planned: plan.length, dropped: drop.length }),
  ];
  await deps.transactor.commit(writes);
  return { version: next.version };
}

/** Who is told of a change: each provider it touches (one mail each), the providers of the types added (their new assignment), and the other side. */
function changeMails(deps: ChangeOrderDeps, view: CaseView, changer: OrderChanger, input: { changes: AssignmentChange[]; at: string; confirmBy: string; touches: (type: InsatsType) => boolean }): OutboxMessage[] {
  const { config } = deps;
  const links = portalLinks(deps.publicBaseUrl, view.reference);
  const common = { reference: view.reference, municipalityName: config.municipality.name };
  const changedBy = changer.kind === 'orderer' ? `beställaren, ${view.order.homeMunicipality.name}` : `handläggaren, ${config.municipality.name}`;
  const message = (m: Omit<OutboxMessage, 'id' | 'caseId' | 'createdAt'>): OutboxMessage => ({ id: deps.ids.next(), caseId: view.caseId, createdAt: input.at, ...m });
  const touchedProviders = new Map<string, { confirm: boolean; removed: boolean }>();
  for (const change of input.changes) {
    if (change.kind === 'add' || change.kind === 'unchanged') continue;
    const a = view.assignments.find((x) => x.insatsType === change.insatsType)!;
    // A held assignment's provider knows nothing of the case yet; it reads the current version when released.
    if (!('providerId' in a.decision) || (a.status !== 'sent' && a.status !== 'confirmed')) continue;
    const seen = touchedProviders.get(a.decision.providerId) ?? { confirm: false, removed: false };
    touchedProviders.set(a.decision.providerId, { confirm: seen.confirm || change.kind === 'pending', removed: seen.removed || change.kind === 'remove' });
  }
  // A sent, unconfirmed assignment the change touches: its provider will confirm the order as it now is — told of the change too.
  for (const change of input.changes) {
    if (change.kind !== 'unchanged' || change.expected !== 'sent' || !input.touches(change.insatsType)) continue;
    const a = view.assignments.find((x) => x.insatsType === change.insatsType)!;
    if ('providerId' in a.decision && !touchedProviders.has(a.decision.providerId)) touchedProviders.set(a.decision.providerId, { confirm: false, removed: false });
  }
  const mails: OutboxMessage[] = [...touchedProviders].map(([providerId, t]) =>
    message({ kind: 'order_changed', recipient: 'provider', to: config.providers.find((p) => p.id === providerId)!.email, mail: orderChangedMail({ ...common, link: links.assignment, changedBy, confirm: t.confirm, removed: t.removed }) }),
  );
  const clock = confirmationClock(config.rules, view.order.stay.acute);
  const newProviders = new Set(
    input.changes.flatMap((c) => (c.kind === 'add' && c.status !== 'needs_provider' && 'providerId' in c.decision && !touchedProviders.has(c.decision.providerId) ? [c.decision.providerId] : [])),
  );
  for (const providerId of newProviders) {
    mails.push(
      message({
        kind: 'new_assignment',
        recipient: 'provider',
        to: config.providers.find((p) => p.id === providerId)!.email,
        held: view.protectedIdentity,
        mail: newAssignmentMail({ ...common, link: links.assignment, confirmWithinHours: clock.confirmHours, confirmBy: formatStockholmDateTime(new Date(input.confirmBy)) }),
      }),
    );
  }
  if (changer.kind === 'orderer') {
    const handler = caseHandler(config, view.routing);
    mails.push(message({ kind: 'order_changed', recipient: handler.recipient, to: handler.email, mail: orderChangedMail({ ...common, link: links.case, changedBy, confirm: false }) }));
  } else {
    mails.push(message({ kind: 'order_changed', recipient: 'orderer', to: view.order.orderer.email, mail: orderChangedMail({ ...common, link: links.orderer, changedBy, confirm: false }) }));
  }
  return mails;
}

/** **Ändra beställningen**, by the orderer on `/arende/<ref>` (their own case only: the session is for it). */
export const ordererChangesOrder =
  (deps: ChangeOrderDeps) =>
  async (who: OrdererPrincipal, body: unknown, csrfToken: string): Promise<OrdererCase> => {
    await changeOrder(deps, who.caseId, { kind: 'orderer', email: who.email }, body);
    return ordererCase(deps.config, (await deps.cases.find(who.caseId))!, csrfToken, deps.clock.now());
  };

/**
 * **Ändra beställningen** in the staff portal: the case's caseworker or its unit head, by the access
 * policy (a case the person may not see answers as missing). Its own module, so that the portal's
 * other functions do not carry it.
 */
export const portalChanges = (deps: ChangeOrderDeps) => ({
  async change(who: Principal, reference: string, body: unknown): Promise<{ version: number }> {
    const caseId = await deps.cases.findIdByReference(reference);
    const view = caseId ? await deps.cases.find(caseId) : undefined;
    if (!caseId || !view || caseAccess(who, factsOfView(view)).view === 'none') throw new NotFoundError('Ärendet');
    if (!mayPerform(who, factsOfView(view), { kind: 'change_order' })) throw new DomainError(403, 'forbidden', 'Du har inte behörighet att göra det i det här ärendet.');
    return changeOrder(deps, caseId, { kind: 'caseworker', email: who.email, name: who.name, role: who.role }, body);
  },
});
