import type { OrderReceipt } from '../../../shared/api';
import { stockholmToday } from '../../../shared/dates';
import { orderReceiptMail } from '../../../shared/mail/order-receipt';
import type { MunicipalityConfig } from '../../../shared/municipality';
import { orderSchemaFor, toFieldIssues, type FieldIssue, type Order } from '../../../shared/order';
import { insatsWarnings, orderWarnings, ourAreaOf } from '../../../shared/order-warnings';
import { separatePersonalData } from '../../../shared/personal-data';
import type { CaseStore } from '../cases/ports';
import type { Clock, IdGenerator } from '../kernel/clock';
import { caseReferenceCounter, rotationCounter, type Counters } from '../kernel/counters';
import { idempotentRequests, type CompleteWith, type IdempotencyStore } from '../kernel/idempotency';
import type { PersonalDataVault, SealedPersonalData } from '../kernel/personal-data';
import type { Transactor } from '../kernel/transaction';
import type { OutboxMessage, OutboxStore } from '../outbox/ports';
import type { CaseworkerDecision, ProviderDecision } from '../../../shared/routing';
import { ProviderLoadConflict, type RoutingLoads, type RoutingStore } from '../routing/ports';
import { portalLinks, routeOrder } from '../routing/route-order';
import { OrderRejectedError } from './errors';
import { confirmationClock } from '../../../shared/municipality';
import { caseMails } from '../outbox/case-mails';

export interface SubmitOrderDeps {
  cases: CaseStore;
  routing: RoutingStore;
  counters: Counters;
  outbox: OutboxStore;
  idempotency: IdempotencyStore;
  transactor: Transactor;
  vault: PersonalDataVault;
  clock: Clock;
  ids: IdGenerator;
  config: MunicipalityConfig;
  publicBaseUrl: string;
}

/** How often routing is planned again when a capped provider's load raced with another case. */
const MAX_ROUTING_ATTEMPTS = 30;

export interface SubmitOrderInput {
  /** The parsed JSON body, not yet validated. */
  body: unknown;
  /** The `Idempotency-Key` header, when the client sent one. */
  idempotencyKey?: string;
}

export interface SubmitOrderResult {
  statusCode: 201;
  receipt: OrderReceipt;
  /** True when this answer is the stored first answer to a retried request. */
  replayed: boolean;
  /** How the new case was routed (absent on a replay): its caseworker's and each assignment's decision. */
  routing?: { caseworker: CaseworkerDecision['kind']; providers: ProviderDecision['kind'][] };
}

/** `TV-2026-00042`: prefix, year, number padded to five digits. */
export function formatCaseReference(prefix: string, year: number, number: number): string {
  return `${prefix}-${year}-${String(number).padStart(5, '0')}`;
}

/**
 * An order arrives through the e-service (routine steps 1–5): it is validated against the
 * shared schema, stored as a new case with a human-readable reference, routed to a caseworker
 * and providers, and the receipt and every notification routing causes are queued — all in one
 * transaction. A retry with the same `Idempotency-Key` gets the first answer and creates nothing;
 * a duplicate arriving while the first is still at work is told to retry (409, Retry-After).
 *
 * The person's personal data is sealed before it is stored (routing has read what it needs of it:
 * the age and the postal code). Its requests, on the critical path of every order: the key's
 * claim together with the loads routing weighs (and the sealing); then — only once the key is this request's, so that a duplicate burns nothing —
 * one draw of the case number and every rotation turn the loads decide; then the one transaction.
 * Without a key, and when no capped provider makes the turns depend on the loads, the draw goes
 * together with the loads.
 */
