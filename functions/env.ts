import * as z from 'zod';

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
