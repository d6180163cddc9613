import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../functions/http/openapi-document';
import { INTAKE_ROUTES } from '../../../functions/routes';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import demo from '../../../config/municipality.demo.json';

const config = parseMunicipalityConfig(demo);
const doc = openApiDocument(config, 'https://vistelse.example') as any;
const order = doc.components.schemas.Order;

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the server, every path of the route table and the schemas of the answers', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'https://vistelse.example' }]);
    expect(Object.keys(doc.paths)).toEqual(['/api/health', '/api/intake/options', '/api/orders', '/api/openapi.json']);
    expect(Object.keys(doc.components.schemas)).toEqual(['Order', 'Error', 'OrderReceipt', 'IntakeOptions', 'Health']);
    // Every $ref points at a schema the document has.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(doc.components.schemas).toHaveProperty(ref.split('/').pop()!.replace('"', ''));
  });

  it('describes POST /api/orders: body, Idempotency-Key header and the 201/400/409/413/415/422/429/500 answers', () => {
    const post = doc.paths['/api/orders'].post;
    expect(post.requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } });
    expect(post.parameters).toEqual([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false, schema: expect.objectContaining({ type: 'string' }) })]);
    expect(post.parameters[0].description).toMatch(/8–128 characters/);
    expect(Object.keys(post.responses).sort()).toEqual(['201', '400', '409', '413', '415', '422', '429', '500']);
    expect(post.responses[201].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/OrderReceipt' });
    for (const status of ['400', '409', '413', '415', '422', '429', '500']) {
      expect(post.responses[status].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    }
    // The answers that ask the client to come back say when.
    for (const status of ['409', '429']) expect(post.responses[status].headers['Retry-After'].schema).toEqual({ type: 'integer', minimum: 1 });
  });

  it('generates the order schema from the zod schema the API parses with: what a client sends', () => {
    expect(order.$schema).toBeUndefined();
    expect(order.additionalProperties).toBe(false);
    // Fields with a default (attachments, relatives, acute) may be left out.
    expect(order.required).toEqual(['homeMunicipality', 'orderer', 'billing', 'person', 'stay', 'decision', 'provider']);
    expect(order.properties.stay.required).toEqual(['from', 'to']);
    expect(order.properties.person.properties.relatives).toMatchObject({ type: 'array', maxItems: 10, default: [] });
    expect(order.properties.person.properties.personnummer).toEqual({ type: 'string', minLength: 1, maxLength: 13 });
    expect(order.properties.person.properties.stayAddress.properties.postalCode.pattern).toBe('^[1-9]\\d{2} ?\\d{2}$');
    const insats = order.properties.decision.properties.insatser;
    expect(insats).toMatchObject({ type: 'array', minItems: 1, maxItems: 10 });
    expect(insats.items.properties.type.enum).toEqual(['hemtjanst', 'trygghetslarm', 'matdistribution', 'ledsagning', 'avlosning', 'boendestod', 'dagverksamhet']);
    expect(insats.items.properties.rate.properties.amountSek).toEqual({ type: 'number', minimum: 0.01, maximum: 100_000 });
    expect(order.properties.attachments).toEqual({ type: 'array', items: {}, maxItems: 0, default: [] });
  });

  it('describes the provider choice as one of two shapes, literals as one-value enums', () => {
    expect(order.properties.provider.oneOf).toEqual([
      { type: 'object', properties: { choice: { type: 'string', enum: ['none'] } }, required: ['choice'], additionalProperties: false },
      {
        type: 'object',
        properties: { choice: { type: 'string', enum: ['chosen'] }, providerId: { type: 'string', minLength: 1, maxLength: 100 } },
        required: ['choice', 'providerId'],
        additionalProperties: false,
      },
    ]);
  });

  it('describes in text the rules the schema cannot express, with figures from the configuration', () => {
    expect(order.description).toMatch(/samordningsnummer/);
    expect(order.description).toContain(`at most ${config.rules.pastGraceDays} days in the past`);
    expect(order.description).toContain(config.providers.map((p) => p.id).join(', '));
    expect(order.description).toMatch(/413/);
  });

  it('keeps the examples and the error and receipt shapes of the contract', () => {
    const error = doc.components.schemas.Error;
    expect(error.required).toEqual(['error']);
    expect(error.properties.error.required).toEqual(['code', 'message']);
    expect(error.properties.error.properties.issues.items.properties.path.example).toBe('person.personnummer');
    const receipt = doc.components.schemas.OrderReceipt;
    expect(receipt.required).toEqual(['reference', 'status', 'receivedAt', 'stay', 'warnings']);
    expect(receipt.properties.reference.example).toBe(`${config.municipality.caseReferencePrefix}-2026-00042`);
    expect(receipt.properties.status.enum).toEqual(['received']);
    expect(receipt.properties.receivedAt.format).toBe('date-time');
    expect(receipt.properties.warnings.items.properties.code.enum).toEqual(['short_lead_time', 'address_outside', 'long_stay', 'rate_implausible', 'duplicate_insats']);
  });

  it('answers every route of the e-service with its declared answers, the bodies by their schemas', () => {
    for (const route of INTAKE_ROUTES) {
      const operation = doc.paths[route.path][route.method.toLowerCase()];
      expect(operation.summary, route.id).toBe(route.summary);
      expect(Object.keys(operation.responses).sort(), route.id).toEqual([...Object.keys(route.responses), '429', '500'].sort());
    }
    expect(doc.paths['/api/intake/options'].get.responses[200].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/IntakeOptions' });
    expect(doc.components.schemas.IntakeOptions.properties.providers.items.required).toContain('acceptsNewClients');
  });
});