export const submitOrder = (deps: SubmitOrderDeps) => {
  const routing = routeOrder({ config: deps.config, ids: deps.ids, publicBaseUrl: deps.publicBaseUrl });
  const ourArea = ourAreaOf(deps.config);
  const validate = orderValidator(deps.config);
  const idempotent = idempotentRequests<OrderReceipt>({ store: deps.idempotency, ids: deps.ids, scope: 'order', what: 'beställning' });

  return async (input: SubmitOrderInput): Promise<SubmitOrderResult> => {
    const request = idempotent(input.idempotencyKey, input.body);
    const now = deps.clock.now();
    const today = stockholmToday(now);

    const parsed = validate(today, input.body);
    if (!parsed.success) {
      // A retry of an accepted order gets its answer even if the order would not pass today
      // (e.g. its first day has since passed); bad input is never stored.
      const earlier = await request.earlierAnswer();
      if (earlier) return { statusCode: 201, receipt: earlier.answer, replayed: true };
      throw new OrderRejectedError(parsed.issues);
    }
    const order = parsed.order;
    const year = Number(today.slice(0, 4));
    const toRead = routing.loadsToRead(order);
    // Nothing to wait for (no claim, and no capped provider whose load decides a turn): draw at once.
    const drawEarly = !request.keyed && toRead.providerIds.length === 0;
    const caseId = deps.ids.next();
    let routed: SubmitOrderResult['routing'];

    const outcome = await request.run({
      now,
      alongside: () =>
        Promise.all([
          deps.routing.loads(toRead),
          deps.vault.seal(caseId, separatePersonalData(order).personal),
          drawEarly ? draw(order, year, NO_LOADS) : undefined,
        ]),
      work: async ([loads, personalData, early], complete) => {
        const drawn = early ?? (await draw(order, year, loads));
        const created = await createCase({ caseId, order, personalData, now, today, loads, drawn }, complete);
        routed = created.routing;
        return { statusCode: 201, answer: created.receipt };
      },
    });
    return { statusCode: 201, receipt: outcome.answer, replayed: outcome.replayed, ...(routed && !outcome.replayed ? { routing: routed } : {}) };
  };

  /** The case number and the turns the loads decide, in one draw. */
  async function draw(order: Order, year: number, loads: RoutingLoads): Promise<Drawn> {
    const rotations = routing.turnsAhead(order, loads) ?? [];
    const [caseNumber, ...turns] = await deps.counters.draw([caseReferenceCounter(year), ...rotations.map(rotationCounter)]);
    return { caseNumber, turns: new Map(rotations.map((rotation, i) => [rotation, turns[i]])) };
  }

  async function createCase(
    input: { caseId: string; order: Order; personalData: SealedPersonalData; now: Date; today: string; loads: RoutingLoads; drawn: Drawn },
    complete: CompleteWith<OrderReceipt>,
  ): Promise<{ receipt: OrderReceipt; routing: NonNullable<SubmitOrderResult['routing']> }> {
    const { caseId, order, personalData, now, today, loads } = input;
    const { caseNumber, turns } = input.drawn;
    const year = Number(today.slice(0, 4));
    // Turns drawn ahead are handed out once; any other turn the plan needs is drawn now.
    const takeTurn = async (rotation: string) => {
      const turn = turns.get(rotation);
      turns.delete(rotation);
      return turn ?? (await deps.counters.draw([rotationCounter(rotation)]))[0];
    };

    const reference = formatCaseReference(deps.config.municipality.caseReferencePrefix, year, caseNumber);
    const receivedAt = now.toISOString();
    const receipt: OrderReceipt = {
      reference,
      status: 'received',
      receivedAt,
      stay: { from: order.stay.from, to: order.stay.to },
      warnings: [
        ...orderWarnings(order.stay, { today, leadTimeDays: deps.config.rules.leadTimeDays, maxStayMonths: deps.config.rules.orderChecks.maxStayMonths }, { postalCode: order.person.stayAddress.postalCode, area: ourArea }),
        ...insatsWarnings(order.decision.insatser, deps.config.rules.orderChecks.plausibleRates),
      ],
    };
    const receiptMessage: OutboxMessage = {
      id: deps.ids.next(),
      caseId,
      kind: 'order_receipt',
      recipient: 'orderer',
      to: order.orderer.email,
      createdAt: receivedAt,
      mail: orderReceiptMail({
        reference,
        stayFrom: order.stay.from,
        stayTo: order.stay.to,
        municipalityName: deps.config.municipality.name,
        link: portalLinks(deps.publicBaseUrl, reference).orderer,
      }),
    };

    for (let attempt = 1; ; attempt++) {
      // The first plan uses the loads read with the claim; a plan after a race reads them again.
      const current = attempt === 1 ? loads : await deps.routing.loads(routing.loadsToRead(order));
      const routed = await routing.plan({ caseId, reference, order, now, loads: current, takeTurn });
      try {
        await deps.transactor.commit([
          // First: a lost claim is the error that decides, whatever else failed with it.
          ...complete(201, receipt),
          deps.cases.create({
            caseId,
            reference,
            receivedAt,
            order: separatePersonalData(order).clear,
            personalData,
            routing: routed.plan,
            confirmBy: new Date(now.getTime() + confirmationClock(deps.config.rules, order.stay.acute).confirmHours * 3_600_000).toISOString(),
          }),
          deps.routing.record({ caseId, reference, plan: routed.plan, at: receivedAt }),
          deps.outbox.enqueue(caseMails(order, [receiptMessage, ...routed.outbox])),
        ]);
        return { receipt, routing: { caseworker: routed.plan.caseworker.kind, providers: routed.plan.assignments.map((a) => a.decision.kind) } };
      } catch (error) {
        // Another case filled a provider's cap or warned it first: route again with fresh loads.
        if (error instanceof ProviderLoadConflict && attempt < MAX_ROUTING_ATTEMPTS) {
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(5 * attempt, 50)));
          continue;
        }
        throw error;
      }
    }
  }
};

interface Drawn {
  caseNumber: number;
  turns: Map<string, number>;
}

const NO_LOADS: RoutingLoads = { caseworkers: {}, providers: {} };

/**
 * The order schema depends on the day (stay dates are checked against "today"): it is built once
 * per day, not per request — building and compiling it costs more than validating an order.
 */
function orderValidator(config: MunicipalityConfig) {
  let built: { today: string; schema: ReturnType<typeof orderSchemaFor> } | undefined;
  return (today: string, body: unknown): { success: true; order: Order } | { success: false; issues: FieldIssue[] } => {
    if (built?.today !== today) {
      built = { today, schema: orderSchemaFor(config, today) };
    }
    const parsed = built.schema.safeParse(body);
    return parsed.success ? { success: true, order: parsed.data } : { success: false, issues: toFieldIssues(parsed.error) };
  };
}
