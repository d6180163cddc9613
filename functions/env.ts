import * as z from 'zod/mini';
import { API_RATE_LIMIT_DEFAULT, API_RATE_LIMIT_WINDOW_SECONDS } from './http/limits';

/**
 * The functions' environment: the only module that reads it (lint holds everyone else to that).
 * One list names every variable, what it holds and who sets it; the parsers below, the CDK stack
 * (`infra/functions.ts`, `infra/api.ts`, `infra/stack.ts`) and the local stack
 * (`infra/local/stack.ts`) all take their names from it, so a variable can't be set under one
 * name and read under another.
 */
export const FUNCTION_VARIABLES = {
  TABLE_NAME: { setFor: 'every function', doc: 'the DynamoDB table' },
  MAIL_FROM: { setFor: 'every function', doc: 'the sender address of every mail' },
  PUBLIC_BASE_URL: { setFor: 'every function', doc: 'where links in mails point (the web app)' },
  SES_CONFIGURATION_SET: { setFor: 'every function', doc: "the SES configuration set whose events tell each mail's delivery" },
  PERSONAL_DATA_KMS_KEY_ARN: { setFor: 'every function', doc: 'the KMS key that wraps the data keys of sealed personal data (AWS)' },
  API_RATE_LIMIT: { setFor: 'API functions', doc: 'requests per client IP and public route per window; 0 = off (default 300)' },
  API_RATE_LIMIT_WINDOW_SECONDS: { setFor: 'API functions', doc: 'the window of API_RATE_LIMIT (default 300, the WAF’s)' },
  EDGE_ORIGIN_SECRET: { setFor: 'API functions', doc: 'the secret CloudFront sends in x-vistelse-edge' },
  OIDC_ISSUER: { setFor: 'API functions', doc: 'the OpenID Connect provider staff log in with (Cognito; the local provider locally)' },
  OIDC_CLIENT_ID: { setFor: 'API functions', doc: "the portal's client id at the identity provider (a public client: PKCE, no secret)" },
  OIDC_LOGOUT_ENDPOINT: { setFor: 'API functions', doc: "the identity provider's logout endpoint when its discovery names none (Cognito's /logout)" },
  ATTACHMENTS_BUCKET: { setFor: 'API functions', doc: "the bucket of the messages' attachments (the purge's scheduled function gets it too)" },
  ATTACHMENTS_VERSIONING: { setFor: 'the local stack', doc: "`none`: the attachments' storage keeps no versions (the local one has no versions API), so the purge deletes the object alone; default `enabled` (AWS: every version is deleted)" },
  MALWARE_SCAN: { setFor: 'API functions', doc: '`guardduty`: serve an attachment only once GuardDuty tagged it clean (AWS); `none`: nothing scans (the local stack)' },
  AWS_REGION: { setFor: 'the runtime', doc: 'set by Lambda (and by the local stack)' },
  DYNAMODB_ENDPOINT: { setFor: 'the local stack', doc: 'DynamoDB Local instead of AWS' },
  SES_ENDPOINT: { setFor: 'the local stack', doc: 'the local SES instead of AWS' },
  S3_ENDPOINT: { setFor: 'the local stack', doc: 'the local object storage (S3 API) instead of AWS' },
  PERSONAL_DATA_KEY_FILE: { setFor: 'the local stack', doc: 'a file with the raw AES-256 key that wraps personal data locally, instead of KMS' },
  VISTELSE_MUNICIPALITY_CONFIG: { setFor: 'the local stack', doc: 'another municipality configuration than the bundled one (JSON)' },
} as const;

export type FunctionVariable = keyof typeof FUNCTION_VARIABLES;
type SetFor = (typeof FUNCTION_VARIABLES)[FunctionVariable]['setFor'];
/** The variables set for one kind of function, e.g. `VariablesFor<'every function'>`. */
export type VariablesFor<S extends SetFor> = { [K in FunctionVariable]: (typeof FUNCTION_VARIABLES)[K]['setFor'] extends S ? K : never }[FunctionVariable];

/** Names of the variables set for one kind of function, in the list's order. */
export function variablesFor<S extends SetFor>(setFor: S): VariablesFor<S>[] {
  return (Object.keys(FUNCTION_VARIABLES) as FunctionVariable[]).filter((k) => FUNCTION_VARIABLES[k].setFor === setFor) as VariablesFor<S>[];
}

const nonEmpty = z.string().check(z.minLength(1));

