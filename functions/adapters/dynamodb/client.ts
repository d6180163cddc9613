import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { env } from '../../env';

let client: DynamoDBClient | undefined;

/** One client per process, pointed at the local stack when `DYNAMODB_ENDPOINT` is set. */
export function dynamoDbClient(): DynamoDBClient {
  const { AWS_REGION, DYNAMODB_ENDPOINT } = env();
  client ??= new DynamoDBClient({ region: AWS_REGION, ...(DYNAMODB_ENDPOINT ? { endpoint: DYNAMODB_ENDPOINT } : {}) });
  return client;
}
