import type { $ZodError } from 'zod/v4/core';
import * as z from 'zod/mini';
import './zod-sv';
import { addDays, addMonths, isIsoDate, type IsoDate } from './dates';
import { INSATS_TYPES, RATE_PERIODS, SCOPE_MAX, SCOPE_UNITS, SCOPE_UNIT_LABELS } from './insatser';
import { parsePersonIdentity } from './personnummer';
import { municipalityName, municipalityNameMatches } from './municipalities';
import { CONFIRMED_WARNING_CODES } from './api';
import { normalizePostalCode } from './postal-code';

/** Field length limits, shared by the form (maxLength) and the API. */
export const LIMITS = {
  name: 100,
  shortText: 200,
  longText: 2000,
  email: 254,
  phone: 20,
  relatives: 10,
  insatser: 10,
} as const;

/** What the order's date rules are measured against. */
export interface OrderRulesContext {
  /** Today in Europe/Stockholm, `YYYY-MM-DD`. */
  today: IsoDate;
  /** How many days back a stay may have started and still be ordered (acute orders come late). */
  pastGraceDays: number;
  /** The stay municipality's own kommunkod: it can't order from itself. */
  stayMunicipalityCode?: string;
  /** Known provider ids; a chosen provider must be one of them. */
  providerIds?: readonly string[];
}

// zod/mini, the functional API of the same zod 4, tree-shakes to a fraction of classic zod in the
// web bundle. Each `.check(...)` runs its checks in the order classic zod's method chain did.
const maxText = (max: number) => z.maxLength(max, `Högst ${max} tecken`);

export const text = (max: number, required = 'Fältet måste fyllas i') =>
  z.string({ error: required }).check(z.trim(), z.minLength(1, required), maxText(max));

const optionalText = (max: number) => z.optional(z.string({ error: 'Ange text' }).check(z.trim(), maxText(max)));

export const phone = (required: string) =>
  z
    .string({ error: required })
    .check(
      z.trim(),
      z.minLength(1, required),
      maxText(LIMITS.phone),
      z.regex(/^\+?[0-9][0-9 ()-]{4,}$/, 'Ange ett telefonnummer med siffror, t.ex. 070-123 45 67'),
    );

const email = z.pipe(
  z.string({ error: 'Ange en e-postadress' }).check(z.trim(), z.minLength(1, 'Ange en e-postadress'), maxText(LIMITS.email)),
  z.email('Ange en giltig e-postadress, t.ex. namn@kommun.se'),
);

/** Swedish postal code, stored as `NNN NN`. */
export const postalCode = z.pipe(
  z
    .string({ error: 'Ange postnumret med fem siffror, t.ex. 172 35' })
    .check(z.trim(), z.regex(/^[1-9]\d{2} ?\d{2}$/, 'Ange postnumret med fem siffror, t.ex. 172 35')),
  z.transform((v: string) => normalizePostalCode(v)!),
);

const isoDate = (message: string) =>
  z.string({ error: `${message} (ÅÅÅÅ-MM-DD)` }).check(z.trim(), z.refine(isIsoDate, `${message} (ÅÅÅÅ-MM-DD)`));

const hasAtMostTwoDecimals = (n: number) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6;

export const personnummer = z.pipe(
  z
    .string({ error: 'Ange personnummer eller samordningsnummer' })
    .check(
      z.trim(),
      z.minLength(1, 'Ange personnummer eller samordningsnummer'),
      z.maxLength(13, 'Ange personnumret som ÅÅÅÅMMDD-NNNN'),
    ),
  z.transform((value: string, payload) => {
    const identity = parsePersonIdentity(value);
    if (!identity) {
      // zod/mini's transforms have no `addIssue`; pushing the issue is what classic zod's does.
      payload.issues.push({
        code: 'custom',
        message: 'Personnumret är inte giltigt. Kontrollera datum och kontrollsiffra (ÅÅÅÅMMDD-NNNN).',
        input: value,
      });
      return z.NEVER;
    }
    return identity.normalized;
  }),
);

export const homeMunicipalitySchema = z
  .strictObject({
    code: z.string().check(
      z.trim(),
      z.regex(/^\d{4}$/, 'Ange kommunkoden med fyra siffror, t.ex. 0483'),
      z.refine((code) => !/^\d{4}$/.test(code) || municipalityName(code) !== undefined, 'Kommunkoden finns inte: välj en av Sveriges 290 kommuner'),
    ),
    name: text(LIMITS.name, 'Ange kommunens namn'),
  })
  .check(
    z.superRefine((m, ctx) => {
      const official = municipalityName(m.code);
      if (official && m.name.trim() !== '' && !municipalityNameMatches(m.code, m.name)) {
        ctx.addIssue({ code: 'custom', path: ['name'], message: `Kommunkod ${m.code} är ${official}: kontrollera kommunens namn` });
      }
    }),
  );

export const ordererSchema = z.strictObject({
  name: text(LIMITS.name, 'Ange ditt namn'),
  email,
  phone: phone('Ange ett telefonnummer'),
  unit: text(LIMITS.shortText, 'Ange förvaltning eller enhet'),
});

