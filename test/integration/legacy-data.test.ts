import { GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, legacyCounterKeys } from '../../functions/adapters/dynamodb/keys';
import { migrateLegacyCases } from '../../functions/adapters/dynamodb/migrate-legacy-cases';
import { migrateLegacyCounters } from '../../functions/adapters/dynamodb/migrate-legacy-counters';
import { municipalityConfig } from '../../functions/config';
import { orderSchemaFor } from '../../shared/order';
import { joinPersonalData } from '../../shared/personal-data';
import { realAdapters } from '../support/wiring';
import { localClient } from '../../infra/local/dynamodb-local';
import type { LocalStack } from '../../infra/local/stack';
import { stockholmToday } from '../../shared/dates';
import { startLocalStack } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';

/**
 * Data kept in `.data/` by earlier versions. Counters from before they moved into one item: the
 * reference series and the rotations go on where they were, instead of starting again at 1 (which
 * would collide with the references already given). Cases from before personal data was sealed:
 * sealed at start, nothing left in the clear.
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ background: false });
});
afterAll(async () => {
  await stack?.stop();
});

describe('counters kept in items of their own (before 2026-12)', () => {
  it('are carried over once, and the next order continues the series and the rotation', async () => {
    const client = localClient(stack.dynamoDbEndpoint);
    const year = Number(stockholmToday(new Date()).slice(0, 4));
    const legacy = [
      { pk: legacyCounterKeys.caseReferencePartition, sk: legacyCounterKeys.yearSk(year), value: 41 },
      { pk: `${legacyCounterKeys.rotationPartitionPrefix}hemtjanst#centrala`, sk: legacyCounterKeys.rotationCounterSk, value: 7 },
    ];
    for (const item of legacy) await client.send(new PutItemCommand({ TableName: stack.tableName, Item: marshall(item) }));

    const table = { client, name: stack.tableName };
    expect((await migrateLegacyCounters(table)).sort()).toEqual([`case-reference#${year}`, 'rotation#hemtjanst#centrala']);
    expect(await migrateLegacyCounters(table)).toEqual([]);

    const res = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(exampleOrder()) });
    expect(res.status).toBe(201);
    expect((await res.json()).reference).toBe(`TV-${year}-00042`);
    const items = ((await client.send(new ScanCommand({ TableName: stack.tableName, ConsistentRead: true }))).Items ?? []).map((i) => unmarshall(i));
    expect(items.filter((i) => i.type === 'rotation_turn' && i.rotation === 'hemtjanst#centrala').map((i) => i.turn)).toEqual([8]);
    expect(items.filter((i) => legacy.some((l) => l.pk === i.pk && l.sk === i.sk))).toEqual([]);
    client.destroy();
  });
});

describe('cases stored with their personal data in the clear (before 2026-12)', () => {
  it('are sealed once; the case reads the same, and the table holds no personal data in the clear', async () => {
    const client = localClient(stack.dynamoDbEndpoint);
    const caseId = 'LEGACY01';
    const order = orderSchemaFor(municipalityConfig, stockholmToday(new Date())).parse(exampleOrder());
    await client.send(
      new PutItemCommand({
        TableName: stack.tableName,
        Item: marshall({ ...keys.case(caseId), type: 'case', caseId, reference: 'TV-2025-00007', status: 'open', order }, { removeUndefinedValues: true }),
      }),
    );
    const { vault } = realAdapters(stack);
    const table = { client, name: stack.tableName };
    expect(await migrateLegacyCases(table, vault)).toEqual(['TV-2025-00007']);
    expect(await migrateLegacyCases(table, vault)).toEqual([]);

    const item = unmarshall((await client.send(new GetItemCommand({ TableName: stack.tableName, Key: marshall(keys.case(caseId)) }))).Item!);
    expect(JSON.stringify(item)).not.toMatch(/Karin|Lindqvist|194006122388|Järnvägsgatan|höftfraktur/);
    expect(joinPersonalData(item.order, await vault.open(caseId, item.personalData))).toEqual(order);
    client.destroy();
  });
});
