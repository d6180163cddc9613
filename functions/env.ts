import * as z from 'zod';
import { API_RATE_LIMIT_DEFAULT, API_RATE_LIMIT_WINDOW_SECONDS } from './http/limits';

/**
 * The functions' environment, parsed once at cold start: a missing or wrong variable stops the
 * function before it serves anything. Endpoint overrides point the real AWS adapters at the
 * local stack's servers.
 */
const envSchema = z.object({
  TABLE_NAME: z.string().min(1),
  MAIL_FROM: z.email(),
  PUBLIC_BASE_URL: z.url().transform((u) => u.replace(/\/$/, '')),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  AWS_REGION: z.string().min(1).default('eu-north-1'),
  DYNAMODB_ENDPOINT: z.url().optional(),
  SES_ENDPOINT: z.url().optional(),
});

export type Env = z.output<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(
        `Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    cached = parsed.data;
  }
  return cached;
}

/** The public routes' rate limit per client IP: `limit` requests per `windowSeconds`; `limit` 0 = off. */
export interface ApiRateLimit {
  limit: number;
  windowSeconds: number;
}

function wholeNumber(source: NodeJS.ProcessEnv, key: string, fallback: number, min: number, max: number): number {
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
 * 300, see `API_RATE_LIMIT_DEFAULT`; `0` = off) and `API_RATE_LIMIT_WINDOW_SECONDS` (default 300, the WAF's window).
 */
export function parseApiRateLimit(source: NodeJS.ProcessEnv): ApiRateLimit {
  return {
    limit: wholeNumber(source, 'API_RATE_LIMIT', API_RATE_LIMIT_DEFAULT, 0, 2_000_000_000),
    windowSeconds: wholeNumber(source, 'API_RATE_LIMIT_WINDOW_SECONDS', API_RATE_LIMIT_WINDOW_SECONDS, 1, 86_400),
  };
}

let rateLimitCache: { raw: string; value: ApiRateLimit } | undefined;

/**
 * The rate limit from this process's environment. In Lambda it is read once; the local stack may
 * start again in the same process with another limit, so a changed environment is read again.
 */
export function apiRateLimit(): ApiRateLimit {
  const raw = `${process.env.API_RATE_LIMIT}|${process.env.API_RATE_LIMIT_WINDOW_SECONDS}`;
  if (rateLimitCache?.raw !== raw) rateLimitCache = { raw, value: parseApiRateLimit(process.env) };
  return rateLimitCache.value;
}