export const billingSchema = z.strictObject({
  address: text(LIMITS.shortText * 2, 'Ange fakturaadress'),
  reference: text(50, 'Ange referensnummer för fakturan'),
});

export const stayAddressSchema = z.strictObject({
  street: text(LIMITS.shortText, 'Ange gatuadress'),
  postalCode,
  city: text(LIMITS.name, 'Ange ort'),
});

export const relativeSchema = z.strictObject({
  name: text(LIMITS.name, 'Ange närståendes namn'),
  relation: text(50, 'Ange relation, t.ex. dotter'),
  phone: phone('Ange närståendes telefonnummer'),
});

export const personSchema = z.strictObject({
  personnummer,
  firstName: text(LIMITS.name, 'Ange förnamn'),
  lastName: text(LIMITS.name, 'Ange efternamn'),
  protectedIdentity: z.boolean({ error: 'Svara ja eller nej på frågan om skyddade personuppgifter' }),
  stayAddress: stayAddressSchema,
  phone: z.optional(phone('Ange telefonnummer under vistelsen')),
  relatives: z._default(
    z.array(relativeSchema).check(z.maxLength(LIMITS.relatives, `Högst ${LIMITS.relatives} närstående`)),
    [],
  ),
  housing: optionalText(LIMITS.longText),
  socialSituation: optionalText(LIMITS.longText),
  disability: optionalText(LIMITS.longText),
  abilities: optionalText(LIMITS.longText),
});

/** An insats's description (**Beskrivning**): free text, sealed — it speaks of the person. */
export const insatsDescription = text(LIMITS.longText / 2, 'Beskriv insatsen');

/** The fields of an insats but its description (the intake's and a change's rows share them). */
export const insatsTerms = {
  type: z.enum(INSATS_TYPES, { error: 'Välj en insats' }),
  scope: z.strictObject({
    amount: z.number({ error: 'Ange omfattningen som ett tal' }).check(
      // At least 0.01: a positive number like 5e-324 has "two decimals" too, and DynamoDB can't store it.
      z.gte(0.01, 'Omfattningen måste vara minst 0,01'),
      z.refine(hasAtMostTwoDecimals, 'Högst två decimaler'),
    ),
    unit: z.enum(SCOPE_UNITS, { error: 'Välj enhet för omfattningen' }),
  }),
  rate: z.strictObject({
    amountSek: z
      .number({ error: 'Ange timpriset/ersättningen i kronor som ett tal' })
      .check(
        z.gte(0.01, 'Ersättningen måste vara minst 0,01 kr'),
        z.lte(100_000, 'Högst 100 000 kr'),
        z.refine(hasAtMostTwoDecimals, 'Ange kronor med högst två decimaler'),
      ),
    per: z.enum(RATE_PERIODS, { error: 'Välj vad ersättningen gäller per' }),
  }),
};

/** The checks across an insats's fields: the scope's ceiling per unit, the alarm's own unit. */
export const insatsTermsCheck = z.superRefine((insats: { type: (typeof INSATS_TYPES)[number]; scope: { amount: number; unit: (typeof SCOPE_UNITS)[number] } }, ctx) => {
  const max = SCOPE_MAX[insats.scope.unit];
  if (insats.scope.amount > max) {
    ctx.addIssue({
      code: 'custom',
      path: ['scope', 'amount'],
      message: `Högst ${max} ${SCOPE_UNIT_LABELS[insats.scope.unit]}`,
    });
  }
  if (insats.scope.unit === 'alarm' && insats.type !== 'trygghetslarm') {
    ctx.addIssue({ code: 'custom', path: ['scope', 'unit'], message: 'Enheten "larm" gäller bara trygghetslarm' });
  }
});

export const insatsSchema = z.strictObject({ type: insatsTerms.type, description: insatsDescription, scope: insatsTerms.scope, rate: insatsTerms.rate }).check(insatsTermsCheck);

export const attachmentsSchema = z._default(
  z
    .array(z.unknown())
    .check(
      z.maxLength(
        0,
        'Bilagor kan inte tas emot i e-tjänsten ännu. Skicka dem som säkert meddelande när ärendet har fått sitt ärendenummer.',
      ),
    ),
  [],
);

/**
 * The order (beställning / begäran om verkställighet) as the public e-service and
 * `POST /api/orders` accept it. The same schema validates the form and the API; date rules
 * depend on `context.today`, so the schema is built per request.
 */
