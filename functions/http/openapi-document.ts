import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import '../../shared/zod-sv';
import type { MunicipalityConfig } from '../../shared/municipality';
import { createOrderSchema } from '../../shared/order';
import { ORDER_MAX_BYTES_DOC } from './limits';

extendZodWithOpenApi(z);

/**
 * The API described for integrators, generated from the same zod schemas the handlers parse
 * with. Rules that zod expresses as refinements (dates, check digits) are described in text.
 */
export function openApiDocument(config: MunicipalityConfig, serverUrl: string) {
  const registry = new OpenAPIRegistry();
  const orderSchema = createOrderSchema({
    today: '2000-01-01',
    pastGraceDays: config.rules.pastGraceDays,
    stayMunicipalityCode: config.municipality.code,
    providerIds: config.providers.map((p) => p.id),
  });
  const order = registry.register(
    'Order',
    orderSchema.openapi({
      description: [
        'A request to carry out a decision during a temporary stay (begäran om verkställighet vid tillfällig vistelse).',
        'Rules beyond the schema: `person.personnummer` accepts YYYYMMDD-NNNN, YYYYMMDDNNNN and YYMMDD-NNNN (`+` from 100 years) and must have a real date and a valid check digit; samordningsnummer (day + 60) are accepted.',
        `\`stay.from\` may lie at most ${config.rules.pastGraceDays} days in the past and at most 24 months ahead; \`stay.to\` is on or after \`stay.from\` and within 24 months of it. A stay longer than six months, or starting within ${config.rules.leadTimeDays} days, is accepted with a warning.`,
        '`decision.decidedOn` is not in the future. Amounts have at most two decimals; a scope amount is bounded per unit (e.g. 744 hours per month). Unknown fields are rejected. `attachments` must be empty (documents are sent by secure message).',
        `\`provider.providerId\` is one of: ${config.providers.map((p) => p.id).join(', ')}.`,
        `Bodies larger than ${ORDER_MAX_BYTES_DOC} are rejected with 413.`,
      ].join('\n\n'),
    }),
  );
  const fieldIssue = z.object({ path: z.string().openapi({ example: 'person.personnummer' }), message: z.string() });
  const errorBody = registry.register(
    'Error',
    z.object({ error: z.object({ code: z.string(), message: z.string(), issues: z.array(fieldIssue).optional() }) }),
  );
  const warning = z.object({ code: z.enum(['short_lead_time', 'long_stay']), path: z.string(), message: z.string() });
  const receipt = registry.register(
    'OrderReceipt',
    z.object({
      reference: z.string().openapi({ example: `${config.municipality.caseReferencePrefix}-2026-00042` }),
      status: z.literal('received'),
      receivedAt: z.string().openapi({ format: 'date-time' }),
      stay: z.object({ from: z.string(), to: z.string() }),
      warnings: z.array(warning),
    }),
  );
  const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorBody } } });

  registry.registerPath({
    method: 'get',
    path: '/api/health',
    summary: 'Liveness',
    responses: { 200: { description: 'The API answers.' } },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/intake/options',
    summary: 'What the e-service offers: providers, districts, insats types, scope units, rate periods',
    responses: { 200: { description: 'Options for building an order.' } },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/orders',
    summary: 'Submit an order for a temporary stay',
    request: {
      headers: z.object({
        'Idempotency-Key': z.string().optional().openapi({
          description:
            'Recommended. 8–128 characters [A-Za-z0-9_.:-]. A retry with the same key and body returns the first answer and creates nothing; the same key with another body gives 422.',
        }),
      }),
      body: { required: true, content: { 'application/json': { schema: order } } },
    },
    responses: {
      201: { description: 'Accepted; the case reference identifies it from now on.', content: { 'application/json': { schema: receipt } } },
      400: errorResponse('Invalid order: every offending field is named by its dotted path. Nothing was stored.'),
      413: errorResponse('Body too large.'),
      415: errorResponse('Body is not JSON.'),
      422: errorResponse('Idempotency-Key reused with a different body.'),
      429: errorResponse('Too many requests; retry later.'),
    },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: `Vistelse – ${config.municipality.name}`,
      version: '1.0.0',
      description: 'Orders for help during a temporary stay (tillfällig vistelse), from the home municipality to the stay municipality.',
    },
    servers: [{ url: serverUrl }],
  });
}
