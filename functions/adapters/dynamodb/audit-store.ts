import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AuditEntry, AuditLog } from '../../core/cases/ports';
import { keys } from './keys';
import { queryAll } from './query-all';
import type { Table } from './transact';

/**
 * The audit log of reads of personal data: one item per read in the case's own log partition
 * (`AUDIT#<case id>`, sorted by ULID: by time), so reading the case never reads its log, and the log
 * reads in one query.
 */
export class DynamoDbAuditLog implements AuditLog {
  constructor(private readonly table: Table) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.table.client.send(
      new PutItemCommand({
        TableName: this.table.name,
        Item: marshall({ ...keys.audit(entry.caseId, entry.id), type: 'audit', ...entry }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async ofCase(caseId: string): Promise<AuditEntry[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': keys.audit(caseId, '').pk }),
      ConsistentRead: true,
    });
    return items.map(({ id, caseId: c, at, by, name, role, what, view }) => ({ id, caseId: c, at, by, name, role, what, view }));
  }
}
