import { BatchGetItemCommand, type BatchGetItemCommandOutput, type KeysAndAttributes } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ItemKey } from './keys';
import type { Table } from './transact';

/**
 * The items of these keys (those that exist), read consistently 100 to a request, unprocessed keys
 * asked again, and returned in the keys' order (BatchGetItem answers in any order).
 */
export async function batchGetItems(table: Table, itemKeys: readonly ItemKey[]): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  for (let i = 0; i < itemKeys.length; i += 100) {
    let request: Record<string, KeysAndAttributes> | undefined = { [table.name]: { Keys: itemKeys.slice(i, i + 100).map((k) => marshall(k)), ConsistentRead: true } };
    while (request && Object.keys(request).length > 0) {
      const out: BatchGetItemCommandOutput = await table.client.send(new BatchGetItemCommand({ RequestItems: request }));
      items.push(...(out.Responses?.[table.name] ?? []).map((item) => unmarshall(item)));
      request = out.UnprocessedKeys;
    }
  }
  const order = new Map(itemKeys.map((k, i) => [`${k.pk}|${k.sk}`, i]));
  return items.sort((a, b) => order.get(`${a.pk}|${a.sk}`)! - order.get(`${b.pk}|${b.sk}`)!);
}
