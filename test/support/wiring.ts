import { SESv2Client } from '@aws-sdk/client-sesv2';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dynamoDbStores } from '../../functions/adapters/dynamodb/stores';
import { EncryptionSdkVault, rawAesKeyring } from '../../functions/adapters/encryption-sdk-vault';
import { SesMailer } from '../../functions/adapters/ses-mailer';
import { localClient } from '../../infra/local/dynamodb-local';
import type { LocalStack } from '../../infra/local/stack';

/** The real adapters, pointed at a test's local stack, for driving use cases directly. */
export function realAdapters(stack: LocalStack) {
  const stores = dynamoDbStores(localClient(stack.dynamoDbEndpoint), stack.tableName);
  const mailer = new SesMailer(
    new SESv2Client({ endpoint: stack.mailUrl, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    'no-reply@sundbyberg.example',
    'vistelse-local',
  );
  // The vault with the stack's own key, as its functions have it.
  const vault = new EncryptionSdkVault(rawAesKeyring(readFileSync(stack.personalDataKeyFile)));
  return { stores, mailer, vault };
}

/** A vault with a key of its own, for unit tests: the real AWS Encryption SDK, nothing in between. */
export function testVault(): EncryptionSdkVault {
  return new EncryptionSdkVault(rawAesKeyring(randomBytes(32)));
}