export function createOrderSchema(context: OrderRulesContext) {
  const earliestStart = addDays(context.today, -context.pastGraceDays);
  const latestStart = addMonths(context.today, 24);

  const staySchema = z
    .strictObject({
      from: isoDate('Ange vistelsens första dag'),
      to: isoDate('Ange vistelsens sista dag'),
      acute: z._default(z.boolean({ error: 'Svara ja eller nej på om beställningen är akut' }), false),
    })
    .check(
      z.superRefine((stay, ctx) => {
        if (!isIsoDate(stay.from) || !isIsoDate(stay.to)) return;
        if (stay.from < earliestStart) {
          ctx.addIssue({
            code: 'custom',
            path: ['from'],
            message: `Vistelsen kan inte ha börjat mer än ${context.pastGraceDays} dagar bakåt i tiden (tidigast ${earliestStart})`,
          });
        }
        if (stay.from > latestStart) {
          ctx.addIssue({ code: 'custom', path: ['from'], message: `Vistelsen måste börja senast ${latestStart}` });
        }
        if (stay.to < stay.from) {
          ctx.addIssue({ code: 'custom', path: ['to'], message: 'Sista dagen kan inte vara före första dagen' });
        }
        if (stay.to > addMonths(stay.from, 24)) {
          ctx.addIssue({ code: 'custom', path: ['to'], message: 'En tillfällig vistelse kan inte vara längre än två år' });
        }
      }),
    );

  const decisionSchema = z.strictObject({
    decidedOn: isoDate('Ange beslutsdatum').check(
      z.refine((d) => !isIsoDate(d) || d <= context.today, 'Beslutsdatumet kan inte vara i framtiden'),
    ),
    goal: text(LIMITS.longText, 'Ange beslutets målsättning'),
    insatser: z
      .array(insatsSchema)
      .check(
        z.minLength(1, 'Lägg till minst en insats'),
        z.maxLength(LIMITS.insatser, `Högst ${LIMITS.insatser} insatser`),
      ),
  });

  const providerSchema = z.discriminatedUnion(
    'choice',
    [
      z.strictObject({ choice: z.literal('none') }),
      z.strictObject({
        choice: z.literal('chosen'),
        providerId: z
          .string({ error: 'Välj en utförare' })
          .check(
            z.minLength(1, 'Välj en utförare'),
            z.maxLength(100),
            z.refine((id) => !context.providerIds || context.providerIds.includes(id), 'Okänd utförare'),
          ),
      }),
    ],
    { error: 'Välj en utförare eller "inget val"' },
  );

  return z.strictObject({
    homeMunicipality: homeMunicipalitySchema.check(
      z.refine((m) => m.code !== context.stayMunicipalityCode, {
        message: 'Bosättningskommunen kan inte vara samma kommun som vistelsekommunen',
        path: ['code'],
      }),
    ),
    orderer: ordererSchema,
    billing: billingSchema,
    person: personSchema,
    stay: staySchema,
    decision: decisionSchema,
    provider: providerSchema,
    attachments: attachmentsSchema,
    /** The warnings the orderer confirmed on the check-your-answers page (a long stay, an unusual rate, an insats twice); shown to the caseworker. */
    confirmedWarnings: z.optional(z.array(z.enum(CONFIRMED_WARNING_CODES)).check(z.maxLength(CONFIRMED_WARNING_CODES.length))),
  });
}

/**
 * What the order schema is built from for one municipality: its kommunkod, its grace for stays
 * that have begun, and its providers. The municipality configuration and the intake options
 * (`GET /api/intake/options`, the form's view) both have this shape.
 */
export interface OrderRulesSource {
  municipality: { code: string };
  rules: { pastGraceDays: number };
  providers: readonly { id: string }[];
}

/**
 * The order schema as the intake applies it on `today` (Europe/Stockholm) for a municipality: the
 * one place the form, the API and the API description build it.
 */
export function orderSchemaFor(source: OrderRulesSource, today: IsoDate) {
  return createOrderSchema({
    today,
    pastGraceDays: source.rules.pastGraceDays,
    stayMunicipalityCode: source.municipality.code,
    providerIds: source.providers.map((p) => p.id),
  });
}

export type OrderSchema = ReturnType<typeof createOrderSchema>;
/** An order as sent (form values, request body). */
export type OrderInput = z.input<OrderSchema>;
/** A validated, normalized order. */
export type Order = z.output<OrderSchema>;
export type Insats = z.output<typeof insatsSchema>;

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `person.personnummer` or `decision.insatser.0.type`. */
  path: string;
  message: string;
}

/**
 * Turns zod issues into the contract's `issues`: one entry per offending field, by dotted path,
 * with the first (most basic) problem found for it.
 */
export function toFieldIssues(error: $ZodError): FieldIssue[] {
  const byPath = new Map<string, string>();
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = dottedPath([...base, key]);
        if (!byPath.has(path)) byPath.set(path, 'Okänt fält');
      }
    } else {
      const path = dottedPath(base) || '(body)';
      if (!byPath.has(path)) byPath.set(path, issue.message);
    }
  }
  return [...byPath].map(([path, message]) => ({ path, message }));
}

const PLAIN_SEGMENT = /^(?:[A-Za-z_$][\w$]*|\d+)$/;

/**
 * `person.stayAddress.postalCode`; a key that is not a plain name (an unknown `""` or `"a.b"` sent
 * by a client) is quoted, `["a.b"]`, so every path names exactly one field.
 */
function dottedPath(segments: string[]): string {
  return segments
    .map((s, i) => (PLAIN_SEGMENT.test(s) ? (i === 0 ? s : `.${s}`) : `[${JSON.stringify(s)}]`))
    .join('');
}
