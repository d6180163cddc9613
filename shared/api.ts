import * as z from 'zod/mini';
import { INSATS_TYPES } from './insatser';

/**
 * The API's answers as zod schemas: the types the functions and the web app use come from them,
 * the OpenAPI document (`GET /api/openapi.json`) is generated from them, and the local stack
 * checks every answer a handler gives against the schema its route declares
 * (`functions/routes.ts`), so a handler can't drift from the published contract unnoticed.
 */

const fieldIssueSchema = z.object({
  /** Dotted path of the offending field, e.g. `person.personnummer` or `decision.insatser.0.type`. */
  path: z.string().register(z.globalRegistry, { example: 'person.personnummer' }),
  message: z.string(),
});

/** The body of every answer that is not a success (the public contract's error shape). */
export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.optional(z.array(fieldIssueSchema)),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** The warnings of an order; the last three the orderer confirms before sending (`confirmedWarnings`). */
export const ORDER_WARNING_CODES = ['short_lead_time', 'address_outside', 'long_stay', 'rate_implausible', 'duplicate_insats'] as const;
export const CONFIRMED_WARNING_CODES = ['long_stay', 'rate_implausible', 'duplicate_insats'] as const;
export type ConfirmedWarningCode = (typeof CONFIRMED_WARNING_CODES)[number];

export const orderWarningSchema = z.object({
  code: z.enum(ORDER_WARNING_CODES),
  path: z.string(),
  message: z.string(),
});
export type OrderWarning = z.infer<typeof orderWarningSchema>;

/** `201` of `POST /api/orders`: the order is a case now, and this is its reference. */
export const orderReceiptSchema = z.object({
  reference: z.string(),
  status: z.literal('received'),
  receivedAt: z.iso.datetime(),
  stay: z.object({ from: z.iso.date(), to: z.iso.date() }),
  warnings: z.array(orderWarningSchema),
});
export type OrderReceipt = z.infer<typeof orderReceiptSchema>;

const postalCodeRange = z.object({ from: z.string(), to: z.string() });
const insatsType = z.enum(INSATS_TYPES);

/** `200` of `GET /api/intake/options`: everything the public form is built from (no e-mail addresses, no caps). */
export const intakeOptionsSchema = z.object({
  municipality: z.object({ code: z.string(), name: z.string() }),
  rules: z.object({
    leadTimeDays: z.number(),
    pastGraceDays: z.number(),
    /** What the order is checked against before it is sent (warnings the orderer confirms). */
    orderChecks: z.object({ maxStayMonths: z.number(), plausibleRates: z.record(z.string(), z.object({ minSek: z.number(), maxSek: z.number() })) }),
  }),
  insatsTypes: z.array(z.object({ type: insatsType, label: z.string() })),
  scopeUnits: z.array(z.object({ unit: z.string(), label: z.string() })),
  ratePeriods: z.array(z.object({ per: z.string(), label: z.string() })),
  districts: z.array(z.object({ id: z.string(), name: z.string(), postalCodes: z.array(postalCodeRange) })),
  providers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(['private', 'own_operation']),
      insatser: z.array(insatsType),
      /** District ids, or `all`. */
      districts: z.union([z.array(z.string()), z.literal('all')]),
      postalCodes: z.array(postalCodeRange),
      acceptsNewClients: z.boolean(),
    }),
  ),
});
export type IntakeOptions = z.infer<typeof intakeOptionsSchema>;

export const ROLES = ['caseworker', 'unit_head', 'provider', 'economy', 'fees', 'system_admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  caseworker: 'Biståndshandläggare',
  unit_head: 'Enhetschef',
  provider: 'Utförare',
  economy: 'Ekonomiassistent',
  fees: 'Avgiftshandläggare',
  system_admin: 'Systemadministratör',
};

/** `200` of `GET /api/auth/me`: who is logged in, and the token every state-changing request carries. */
export const meSchema = z.object({
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  roleLabel: z.string(),
  organisation: z.string(),
  /** Sent back in `x-csrf-token` with every POST: a form or script of another site can't know it. */
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meSchema>;

/** `200` of `POST /api/auth/logout`: where the browser goes to end the identity provider's session too. */
export const logoutSchema = z.object({ redirectTo: z.string() });

/** `200` of `GET /api/health`. */
export const healthSchema = z.object({ status: z.literal('ok') });

/** `200` of `GET /api/openapi.json`: an OpenAPI 3.1 document. */
export const openApiDocumentSchema = z.looseObject({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) });
