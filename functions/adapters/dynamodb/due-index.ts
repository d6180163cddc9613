import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { DUE_INDEX, type ItemKey } from './keys';
import type { Table } from './transact';

/**
 * The keys of the items in one partition of the sparse due index (`gsi1`) whose time has come,
 * earliest first: what a scheduled job looks at instead of scanning the table. `until` is an
 * instant, or the sort key's own text (a date, `YYYY-MM-DD`); `before` leaves `until` itself out.
 */
export async function dueItemKeys(table: Table, partition: string, until: Date | string, limit: number, options: { before?: boolean } = {}): Promise<ItemKey[]> {
  const out = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      IndexName: DUE_INDEX.name,
      KeyConditionExpression: `#gpk = :due AND #gsk ${options.before ? '<' : '<='} :until`,
      ExpressionAttributeNames: { '#gpk': DUE_INDEX.partitionKey, '#gsk': DUE_INDEX.sortKey },
      ExpressionAttributeValues: marshall({ ':due': partition, ':until': typeof until === 'string' ? until : until.toISOString() }),
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((i) => {
    const { pk, sk } = unmarshall(i) as ItemKey;
    return { pk, sk };
  });
}
