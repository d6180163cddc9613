import { toJSONSchema } from 'zod/mini';
import '../../shared/zod-sv';
import type { MunicipalityConfig } from '../../shared/municipality';
import { orderSchemaFor } from '../../shared/order';
import { ORDER_MAX_BYTES_DOC } from './limits';

type JsonSchema = Record<string, unknown>;

/**
 * The order as JSON Schema 2020-12 (the dialect of OpenAPI 3.1), from the schema `POST /api/orders`
 * parses with: what a client sends (`io: 'input'`), so fields with a default are optional.
 */
function orderJsonSchema(config: MunicipalityConfig): JsonSchema {
  // The day only moves the date rules, which the document describes in text.
  const orderSchema = orderSchemaFor(config, '2000-01-01');
  const { $schema: _dialect, ...schema } = toJSONSchema(orderSchema, {
    io: 'input',
    target: 'draft-2020-12',
    override: ({ jsonSchema }) => {
      // A literal as a one-value `enum`, as the document has described it from the start (code
      // generators handle `enum` more widely than 2020-12's `const`).
      const literal = jsonSchema.const;
      if (literal !== undefined) {
        jsonSchema.enum = [literal];
        delete jsonSchema.const;
      }
    },
  }) as JsonSchema;
  return schema;
}

const string = (extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...extra });
const object = (properties: Record<string, JsonSchema>, required: string[]): JsonSchema => ({ type: 'object', properties, required });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** `ApiErrorBody` (shared/api.ts): the contract's error shape. */
const errorSchema = object(
  {
    error: object(
      {
        code: string(),
        message: string(),
        issues: { type: 'array', items: object({ path: string({ example: 'person.personnummer' }), message: string() }, ['path', 'message']) },
      },
      ['code', 'message'],
    ),
  },
  ['error'],
);

/** `OrderReceipt` (shared/api.ts): the `201` body. */
const receiptSchema = (config: MunicipalityConfig) =>
  object(
    {
      reference: string({ example: `${config.municipality.caseReferencePrefix}-2026-00042` }),
      status: string({ enum: ['received'] }),
      receivedAt: string({ format: 'date-time' }),
      stay: object({ from: string(), to: string() }, ['from', 'to']),
      warnings: {
        type: 'array',
        items: object({ code: string({ enum: ['short_lead_time', 'long_stay'] }), path: string(), message: string() }, ['code', 'path', 'message']),
      },
    },
    ['reference', 'status', 'receivedAt', 'stay', 'warnings'],
  );

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });

const IDEMPOTENCY_KEY =
  'Recommended. 8–128 characters [A-Za-z0-9_.:-]. A retry with the same key and body returns the first answer and creates nothing; while the first request with the key is still at work the retry gets 409 with Retry-After; the same key with another body gives 422.';

/**
 * The API described for integrators (OpenAPI 3.1). The order's schema is generated from the same
 * zod schema the handler parses with, by zod's own `toJSONSchema`; the envelope around it is
 * written out here. Rules that zod expresses as refinements (dates, check digits) are described
 * in text.
 */
export function openApiDocument(config: MunicipalityConfig, serverUrl: string) {
  const order = {
    ...orderJsonSchema(config),
    description: [
      'A request to carry out a decision during a temporary stay (begäran om verkställighet vid tillfällig vistelse).',
      'Rules beyond the schema: `person.personnummer` accepts YYYYMMDD-NNNN, YYYYMMDDNNNN and YYMMDD-NNNN (`+` from 100 years) and must have a real date and a valid check digit; samordningsnummer (day + 60) are accepted.',
      `\`stay.from\` may lie at most ${config.rules.pastGraceDays} days in the past and at most 24 months ahead; \`stay.to\` is on or after \`stay.from\` and within 24 months of it. A stay longer than six months, or starting within ${config.rules.leadTimeDays} days, is accepted with a warning.`,
      '`decision.decidedOn` is not in the future. Amounts have at most two decimals; a scope amount is bounded per unit (e.g. 744 hours per month). Unknown fields are rejected. `attachments` must be empty (documents are sent by secure message).',
      `\`provider.providerId\` is one of: ${config.providers.map((p) => p.id).join(', ')}.`,
      `Bodies larger than ${ORDER_MAX_BYTES_DOC} are rejected with 413.`,
    ].join('\n\n'),
  };

  return {
    openapi: '3.1.0',
    info: {
      title: `Vistelse – ${config.municipality.name}`,
      version: '1.0.0',
      description: 'Orders for help during a temporary stay (tillfällig vistelse), from the home municipality to the stay municipality.',
    },
    servers: [{ url: serverUrl }],
    components: {
      schemas: { Order: order, Error: errorSchema, OrderReceipt: receiptSchema(config) },
    },
    paths: {
      '/api/health': {
        get: { summary: 'Liveness', responses: { 200: { description: 'The API answers.' } } },
      },
      '/api/intake/options': {
        get: {
          summary: 'What the e-service offers: providers, districts, insats types, scope units, rate periods',
          responses: { 200: { description: 'Options for building an order.' } },
        },
      },
      '/api/orders': {
        post: {
          summary: 'Submit an order for a temporary stay',
          parameters: [
            {
              schema: string({ description: IDEMPOTENCY_KEY }),
              required: false,
              description: IDEMPOTENCY_KEY,
              name: 'Idempotency-Key',
              in: 'header',
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: ref('Order') } } },
          responses: {
            201: {
              description: 'Accepted; the case reference identifies it from now on.',
              content: { 'application/json': { schema: ref('OrderReceipt') } },
            },
            400: errorResponse('Invalid order: every offending field is named by its dotted path. Nothing was stored.'),
            413: errorResponse('Body too large.'),
            415: errorResponse('Body is not JSON.'),
            409: {
              ...errorResponse('A request with the same Idempotency-Key is still at work (code request_in_progress). Send the same request again after Retry-After seconds to get its answer.'),
              headers: { 'Retry-After': { description: 'Seconds to wait before sending the same request again.', schema: { type: 'integer', minimum: 1 } } },
            },
            422: errorResponse('Idempotency-Key reused with a different body.'),
            429: {
              ...errorResponse('Too many requests from this address (code rate_limited); retry later.'),
              headers: { 'Retry-After': { description: 'Seconds until the address may send again.', schema: { type: 'integer', minimum: 1 } } },
            },
          },
        },
      },
    },
  };
}
