import { ConditionalCheckFailedException, DeleteItemCommand, QueryCommand, ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { caseReferenceCounter, rotationCounter, type CounterName } from '../../core/kernel/counters';
import { keys, legacyCounterKeys } from './keys';
import type { Table } from './transact';

/**
 * Moves counters kept in items of their own (data written before 2026-12) into the counters item,
 * so that a reference series and a rotation go on where they were instead of starting again at 1.
 * Run before anything is served (the local stack runs it at start; it finds nothing on a new
 * table). Safe to run again: a counter already in the counters item is left as it is.
 */
export async function migrateLegacyCounters(table: Table): Promise<CounterName[]> {
  const legacy: { key: Record<string, unknown>; name: CounterName; value: number }[] = [];
  const years = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': legacyCounterKeys.caseReferencePartition }),
      ConsistentRead: true,
    }),
  );
  for (const item of (years.Items ?? []).map((i) => unmarshall(i))) {
    legacy.push({ key: { pk: item.pk, sk: item.sk }, name: caseReferenceCounter(legacyCounterKeys.yearOf(item.sk)), value: item.value });
  }
  let start: Record<string, any> | undefined;
  do {
    const out = await table.client.send(
      new ScanCommand({
        TableName: table.name,
        FilterExpression: 'begins_with(pk, :rotation) AND sk = :counter',
        ExpressionAttributeValues: marshall({ ':rotation': legacyCounterKeys.rotationPartitionPrefix, ':counter': legacyCounterKeys.rotationCounterSk }),
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of (out.Items ?? []).map((i) => unmarshall(i))) {
      legacy.push({ key: { pk: item.pk, sk: item.sk }, name: rotationCounter(legacyCounterKeys.rotationOf(item.pk)), value: item.value });
    }
    start = out.LastEvaluatedKey;
  } while (start);

  for (const { key, name, value } of legacy) {
    await table.client
      .send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: marshall(keys.counters()),
          UpdateExpression: 'SET #c = :value',
          ConditionExpression: 'attribute_not_exists(#c)',
          ExpressionAttributeNames: { '#c': name },
          ExpressionAttributeValues: marshall({ ':value': value }),
        }),
      )
      .catch((error) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
    await table.client.send(new DeleteItemCommand({ TableName: table.name, Key: marshall(key) }));
  }
  return legacy.map((l) => l.name);
}
