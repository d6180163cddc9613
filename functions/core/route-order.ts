import { formatStockholmDateTime } from '../../shared/dates';
import type { InsatsType } from '../../shared/insatser';
import {
  capacityWarningMail,
  handledByMail,
  invoiceBasisMail,
  newAssignmentMail,
  newCaseMail,
  registerCaseMail,
} from '../../shared/mail/notifications';
import { districtForPostalCode, type MunicipalityConfig } from '../../shared/municipality';
import type { Order } from '../../shared/order';
import { monthlyHours, routeCaseworker, routeInsatsToProvider, type ProviderDecision } from '../../shared/routing';
import type { Assignment, IdGenerator, OutboxMessage, ProviderLoadChange, RoutingLoads, RoutingPlan, RoutingState } from './ports';

export interface RouteOrderDeps {
  config: MunicipalityConfig;
  state: RoutingState;
  ids: IdGenerator;
  publicBaseUrl: string;
}

export interface RoutedOrder {
  plan: RoutingPlan;
  /** Everyone who must know, to be written in the same transaction as the case. */
  outbox: OutboxMessage[];
}

/** Whose loads routing weighs: every caseworker and provider of the configuration. */
export const loadsRoutingWeighs = (config: MunicipalityConfig) => ({
  caseworkerIds: config.caseworkers.map((c) => c.id),
  providerIds: config.providers.map((p) => p.id),
});

/** Links into the staff portal, where the content is read after login. */
export const portalLinks = (base: string, reference: string) => ({
  case: `${base}/portal/arenden/${encodeURIComponent(reference)}`,
  assignment: `${base}/portal/uppdrag/${encodeURIComponent(reference)}`,
});

/**
 * Routes a stored order the moment it arrives (routine steps 3–5): to a caseworker by target
 * group and district, each insats to a provider (the chosen one if it can take it, else the
 * non-choice rotation), and queues a notification to everyone who must know. With protected
 * personal data the provider assignments are held until the caseworker has told the provider's
 * unit head orally. `loads` are the loads already read for this order; without them they are read.
 */
export const routeOrder = (deps: RouteOrderDeps) => {
  const weighed = loadsRoutingWeighs(deps.config);
  return async (input: { caseId: string; reference: string; order: Order; now: Date; loads?: RoutingLoads }): Promise<RoutedOrder> => {
    const { config, state } = deps;
    const { order, reference, caseId, now } = input;
    const read = input.loads ?? (await state.loads(weighed));
    const protectedIdentity = order.person.protectedIdentity;
    const routable = {
      personnummer: order.person.personnummer,
      postalCode: order.person.stayAddress.postalCode,
      stayFrom: order.stay.from,
      insatser: order.decision.insatser,
      provider: order.provider,
    };

    const caseworker = routeCaseworker(config, routable, read.caseworkers);

    // One assignment per insats type; several rows of one type add up.
    const byType = new Map<InsatsType, { type: InsatsType; hours: number }>();
    for (const insats of order.decision.insatser) {
      const seen = byType.get(insats.type);
      const hours = monthlyHours(insats.scope);
      if (seen) seen.hours += hours;
      else byType.set(insats.type, { type: insats.type, hours });
    }

    const loads = structuredClone(read.providers);
    const district = districtForPostalCode(config, routable.postalCode);
    const assignments: Assignment[] = [];
    const turns: RoutingPlan['turns'] = [];
    const changes = new Map<string, ProviderLoadChange>();
    for (const insats of byType.values()) {
      const decision: ProviderDecision = await routeInsatsToProvider(config, {
        district,
        insats: { type: insats.type, scope: { amount: insats.hours, unit: 'hours_per_month' } },
        choice: order.provider,
        loads,
        takeTurn: (rotation) => state.takeRotationTurn(rotation),
      });
      if (decision.kind === 'needs_provider') {
        assignments.push({ insatsType: insats.type, decision, status: 'needs_provider' });
        continue;
      }
      assignments.push({ insatsType: insats.type, decision, status: protectedIdentity ? 'held' : 'sent' });
      if (decision.kind === 'rotation') turns.push({ rotation: decision.rotation, turn: decision.turn, providerId: decision.providerId });

      const provider = config.providers.find((p) => p.id === decision.providerId)!;
      const current = loads[provider.id] ?? { clients: 0, hoursPerMonth: 0, warned: false };
      const change = changes.get(provider.id) ?? {
        providerId: provider.id,
        clients: 1,
        hoursPerMonth: 0,
        cap: provider.capacity ?? undefined,
        seen: provider.capacity ? { clients: current.clients, hoursPerMonth: current.hoursPerMonth } : undefined,
        warn: false,
      };
      if (!changes.has(provider.id)) current.clients += 1;
      current.hoursPerMonth += insats.hours;
      loads[provider.id] = current;
      change.hoursPerMonth += insats.hours;
      changes.set(provider.id, change);
    }

    // A provider whose load now reaches the warning share of its cap is warned, once.
    const warnings: { providerId: string; used: string; cap: string; percent: number }[] = [];
    for (const change of changes.values()) {
      if (!change.cap || loads[change.providerId].warned) continue;
      const [used, cap, unit] =
        'clients' in change.cap
          ? [loads[change.providerId].clients, change.cap.clients, 'kunder']
          : [loads[change.providerId].hoursPerMonth, change.cap.hoursPerMonth, 'timmar per månad'];
      if (used >= cap * config.rules.capacityWarningShare) {
        change.warn = true;
        warnings.push({ providerId: change.providerId, used: `${used} ${unit}`, cap: `${cap} ${unit}`, percent: Math.round((used / cap) * 100) });
      }
    }

    const plan: RoutingPlan = { caseworker, assignments, providerLoads: [...changes.values()], turns };
    return { plan, outbox: notifications(deps, { caseId, reference, order, now, plan, warnings }) };
  };
};

