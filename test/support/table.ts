import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { localClient } from '../../infra/local/dynamodb-local';

/** Every item of the table, sorted by key, as JSON: equal strings mean a byte-for-byte unchanged table. */
export async function tableSnapshot(endpoint: string, tableName: string): Promise<string> {
  const items = await scanAll(endpoint, tableName);
  return JSON.stringify(items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`)));
}

export async function scanAll(endpoint: string, tableName: string): Promise<Record<string, any>[]> {
  const client = localClient(endpoint);
  const items: Record<string, any>[] = [];
  let start: Record<string, any> | undefined;
  do {
    const out = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
    start = out.LastEvaluatedKey;
  } while (start);
  client.destroy();
  return items;
}
