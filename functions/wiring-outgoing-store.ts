import { dynamoDbClient } from './adapters/dynamodb/client';
import { DynamoDbOutgoingStayStore } from './adapters/dynamodb/outgoing-store';
import { env } from './wiring';

/** The outgoing stays' store: in the table, but only in the functions of outgoing stays (the others' bundles don't carry it). */
let store: DynamoDbOutgoingStayStore | undefined;
export function outgoingStore(): DynamoDbOutgoingStayStore {
  store ??= new DynamoDbOutgoingStayStore({ client: dynamoDbClient(), name: env().TABLE_NAME });
  return store;
}

/** The local stack starts again in one process with another table. */
export function resetOutgoingStore(): void {
  store = undefined;
}
