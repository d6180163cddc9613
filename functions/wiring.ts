import { SESv2Client } from '@aws-sdk/client-sesv2';
import { ulid } from 'ulid';
import { dynamoDbClient } from './adapters/dynamodb-client';
import { DynamoDbCaseRepository } from './adapters/dynamodb-repository';
import { SesMailer } from './adapters/ses-mailer';
import { municipalityConfig } from './config';
import type { Clock, IdGenerator } from './core/ports';
import { env } from './env';

/**
 * The composition root: real adapters, built once per cold start. Locally the same adapters
 * talk to DynamoDB Local and the local SES through endpoint overrides.
 */
export const systemClock: Clock = { now: () => new Date() };
export const ulidIds: IdGenerator = { next: () => ulid() };

let repository: DynamoDbCaseRepository | undefined;
export function caseRepository(): DynamoDbCaseRepository {
  repository ??= new DynamoDbCaseRepository(dynamoDbClient(), env().TABLE_NAME);
  return repository;
}

let mailer: SesMailer | undefined;
export function sesMailer(): SesMailer {
  const { AWS_REGION, SES_ENDPOINT, MAIL_FROM, SES_CONFIGURATION_SET } = env();
  mailer ??= new SesMailer(
    new SESv2Client({ region: AWS_REGION, ...(SES_ENDPOINT ? { endpoint: SES_ENDPOINT } : {}) }),
    MAIL_FROM,
    SES_CONFIGURATION_SET,
  );
  return mailer;
}

export { municipalityConfig, env };