function notifications(
  deps: RouteOrderDeps,
  input: {
    caseId: string;
    reference: string;
    order: Order;
    now: Date;
    plan: RoutingPlan;
    warnings: { providerId: string; used: string; cap: string; percent: number }[];
  },
): OutboxMessage[] {
  const { config, ids } = deps;
  const { caseId, reference, order, now, plan } = input;
  const links = portalLinks(deps.publicBaseUrl, reference);
  const common = { reference, municipalityName: config.municipality.name, link: links.case };
  const createdAt = now.toISOString();
  const message = (m: Omit<OutboxMessage, 'id' | 'caseId' | 'createdAt'>): OutboxMessage => ({ id: ids.next(), caseId, createdAt, ...m });

  const handler =
    plan.caseworker.kind === 'caseworker'
      ? config.caseworkers.find((c) => c.id === (plan.caseworker as { caseworkerId: string }).caseworkerId)!
      : config.units.find((u) => u.id === plan.caseworker.unitId)!.head;
  const unit = config.units.find((u) => u.id === plan.caseworker.unitId)!;
  const protectedIdentity = order.person.protectedIdentity;
  const held = plan.assignments.filter((a) => a.status === 'held');
  const needsProvider = plan.assignments.filter((a) => a.status === 'needs_provider').map((a) => a.decision.reason);

  const out: OutboxMessage[] = [
    message({
      kind: 'new_case',
      recipient: plan.caseworker.kind === 'caseworker' ? 'caseworker' : 'unit_head',
      to: handler.email,
      mail: newCaseMail({ ...common, queue: plan.caseworker.kind === 'fallback', protectedIdentity, heldAssignments: new Set(held.map((a) => providerOf(a))).size, needsProvider }),
    }),
  ];

  const confirmBy = formatStockholmDateTime(new Date(now.getTime() + config.rules.providerConfirmHours * 3_600_000));
  const providerIds = [...new Set(plan.assignments.filter((a) => a.status !== 'needs_provider').map(providerOf))];
  for (const providerId of providerIds) {
    const provider = config.providers.find((p) => p.id === providerId)!;
    out.push(
      message({
        kind: 'new_assignment',
        recipient: 'provider',
        to: provider.email,
        held: protectedIdentity,
        mail: newAssignmentMail({ ...common, link: links.assignment, confirmWithinHours: config.rules.providerConfirmHours, confirmBy }),
      }),
    );
  }

  out.push(
    message({ kind: 'invoice_basis', recipient: 'economy', to: config.mailboxes.economy, mail: invoiceBasisMail(common) }),
    message({
      kind: 'register_case',
      recipient: 'system_admin',
      to: config.mailboxes.systemAdmin,
      mail: registerCaseMail({ ...common, caseSystem: config.municipality.caseSystem }),
    }),
    message({
      kind: 'handled_by',
      recipient: 'orderer',
      to: order.orderer.email,
      mail: handledByMail({
        ...common,
        handler: plan.caseworker.kind === 'caseworker' ? `${handler.name}, ${unit.name}` : `${unit.name} (fördelar ärendet)`,
        handlerEmail: handler.email,
      }),
    }),
  );

  for (const warning of input.warnings) {
    const provider = config.providers.find((p) => p.id === warning.providerId)!;
    const mail = capacityWarningMail({ ...common, providerName: provider.name, used: warning.used, cap: warning.cap, percent: warning.percent });
    out.push(
      message({ kind: 'capacity_warning', recipient: 'provider', to: provider.email, mail: { ...mail } }),
      message({ kind: 'capacity_warning', recipient: plan.caseworker.kind === 'caseworker' ? 'caseworker' : 'unit_head', to: handler.email, mail }),
    );
  }
  return out;
}

function providerOf(assignment: Assignment): string {
  return (assignment.decision as { providerId: string }).providerId;
}
