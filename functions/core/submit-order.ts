import { createHash } from 'node:crypto';
import type { OrderReceipt } from '../../shared/api';
import { stockholmToday } from '../../shared/dates';
import { orderReceiptMail } from '../../shared/mail/order-receipt';
import type { MunicipalityConfig } from '../../shared/municipality';
import { createOrderSchema, toFieldIssues, type FieldIssue, type Order } from '../../shared/order';
import { orderWarnings } from '../../shared/order-warnings';
import { IdempotencyKeyReusedError, InvalidIdempotencyKeyError, OrderRejectedError, RequestInProgressError } from './errors';
import {
  IdempotencyConflict,
  ProviderLoadConflict,
  type CaseRepository,
  type Clock,
  type IdGenerator,
  type IdempotencyClaim,
  type IdempotencyRecord,
  type OutboxMessage,
  type RoutingState,
} from './ports';
import { loadsRoutingWeighs, routeOrder } from './route-order';

export interface SubmitOrderDeps {
  cases: CaseRepository;
  routing: RoutingState;
  clock: Clock;
  ids: IdGenerator;
  config: MunicipalityConfig;
  publicBaseUrl: string;
}

/**
 * How long a request holds its `Idempotency-Key` while it works: well beyond the intake
 * function's 10 s timeout, so a live request is never taken over; a dead one's key frees after it.
 */
export const IDEMPOTENCY_CLAIM_MS = 30_000;

/** What a parallel duplicate is told: the first request normally finishes well within a second. */
const RETRY_IN_PROGRESS_AFTER_SECONDS = 1;

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
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

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
 */
export const submitOrder = (deps: SubmitOrderDeps) => {
  const route = routeOrder({ config: deps.config, state: deps.routing, ids: deps.ids, publicBaseUrl: deps.publicBaseUrl });
  const validate = orderValidator(deps.config);
  const everyone = loadsRoutingWeighs(deps.config);

  return async (input: SubmitOrderInput): Promise<SubmitOrderResult> => {
    const keyHash = input.idempotencyKey === undefined ? undefined : hashIdempotencyKey(input.idempotencyKey);
    const now = deps.clock.now();
    const today = stockholmToday(now);

    const parsed = validate(today, input.body);
    if (!parsed.success) {
      // A retry of an accepted order gets its answer even if the order would not pass today
      // (e.g. its first day has since passed); bad input is never stored.
      const earlier = keyHash ? await deps.cases.findIdempotencyRecord(keyHash) : undefined;
      if (earlier) return replay(earlier, input.body);
      throw new OrderRejectedError(parsed.issues);
    }
    const order = parsed.order;

    // Claim the key before drawing anything: a parallel duplicate must not burn a case number or rotation turns.
    const claim = keyHash
      ? { keyHash, requestHash: requestHash(input.body), token: deps.ids.next(), claimedUntil: new Date(now.getTime() + IDEMPOTENCY_CLAIM_MS).toISOString() }
      : undefined;
    if (claim) {
      const claimed = await deps.cases.claimIdempotencyKey(claim, now);
      if (claimed.kind === 'completed') return replay(claimed.record, input.body);
      if (claimed.kind === 'in_progress') {
        if (claimed.requestHash !== claim.requestHash) throw new IdempotencyKeyReusedError();
        throw new RequestInProgressError(RETRY_IN_PROGRESS_AFTER_SECONDS);
      }
    }

    try {
      return await createCase(order, now, today, claim);
    } catch (error) {
      // Lost the claim to a takeover: the other request's answer (or its progress) is the answer.
      if (error instanceof IdempotencyConflict && claim) {
        const winner = await deps.cases.findIdempotencyRecord(claim.keyHash);
        if (winner) return replay(winner, input.body);
        throw new RequestInProgressError(RETRY_IN_PROGRESS_AFTER_SECONDS);
      }
      // Free the key at once rather than make the client wait out the claim. Safe even when the
      // write did commit before the error (a lost answer): it completed the claim, which the
      // release then leaves alone.
      if (claim) await deps.cases.releaseIdempotencyClaim(claim.keyHash, claim.token).catch(() => undefined);
      throw error;
    }
  };

  async function createCase(order: Order, now: Date, today: string, claim: IdempotencyClaim | undefined): Promise<SubmitOrderResult> {
    const year = Number(today.slice(0, 4));
    // The case number and the loads routing weighs are independent reads: draw them together.
    const [caseNumber, loads] = await Promise.all([deps.cases.nextCaseNumber(year), deps.routing.loads(everyone)]);
    const reference = formatCaseReference(deps.config.municipality.caseReferencePrefix, year, caseNumber);
    const receivedAt = now.toISOString();
    const caseId = deps.ids.next();
    const receipt: OrderReceipt = {
      reference,
      status: 'received',
      receivedAt,
      stay: { from: order.stay.from, to: order.stay.to },
      warnings: orderWarnings(order.stay, { today, leadTimeDays: deps.config.rules.leadTimeDays }),
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
        link: `${deps.publicBaseUrl}/`,
      }),
    };
    const idempotency = claim
      ? { keyHash: claim.keyHash, token: claim.token, requestHash: claim.requestHash, statusCode: 201, response: receipt, createdAt: receivedAt }
      : undefined;

    for (let attempt = 1; ; attempt++) {
      // The first plan uses the loads read above; a plan after a race reads them again.
      const routed = await route({ caseId, reference, order, now, loads: attempt === 1 ? loads : undefined });
      try {
        await deps.cases.saveNewCase({
          newCase: { caseId, reference, receivedAt, order, routing: routed.plan },
          outbox: [receiptMessage, ...routed.outbox],
          idempotency,
        });
        return { statusCode: 201, receipt, replayed: false };
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

/** The order schema as the intake applies it on `today` for this municipality. */
export function orderSchemaOf(config: MunicipalityConfig, today: string) {
  return createOrderSchema({
    today,
    pastGraceDays: config.rules.pastGraceDays,
    stayMunicipalityCode: config.municipality.code,
    providerIds: config.providers.map((p) => p.id),
  });
}

/**
 * The order schema depends on the day (stay dates are checked against "today"): it is built once
 * per day, not per request — building and compiling it costs more than validating an order.
 */
function orderValidator(config: MunicipalityConfig) {
  let built: { today: string; schema: ReturnType<typeof orderSchemaOf> } | undefined;
  return (today: string, body: unknown): { success: true; order: Order } | { success: false; issues: FieldIssue[] } => {
    if (built?.today !== today) {
      built = { today, schema: orderSchemaOf(config, today) };
    }
    const parsed = built.schema.safeParse(body);
    return parsed.success ? { success: true, order: parsed.data } : { success: false, issues: toFieldIssues(parsed.error) };
  };
}

function replay(record: IdempotencyRecord, body: unknown): SubmitOrderResult {
  if (record.requestHash !== requestHash(body)) throw new IdempotencyKeyReusedError();
  return { statusCode: 201, receipt: record.response, replayed: true };
}

function hashIdempotencyKey(key: string): string {
  if (!IDEMPOTENCY_KEY.test(key)) throw new InvalidIdempotencyKeyError();
  return sha256(`order:${key}`);
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * What makes two requests "the same order": the body as JSON with object keys sorted, so that a
 * retry with reordered keys matches. A body nested deeper than any order is never equal to one.
 */
function requestHash(body: unknown): string {
  return sha256(canonicalJson(body, 0));
}

const MAX_DEPTH = 16;

function canonicalJson(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) return '"(too deep)"';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], depth + 1)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
