import { toJSONSchema } from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import '../../shared/zod-sv';
import { apiErrorBodySchema, healthSchema, intakeOptionsSchema, orderReceiptSchema } from '../../shared/api';
import type { MunicipalityConfig } from '../../shared/municipality';
import { orderSchemaFor } from '../../shared/order';
import { COMMON_RESPONSES, INTAKE_ROUTES, type ResponseDefinition, type RouteDefinition } from '../routes';
import { ORDER_MAX_BYTES_DOC } from './limits';

type JsonSchema = Record<string, unknown>;

/**
 * A zod schema as JSON Schema 2020-12 (the dialect of OpenAPI 3.1). `io` says which side: what a
 * client sends (`input`: fields with a default are optional) or what the API answers (`output`).
 */
function jsonSchema(schema: $ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = toJSONSchema(schema, {
    io,
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
  return rest;
}

/** The answers' schemas by the name the document gives them; any other body is described in place. */
const COMPONENTS: [string, $ZodType][] = [
  ['Error', apiErrorBodySchema],
  ['OrderReceipt', orderReceiptSchema],
  ['IntakeOptions', intakeOptionsSchema],
  ['Health', healthSchema],
];

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const IDEMPOTENCY_KEY =
  'Recommended. 8–128 characters [A-Za-z0-9_.:-]. A retry with the same key and body returns the first answer and creates nothing; while the first request with the key is still at work the retry gets 409 with Retry-After; the same key with another body gives 422.';

/**
 * The API described for integrators (OpenAPI 3.1), generated from the route table
 * (`functions/routes.ts`: each route's summary and answers) and the zod schemas of `shared/api.ts`
 * and `shared/order.ts` — the same schemas the handlers answer with and parse with. Rules that zod
 * expresses as refinements (dates, check digits) are described in text.
 */
export function openApiDocument(config: MunicipalityConfig, serverUrl: string, routes: readonly RouteDefinition[] = INTAKE_ROUTES) {
  // The day only moves the date rules, which the description gives in text.
  const order = {
    ...jsonSchema(orderSchemaFor(config, '2000-01-01'), 'input'),
    description: [
      'A request to carry out a decision during a temporary stay (begäran om verkställighet vid tillfällig vistelse).',
      'Rules beyond the schema: `person.personnummer` accepts YYYYMMDD-NNNN, YYYYMMDDNNNN and YYMMDD-NNNN (`+` from 100 years) and must have a real date and a valid check digit; samordningsnummer (day + 60) are accepted.',
      `\`stay.from\` may lie at most ${config.rules.pastGraceDays} days in the past and at most 24 months ahead; \`stay.to\` is on or after \`stay.from\` and within 24 months of it. A stay longer than six months, or starting within ${config.rules.leadTimeDays} days, is accepted with a warning.`,
      '`decision.decidedOn` is not in the future. Amounts have at most two decimals; a scope amount is bounded per unit (e.g. 744 hours per month). Unknown fields are rejected. `attachments` must be empty (documents are sent by secure message).',
      `\`provider.providerId\` is one of: ${config.providers.map((p) => p.id).join(', ')}.`,
      `Bodies larger than ${ORDER_MAX_BYTES_DOC} are rejected with 413.`,
    ].join('\n\n'),
  };

  const schemas: Record<string, JsonSchema> = { Order: order };
  for (const [name, schema] of COMPONENTS) schemas[name] = jsonSchema(schema, 'output');
  (schemas.OrderReceipt.properties as Record<string, JsonSchema>).reference.example = `${config.municipality.caseReferencePrefix}-2026-00042`;

  const answer = ({ description, body, headers }: ResponseDefinition) => {
    const name = COMPONENTS.find(([, schema]) => schema === body)?.[0];
    return {
      description,
      ...(body ? { content: { 'application/json': { schema: name ? ref(name) : jsonSchema(body, 'output') } } } : {}),
      ...(headers ? { headers } : {}),
    };
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const answers = { ...route.responses, ...(route.public ? { 429: COMMON_RESPONSES[429] } : {}), 500: COMMON_RESPONSES[500] };
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = {
      summary: route.summary,
      ...(route.request === 'order'
        ? {
            parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, description: IDEMPOTENCY_KEY, schema: { type: 'string', description: IDEMPOTENCY_KEY } }],
            requestBody: { required: true, content: { 'application/json': { schema: ref('Order') } } },
          }
        : {}),
      responses: Object.fromEntries(Object.entries(answers).map(([status, definition]) => [status, answer(definition)])),
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: `Vistelse – ${config.municipality.name}`,
      version: '1.0.0',
      description:
        'Orders for help during a temporary stay (tillfällig vistelse), from the home municipality to the stay municipality. Every answer that is not a success has the body `Error`; an address the API does not have answers 404 (code not_found), one that takes other methods 405 (method_not_allowed, with Allow).',
    },
    servers: [{ url: serverUrl }],
    components: { schemas },
    paths,
  };
}
