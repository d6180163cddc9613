import { ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { PersonalDataVault } from '../../core/kernel/personal-data';
import type { Order } from '../../../shared/order';
import { separatePersonalData } from '../../../shared/personal-data';
import { marshallOptions, type Table } from './transact';

/**
 * Seals the personal data of cases stored before it was sealed (data written before 2026-12,
 * kept in `.data/`): each such case's order is split, its personal data sealed and the clear part
 * written back, so that no item holds it in the clear any more. Run before anything is served (the
 * local stack runs it at start); a case already sealed is left alone, so it is safe to run again.
 */
export async function migrateLegacyCases(table: Table, vault: PersonalDataVault): Promise<string[]> {
  const sealed: string[] = [];
  let start: Record<string, any> | undefined;
  do {
    const out = await table.client.send(
      new ScanCommand({
        TableName: table.name,
        FilterExpression: '#type = :case AND attribute_not_exists(personalData) AND attribute_not_exists(purged)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: marshall({ ':case': 'case' }),
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of (out.Items ?? []).map((i) => unmarshall(i))) {
      const { clear, personal } = separatePersonalData(item.order as Order);
      const personalData = await vault.seal(item.caseId, personal);
      await table.client.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: marshall({ pk: item.pk, sk: item.sk }),
          UpdateExpression: 'SET #order = :order, personalData = :sealed',
          ConditionExpression: 'attribute_not_exists(personalData)',
          ExpressionAttributeNames: { '#order': 'order' },
          ExpressionAttributeValues: marshall({ ':order': clear, ':sealed': personalData }, marshallOptions),
        }),
      );
      sealed.push(item.reference);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return sealed;
}
