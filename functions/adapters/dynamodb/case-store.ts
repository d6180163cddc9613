import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { AssignmentNotHeldError, type CaseEvent, type CaseStore, type CaseView, type NewCase } from '../../core/cases/ports';
import type { PreparedWrite } from '../../core/kernel/transaction';
import { keys } from './keys';
import { isOutboxItem, notificationStatusOf } from './outbox-store';
import { prepared, putNew, type Table } from './transact';

/**
 * Cases: each in its own partition (`CASE#<id>`) — `META` (the order, its routing decision),
 * `ASSIGNMENT#<insats>` and `EVENT#<ulid>` (its timeline), beside the outbox's notifications —
 * with `CASEREF#<reference>` keeping references unique (the series itself is a counter, see
 * `counters-store.ts`).
 */
export class DynamoDbCaseStore implements CaseStore {
  constructor(private readonly table: Table) {}

  create({ caseId, reference, receivedAt, order, personalData, routing }: NewCase): PreparedWrite {
    const caseworker = routing.caseworker;
    return prepared([
      putNew(this.table, {
        ...keys.case(caseId),
        type: 'case',
        caseId,
        reference,
        status: 'open',
        receivedAt,
        protectedIdentity: order.person.protectedIdentity,
        routing: {
          kind: caseworker.kind,
          caseworkerId: caseworker.kind === 'caseworker' ? caseworker.caseworkerId : undefined,
          unitId: caseworker.unitId,
          districtId: caseworker.districtId,
          reason: caseworker.reason,
          routedAt: receivedAt,
        },
        order,
        personalData,
      }),
      putNew(this.table, { ...keys.caseReference(reference), type: 'case_reference', caseId }),
      ...routing.assignments.map((a) =>
        putNew(this.table, {
          ...keys.assignment(caseId, a.insatsType),
          type: 'assignment',
          caseId,
          reference,
          insatsType: a.insatsType,
          status: a.status,
          decision: a.decision,
          decidedAt: receivedAt,
        }),
      ),
    ]);
  }

  async findIdByReference(reference: string): Promise<string | undefined> {
    const out = await this.table.client.send(
      new GetItemCommand({ TableName: this.table.name, Key: marshall(keys.caseReference(reference)), ConsistentRead: true }),
    );
    return out.Item ? unmarshall(out.Item).caseId : undefined;
  }

  async find(caseId: string): Promise<CaseView | undefined> {
    const items: Record<string, any>[] = [];
    let start: Record<string, any> | undefined;
    do {
      const out = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': keys.case(caseId).pk }),
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
      start = out.LastEvaluatedKey;
    } while (start);
    const meta = items.find((i) => i.type === 'case');
    if (!meta) return undefined;
    return {
      caseId,
      reference: meta.reference,
      status: meta.status,
      protectedIdentity: meta.protectedIdentity,
      routing: meta.routing,
      order: meta.order,
      personalData: meta.personalData,
      assignments: items
        .filter((i) => i.type === 'assignment')
        .map((i) => ({ insatsType: i.insatsType, decision: i.decision, status: i.status, decidedAt: i.decidedAt, releasedAt: i.releasedAt })),
      notifications: items.filter(isOutboxItem).map(notificationStatusOf),
      events: items
        .filter((i) => i.type === 'case_event')
        .map(({ pk: _pk, sk: _sk, type: _type, eventId: _id, eventType, ...rest }) => ({ type: eventType, ...rest }) as CaseView['events'][number]),
    };
  }

  releaseAssignments(caseId: string, insatsTypes: readonly string[], at: string): PreparedWrite {
    return prepared(
      insatsTypes.map((type) => ({
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(keys.assignment(caseId, type)),
            UpdateExpression: 'SET #status = :sent, releasedAt = :at',
            ConditionExpression: '#status = :held',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: marshall({ ':sent': 'sent', ':held': 'held', ':at': at }),
          },
        },
        onConditionFailed: () => new AssignmentNotHeldError(),
      })),
    );
  }

  recordEvent(caseId: string, { id, type, ...details }: CaseEvent): PreparedWrite {
    return prepared([putNew(this.table, { ...keys.caseEvent(caseId, id), type: 'case_event', eventId: id, eventType: type, ...details })]);
  }
}
