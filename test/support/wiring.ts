import { SESv2Client } from '@aws-sdk/client-sesv2';
import { dynamoDbStores } from '../../functions/adapters/dynamodb/stores';
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
  return { stores, mailer };
}
