import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbAuditLog } from './audit-store';
import { DynamoDbCaseStore } from './case-store';
import { DynamoDbCounters } from './counters-store';
import { DynamoDbExtraVisitStore } from './extra-visit-store';
import { DynamoDbIdempotencyStore } from './idempotency-store';
import { DynamoDbJobLocks } from './job-lock-store';
import { DynamoDbMessageStore } from './message-store';
import { DynamoDbOrdererCodeStore, DynamoDbOrdererSessionStore, DynamoDbRateWindows } from './orderer-access-store';
import { DynamoDbOutboxStore } from './outbox-store';
import { DynamoDbPurgeStore } from './purge-store';
import { DynamoDbRoutingStore } from './routing-store';
import { DynamoDbLoginAttemptStore, DynamoDbSessionStore } from './session-store';
import { DynamoDbTimeReportStore } from './time-report-store';
import { DynamoDbTransactor } from './transact';

/** Every store of the one table, and the transactor that commits their prepared writes together. */
export function dynamoDbStores(client: DynamoDBClient, tableName: string) {
  const table = { client, name: tableName };
  return {
    cases: new DynamoDbCaseStore(table),
    audit: new DynamoDbAuditLog(table),
    routing: new DynamoDbRoutingStore(table),
    counters: new DynamoDbCounters(table),
    outbox: new DynamoDbOutboxStore(table),
    idempotency: new DynamoDbIdempotencyStore(table),
    sessions: new DynamoDbSessionStore(table),
    logins: new DynamoDbLoginAttemptStore(table),
    messages: new DynamoDbMessageStore(table),
    ordererCodes: new DynamoDbOrdererCodeStore(table),
    ordererSessions: new DynamoDbOrdererSessionStore(table),
    rates: new DynamoDbRateWindows(table),
    reports: new DynamoDbTimeReportStore(table),
    jobLocks: new DynamoDbJobLocks(table),
    purges: new DynamoDbPurgeStore(table),
    extras: new DynamoDbExtraVisitStore(table),
    transactor: new DynamoDbTransactor(table),
  };
}

export type Stores = ReturnType<typeof dynamoDbStores>;
