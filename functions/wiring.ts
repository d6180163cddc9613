import { dynamoDbClient } from './adapters/dynamodb/client';
import { dynamoDbStores, type Stores } from './adapters/dynamodb/stores';
import { ulidIds as pooledUlids } from './adapters/ulid-ids';
import { municipalityConfig } from './config';
import type { Clock, IdGenerator } from './core/kernel/clock';
import { env } from './env';

/**
 * The composition root: real adapters, built once per cold start. Locally the same adapters
 * talk to DynamoDB Local and the local SES through endpoint overrides. The mailer is in
 * `wiring-mail.ts`: the AWS SDK is external to the bundles, so an import of its SES client is
 * never tree-shaken and would load in functions that send no mail (the intake's module load
 * went from 249 to 179 ms, measured interleaved, when it stopped loading it).
 */
export const systemClock: Clock = { now: () => new Date() };
export const ulidIds: IdGenerator = pooledUlids();

let built: Stores | undefined;
/** The table's stores, on one client. */
export function stores(): Stores {
  built ??= dynamoDbStores(dynamoDbClient(), env().TABLE_NAME);
  return built;
}

export { municipalityConfig, env };
