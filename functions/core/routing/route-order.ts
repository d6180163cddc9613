import { formatStockholmDateTime } from '../../../shared/dates';
import type { InsatsType } from '../../../shared/insatser';
import {
  acuteCaseToUnitHeadMail,
  capacityWarningMail,
  handledByMail,
  invoiceBasisMail,
  newAssignmentMail,
  newCaseMail,
  registerCaseMail,
} from '../../../shared/mail/notifications';
import { confirmationClock, districtForPostalCode, providerServesDistrict, providerServesInsats, type MunicipalityConfig } from '../../../shared/municipality';
import type { Order } from '../../../shared/order';
import {
  caseworkerCandidates,
  monthlyHours,
  providerChoice,
  routeCaseworker,
  routeInsatsToProvider,
  type ProviderDecision,
  type RoutableOrder,
} from '../../../shared/routing';
import type { IdGenerator } from '../kernel/clock';
import type { OutboxMessage } from '../outbox/ports';
import type { Assignment, LoadKeys, ProviderLoadChange, RoutingLoads, RoutingPlan } from './ports';

export interface RouteOrderDeps {
  config: MunicipalityConfig;
  ids: IdGenerator;
  publicBaseUrl: string;
}

export interface RoutedOrder {
  plan: RoutingPlan;
  /** Everyone who must know, to be written in the same transaction as the case. */
  outbox: OutboxMessage[];
}

/** Links into the staff portal, where the content is read after login. */
export const portalLinks = (base: string, reference: string) => ({
  case: `${base}/portal/arenden/${encodeURIComponent(reference)}`,
  assignment: `${base}/portal/uppdrag/${encodeURIComponent(reference)}`,
  /** The orderer's page of the case, opened with a one-time code sent to the order's address. */
  orderer: `${base}/arende/${encodeURIComponent(reference)}`,
});

/**
 * Routes an order the moment it arrives (routine steps 3–5): to a caseworker by target group and
 * district, each insats to a provider (the chosen one if it can take it, else the non-choice
 * rotation), and queues a notification to everyone who must know. With protected personal data
 * the provider assignments are held until the caseworker has told the provider's unit head
 * orally.
 *
 * Routing reads the loads it weighs and draws rotation turns; the intake does those reads
 * together with its other requests, so routing is offered in three parts: what to read
 * (`loadsToRead`), which turns the loads already decide (`turnsAhead`), and the plan itself.
 */
