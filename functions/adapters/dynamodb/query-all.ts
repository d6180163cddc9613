import { QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Table } from './transact';

/**
 * Every page of a query on `table` (a page holds at most 1 MB), or its first `limit` items,
 * unmarshalled: the one loop over `LastEvaluatedKey` the stores share.
 */
export async function queryAll(table: Table, query: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit'>, limit = Infinity): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let start: QueryCommandInput['ExclusiveStartKey'];
  do {
    const page = Number.isFinite(limit) ? { Limit: limit - items.length } : {};
    const out = await table.client.send(new QueryCommand({ TableName: table.name, ...query, ...page, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
    start = out.LastEvaluatedKey;
  } while (start && items.length < limit);
  return items;
}
