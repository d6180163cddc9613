import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDbCaseRepository } from '../../functions/adapters/dynamodb-repository';
import { SesMailer } from '../../functions/adapters/ses-mailer';
import { localClient } from '../../infra/local/dynamodb-local';
import type { LocalStack } from '../../infra/local/stack';

/** The real adapters, pointed at a test's local stack, for driving use cases directly. */
export function realAdapters(stack: LocalStack) {
  const repository = new DynamoDbCaseRepository(localClient(stack.dynamoDbEndpoint), stack.tableName);
  const mailer = new SesMailer(
    new SESv2Client({ endpoint: stack.mailUrl, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    'no-reply@sundbyberg.example',
    'vistelse-local',
  );
  return { repository, mailer };
}