export const routeOrder = (deps: RouteOrderDeps) => {
  const { config } = deps;

  /** The loads this order's routing weighs: caseworkers who compete for it, and capped providers who could take it. */
  function loadsToRead(order: Order): LoadKeys {
    const routable = routableOf(order);
    const district = districtForPostalCode(config, routable.postalCode);
    const types = new Set(order.decision.insatser.map((i) => i.type));
    const providerIds = district
      ? config.providers
          .filter((p) => p.capacity && p.acceptsNewClients && providerServesDistrict(p, district.id) && [...types].some((t) => providerServesInsats(p, t)))
          .map((p) => p.id)
      : [];
    return { caseworkerIds: caseworkerCandidates(config, routable), providerIds };
  }

  /**
   * The rotations this order will take a turn in, decided by the loads alone — so that the turns
   * can be drawn together, ahead of the plan. `undefined` when one insats's provider could depend
   * on another's turn (a capped provider eligible for two of the order's insatser): then the turns
   * are drawn one after the other, as the plan needs them.
   */
  function turnsAhead(order: Order, loads: RoutingLoads): string[] | undefined {
    const district = districtForPostalCode(config, order.person.stayAddress.postalCode);
    const rotations: string[] = [];
    const cappedCandidates = new Set<string>();
    for (const insats of insatsTypesOf(order)) {
      const choice = providerChoice(config, { district, insats: hoursOf(insats), choice: order.provider, loads: loads.providers });
      const candidates =
        choice.kind === 'rotation' ? choice.eligible.map((p) => p.id) : 'providerId' in choice.decision ? [choice.decision.providerId] : [];
      for (const id of candidates) {
        if (!config.providers.find((p) => p.id === id)?.capacity) continue;
        if (cappedCandidates.has(id)) return undefined;
        cappedCandidates.add(id);
      }
      if (choice.kind === 'rotation') rotations.push(choice.rotation);
    }
    return rotations;
  }

  /** The routing plan and its notifications; `takeTurn` hands out the rotation turns (drawn ahead, or now). */
  async function plan(input: {
    caseId: string;
    reference: string;
    order: Order;
    now: Date;
    loads: RoutingLoads;
    takeTurn: (rotation: string) => Promise<number>;
  }): Promise<RoutedOrder> {
    const { order, reference, caseId, now } = input;
    const protectedIdentity = order.person.protectedIdentity;
    const routable = routableOf(order);

    const caseworker = routeCaseworker(config, routable, input.loads.caseworkers);

    const loads = structuredClone(input.loads.providers);
    const district = districtForPostalCode(config, routable.postalCode);
    const assignments: Assignment[] = [];
    const turns: RoutingPlan['turns'] = [];
    const changes = new Map<string, ProviderLoadChange>();
    for (const insats of insatsTypesOf(order)) {
      const decision: ProviderDecision = await routeInsatsToProvider(config, {
        district,
        insats: hoursOf(insats),
        choice: order.provider,
        loads,
        takeTurn: input.takeTurn,
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

    const routing: RoutingPlan = { caseworker, assignments, providerLoads: [...changes.values()], turns };
    return { plan: routing, outbox: notifications(deps, { caseId, reference, order, now, plan: routing, warnings }) };
  }

  return { loadsToRead, turnsAhead, plan };
};

/** What routing needs to know about an order (no names, nothing else personal). */
function routableOf(order: Order): RoutableOrder {
  return {
    personnummer: order.person.personnummer,
    postalCode: order.person.stayAddress.postalCode,
    stayFrom: order.stay.from,
    insatser: order.decision.insatser,
    provider: order.provider,
  };
}

/** One assignment per insats type; several rows of one type add up (in hours per month). */
function insatsTypesOf(order: Order): { type: InsatsType; hours: number }[] {
  const byType = new Map<InsatsType, { type: InsatsType; hours: number }>();
  for (const insats of order.decision.insatser) {
    const seen = byType.get(insats.type);
    const hours = monthlyHours(insats.scope);
    if (seen) seen.hours += hours;
    else byType.set(insats.type, { type: insats.type, hours });
  }
  return [...byType.values()];
}

const hoursOf = (insats: { type: InsatsType; hours: number }) => ({ type: insats.type, scope: { amount: insats.hours, unit: 'hours_per_month' } });

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
  const acute = order.stay.acute;
  const clock = confirmationClock(config.rules, acute);

  const out: OutboxMessage[] = [
    message({
      kind: 'new_case',
      recipient: plan.caseworker.kind === 'caseworker' ? 'caseworker' : 'unit_head',
      to: handler.email,
      mail: newCaseMail({
        ...common,
        queue: plan.caseworker.kind === 'fallback',
        protectedIdentity,
        heldAssignments: new Set(held.map((a) => providerOf(a))).size,
        needsProvider,
        ...(acute ? { acuteConfirmHours: clock.confirmHours } : {}),
      }),
    }),
  ];
  // An acute order: the unit head is told at once too (of a queued case they are the one told already).
  if (acute && plan.caseworker.kind === 'caseworker') {
    out.push(
      message({ kind: 'acute_case', recipient: 'unit_head', to: unit.head.email, mail: acuteCaseToUnitHeadMail({ ...common, handler: handler.name, acuteConfirmHours: clock.confirmHours }) }),
    );
  }

  const confirmBy = formatStockholmDateTime(new Date(now.getTime() + clock.confirmHours * 3_600_000));
  const providerIds = [...new Set(plan.assignments.filter((a) => a.status !== 'needs_provider').map(providerOf))];
  for (const providerId of providerIds) {
    const provider = config.providers.find((p) => p.id === providerId)!;
    out.push(
      message({
        kind: 'new_assignment',
        recipient: 'provider',
        to: provider.email,
        held: protectedIdentity,
        mail: newAssignmentMail({ ...common, link: links.assignment, confirmWithinHours: clock.confirmHours, confirmBy }),
      }),
    );
  }

  out.push(
    message({ kind: 'invoice_basis', recipient: 'economy', to: config.mailboxes.economy, mail: invoiceBasisMail(common) }),
    // A protected identity is seen only by its caseworker and unit head: the registration task is theirs.
    protectedIdentity
      ? message({
          kind: 'register_case',
          recipient: plan.caseworker.kind === 'caseworker' ? 'caseworker' : 'unit_head',
          to: handler.email,
          mail: registerCaseMail({ ...common, caseSystem: config.municipality.caseSystem, protectedIdentity: true }),
        })
      : message({
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
        link: links.orderer,
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
