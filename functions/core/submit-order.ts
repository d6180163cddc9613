import { createHash } from 'node:crypto';
import type { OrderReceipt } from '../../shared/api';
import { stockholmToday } from '../../shared/dates';
import { orderReceiptMail } from '../../shared/mail/order-receipt';
import type { MunicipalityConfig } from '../../shared/municipality';
import { createOrderSchema, toFieldIssues, type Order } from '../../shared/order';
import { orderWarnings } from '../../shared/order-warnings';
import { IdempotencyKeyReusedError, InvalidIdempotencyKeyError, OrderRejectedError } from './errors';
import {
  IdempotencyConflict,
  ProviderLoadConflict,
  type CaseRepository,
  type Clock,
  type IdGenerator,
  type IdempotencyRecord,
  type OutboxMessage,
  type RoutingState,
} from './ports';
import { routeOrder } from './route-order';

export interface SubmitOrderDeps {
  cases: CaseRepository;
  routing: RoutingState;
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
 * transaction. A retry with the same `Idempotency-Key` gets the first answer and creates nothing.
 */
export const submitOrder = (deps: SubmitOrderDeps) => {
  const route = routeOrder({ config: deps.config, state: deps.routing, ids: deps.ids, publicBaseUrl: deps.publicBaseUrl });
  return async (input: SubmitOrderInput): Promise<SubmitOrderResult> => {
    const keyHash = input.idempotencyKey === undefined ? undefined : hashIdempotencyKey(input.idempotencyKey);
    if (keyHash) {
      const earlier = await deps.cases.findIdempotencyRecord(keyHash);
      if (earlier) return replay(earlier, input.body);
    }

    const now = deps.clock.now();
    const today = stockholmToday(now);
    const order = validateOrder(deps.config, today, input.body);

    const year = Number(today.slice(0, 4));
    const reference = formatCaseReference(
      deps.config.municipality.caseReferencePrefix,
      year,
      await deps.cases.nextCaseNumber(year),
    );
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
    const idempotency: IdempotencyRecord | undefined = keyHash
      ? { keyHash, requestHash: requestHash(input.body), statusCode: 201, response: receipt, createdAt: receivedAt }
      : undefined;

    for (let attempt = 1; ; attempt++) {
      const routed = await route({ caseId, reference, order, now });
      try {
        await deps.cases.saveNewCase({
          newCase: { caseId, reference, receivedAt, order, routing: routed.plan },
          outbox: [receiptMessage, ...routed.outbox],
          idempotency,
        });
        return { statusCode: 201, receipt, replayed: false };
      } catch (error) {
        // A parallel request with the same key won the race: answer as it did.
        if (error instanceof IdempotencyConflict && keyHash) {
          const winner = await deps.cases.findIdempotencyRecord(keyHash);
          if (winner) return replay(winner, input.body);
        }
        // Another case filled a provider's cap or warned it first: route again with fresh loads.
        if (error instanceof ProviderLoadConflict && attempt < MAX_ROUTING_ATTEMPTS) {
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(5 * attempt, 50)));
          continue;
        }
        throw error;
      }
    }
  };
};

function validateOrder(config: MunicipalityConfig, today: string, body: unknown): Order {
  const schema = createOrderSchema({
    today,
    pastGraceDays: config.rules.pastGraceDays,
    stayMunicipalityCode: config.municipality.code,
    providerIds: config.providers.map((p) => p.id),
  });
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new OrderRejectedError(toFieldIssues(parsed.error));
  return parsed.data;
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
