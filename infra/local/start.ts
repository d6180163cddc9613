// First: the invocation contexts the functions' Powertools state lives in (see ./invoke-store.ts).
import './invoke-store';
import { join, resolve } from 'node:path';
import { municipalityConfig } from '../../functions/config';
import { parseApiRateLimit } from '../../functions/env';
import { SCHEDULED_FUNCTIONS, scheduleText } from '../../functions/routes';
import { portalUsers } from '../../functions/core/access/principals';
import { LOCAL_PASSWORD } from './oidc-provider';
import { printReadably } from './readable-logs';
import { startLocalStack } from './stack';

/**
 * `npm start`: the whole system on this machine, no AWS account, no Docker. Data is kept in
 * `.data/` across restarts; Ctrl-C stops every server.
 */
const root = resolve(import.meta.dirname, '../..');
const port = Number(process.env.PORT ?? 3000);
const log = (line: string) => console.log(`  ${line}`);

// API_RATE_LIMIT (requests per client IP and public route per window; 0 = off) and
// API_RATE_LIMIT_WINDOW_SECONDS, read as the functions read them; unset means the default.
const rateLimit = parseApiRateLimit(process.env);

// The functions' log lines and metrics, as CloudWatch gets them in AWS: here readably, unless asked for as they are.
if (process.env.VISTELSE_LOG_FORMAT !== 'json') {
  printReadably(process.stdout);
  printReadably(process.stderr);
}

console.log('Starting Vistelse locally …');
const stack = await startLocalStack({
  apiRateLimit: rateLimit.limit,
  apiRateLimitWindowSeconds: rateLimit.windowSeconds,
  port,
  sesPort: Number(process.env.SES_PORT ?? 8005),
  dynamoDbPort: Number(process.env.DYNAMODB_PORT ?? 8000),
  s3Port: Number(process.env.S3_PORT ?? 4569),
  oidcPort: Number(process.env.OIDC_PORT ?? 8006),
  dataDir: process.env.VISTELSE_DATA_DIR ?? join(root, '.data'),
  // How often the scheduled jobs run (default: their schedule); tests set it to see them run.
  scheduleIntervalMs: process.env.VISTELSE_SCHEDULE_INTERVAL_MS ? Number(process.env.VISTELSE_SCHEDULE_INTERVAL_MS) : undefined,
  log,
});

const c = municipalityConfig;
console.log(`
Vistelse is running — ${c.municipality.name} (kommunkod ${c.municipality.code})
  ${c.districts.length} districts, ${c.units.length} units, ${c.caseworkers.filter((w) => w.active).length} active caseworkers, ${c.providers.length} providers

  E-service (beställning):   ${stack.baseUrl}/
  Staff portal:              ${stack.baseUrl}/portal   (log in as any demo account, password "${LOCAL_PASSWORD}", e.g. ${portalUsers(c)[0].principal.email})
  Identity provider (OIDC):  ${stack.oidcIssuer}/.well-known/openid-configuration
  Accessibility statement:   ${stack.baseUrl}/tillganglighet
  API:                       ${stack.apiUrl}  (health: ${stack.apiUrl}/health)
  API description (OpenAPI): ${stack.apiUrl}/openapi.json
  Mail viewer (local SES):   ${stack.mailUrl}/   — as JSON: ${stack.mailUrl}/store
  DynamoDB Local:            ${stack.dynamoDbEndpoint}  (table "${stack.tableName}")
  Object storage (S3):       ${stack.s3Endpoint}
  Scheduled jobs:            ${SCHEDULED_FUNCTIONS.map((f) => `${f.job} ${scheduleText(f)}`).join(', ')}  (run one now: npm run job -- <name> [--at <time>])
  API rate limit:            ${rateLimit.limit === 0 ? 'off (API_RATE_LIMIT=0)' : `${rateLimit.limit} requests per client IP and route per ${rateLimit.windowSeconds} s (API_RATE_LIMIT, API_RATE_LIMIT_WINDOW_SECONDS)`}

Press Ctrl-C to stop.`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping …`);
  await stack.stop();
  console.log('Stopped.');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