/**
 * What every function needs, parsed once at cold start: a missing or wrong variable stops the
 * function before it serves anything. Endpoint overrides point the real AWS adapters at the local
 * stack's servers.
 */
const runtimeSchema = z.object({
  TABLE_NAME: nonEmpty,
  MAIL_FROM: z.email(),
  PUBLIC_BASE_URL: z.pipe(z.url(), z.transform((u: string) => u.replace(/\/$/, ''))),
  SES_CONFIGURATION_SET: z.optional(nonEmpty),
  AWS_REGION: z._default(nonEmpty, 'eu-north-1'),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  SES_ENDPOINT: z.optional(z.url()),
  PERSONAL_DATA_KMS_KEY_ARN: z.optional(nonEmpty),
  PERSONAL_DATA_KEY_FILE: z.optional(nonEmpty),
  OIDC_ISSUER: z.optional(z.url()),
  OIDC_CLIENT_ID: z.optional(nonEmpty),
  OIDC_LOGOUT_ENDPOINT: z.optional(z.url()),
  ATTACHMENTS_BUCKET: z.optional(nonEmpty),
  MALWARE_SCAN: z.optional(z.enum(['guardduty', 'none'])),
  ATTACHMENTS_VERSIONING: z._default(z.enum(['enabled', 'none']), 'enabled'),
  S3_ENDPOINT: z.optional(z.url()),
} satisfies Partial<Record<FunctionVariable, z.ZodMiniType>>);

export type Env = z.output<typeof runtimeSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = runtimeSchema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** The identity provider staff log in with; the functions that log in or out fail at cold start without it. */
export function oidcSettings(): { issuer: string; clientId: string; logoutEndpoint?: string } {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_LOGOUT_ENDPOINT } = env();
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID) throw new Error('Invalid environment: OIDC_ISSUER and OIDC_CLIENT_ID must be set');
  return { issuer: OIDC_ISSUER, clientId: OIDC_CLIENT_ID, ...(OIDC_LOGOUT_ENDPOINT ? { logoutEndpoint: OIDC_LOGOUT_ENDPOINT } : {}) };
}

/** The local stack starts again in one process with new values (as a new Lambda instance would read them). */
export function resetEnvironment(): void {
  cached = undefined;
  rateLimitCache = undefined;
}

/** The municipality configuration the local stack hands over instead of the bundled one (JSON), if any. */
export function municipalityConfigOverride(): unknown {
  const raw = process.env.VISTELSE_MUNICIPALITY_CONFIG;
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new Error('Invalid environment: VISTELSE_MUNICIPALITY_CONFIG is not JSON');
  }
}

/** The secret our CloudFront sends in `x-vistelse-edge` (API functions in AWS; unset locally). */
export function edgeOriginSecret(): string | undefined {
  return process.env.EDGE_ORIGIN_SECRET || undefined;
}

/** The public routes' rate limit per client IP: `limit` requests per `windowSeconds`; `limit` 0 = off. */
export interface ApiRateLimit {
  limit: number;
  windowSeconds: number;
}

type Source = Partial<Record<string, string | undefined>>;

function wholeNumber(source: Source, key: VariablesFor<'API functions'>, fallback: number, min: number, max: number): number {
  const raw = source[key]?.trim();
  // Unset or empty is the default, never "off": the limit is off only where 0 is set explicitly.
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw new Error(`Invalid environment: ${key} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

/**
 * Reads `API_RATE_LIMIT` (requests per client IP and window on each public route, default
 * 300, see `API_RATE_LIMIT_DEFAULT`; `0` = off) and `API_RATE_LIMIT_WINDOW_SECONDS` (default 300,
 * the WAF's) from `source` — the functions' environment, or `npm start`'s.
 */
export function parseApiRateLimit(source: Source): ApiRateLimit {
  return {
    limit: wholeNumber(source, 'API_RATE_LIMIT', API_RATE_LIMIT_DEFAULT, 0, 2_000_000_000),
    windowSeconds: wholeNumber(source, 'API_RATE_LIMIT_WINDOW_SECONDS', API_RATE_LIMIT_WINDOW_SECONDS, 1, 86_400),
  };
}

let rateLimitCache: ApiRateLimit | undefined;

/** The rate limit from this process's environment, read once (again after `resetEnvironment`). */
export function apiRateLimit(): ApiRateLimit {
  rateLimitCache ??= parseApiRateLimit(process.env);
  return rateLimitCache;
}
