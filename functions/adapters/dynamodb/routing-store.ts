import { BatchGetItemCommand, type BatchGetItemCommandOutput, type KeysAndAttributes } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { PreparedWrite } from '../../core/kernel/transaction';
import {
  ProviderLoadConflict,
  type LoadKeys,
  type ProviderLoadChange,
  type RoutingLoads,
  type RoutingPlan,
  type RoutingStore,
} from '../../core/routing/ports';
import { keys, type ItemKey } from './keys';
import { prepared, putNew, type Table, type TransactPart } from './transact';

/**
 * Routing's state: one load item per caseworker (`CASEWORKER#<id>/LOAD`: open cases, when last
 * given one) and per provider (`PROVIDER#<id>/LOAD`: clients and hours against its cap, whether
 * warned), and one item per non-choice rotation turn taken (`ROTATION#<insats>#<district>/TURN#n`;
 * the rotation's counter is in `counters-store.ts`).
 */
export class DynamoDbRoutingStore implements RoutingStore {
  constructor(private readonly table: Table) {}

  async loads(ids: LoadKeys): Promise<RoutingLoads> {
    const loads: RoutingLoads = { caseworkers: {}, providers: {} };
    const wanted = [...ids.caseworkerIds.map(keys.caseworkerLoad), ...ids.providerIds.map(keys.providerLoad)];
    if (wanted.length === 0) return loads;
    for (const item of await this.batchGet(wanted)) {
      if (item.caseworkerId) loads.caseworkers[item.caseworkerId] = { openCases: item.openCases ?? 0, lastAssignedAt: item.lastAssignedAt };
      if (item.providerId) {
        loads.providers[item.providerId] = { clients: item.clients ?? 0, hoursPerMonth: item.hoursPerMonth ?? 0, warned: Boolean(item.warnedAt) };
      }
    }
    return loads;
  }

  record({ caseId, reference, plan, at }: { caseId: string; reference: string; plan: RoutingPlan; at: string }): PreparedWrite {
    const caseworker = plan.caseworker;
    return this.changeLoads({
      caseId,
      reference,
      at,
      caseworkers: caseworker.kind === 'caseworker' ? [{ caseworkerId: caseworker.caseworkerId, delta: 1 }] : [],
      providers: plan.providerLoads,
      turns: plan.turns,
    });
  }

  changeLoads({ caseId, reference, at, caseworkers = [], providers = [], turns = [] }: Parameters<RoutingStore['changeLoads']>[0]): PreparedWrite {
    const parts: TransactPart[] = [];
    for (const { caseworkerId, delta } of caseworkers) {
      parts.push({
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(keys.caseworkerLoad(caseworkerId)),
            // Given a case, the caseworker is the one who got one last (round robin on ties).
            UpdateExpression: `SET caseworkerId = :id${delta > 0 ? ', lastAssignedAt = :now' : ''} ADD openCases :delta`,
            ExpressionAttributeValues: marshall({ ':id': caseworkerId, ':delta': delta, ...(delta > 0 ? { ':now': at } : {}) }),
          },
        },
      });
    }
    for (const change of providers) parts.push(this.providerLoadUpdate(change, at));
    for (const t of turns) {
      parts.push(putNew(this.table, { ...keys.rotationTurn(t.rotation, t.turn), type: 'rotation_turn', ...t, caseId, reference, takenAt: at }));
    }
    return prepared(parts);
  }

  private providerLoadUpdate(change: ProviderLoadChange, now: string): TransactPart {
    const conditions: string[] = [];
    const values: Record<string, unknown> = { ':id': change.providerId, ':clients': change.clients, ':hours': change.hoursPerMonth };
    if (change.cap && 'clients' in change.cap) {
      conditions.push('(attribute_not_exists(clients) OR clients <= :room)');
      values[':room'] = change.cap.clients - change.clients;
    }
    if (change.cap && 'hoursPerMonth' in change.cap) {
      conditions.push('(attribute_not_exists(hoursPerMonth) OR hoursPerMonth <= :room)');
      values[':room'] = change.cap.hoursPerMonth - change.hoursPerMonth;
    }
    if (change.seen) {
      conditions.push(
        change.seen.clients === 0 && change.seen.hoursPerMonth === 0
          ? '(attribute_not_exists(clients) OR (clients = :seenClients AND hoursPerMonth = :seenHours))'
          : '(clients = :seenClients AND hoursPerMonth = :seenHours)',
      );
      values[':seenClients'] = change.seen.clients;
      values[':seenHours'] = change.seen.hoursPerMonth;
    }
    if (change.warn) {
      conditions.push('attribute_not_exists(warnedAt)');
      values[':now'] = now;
    }
    return {
      item: {
        Update: {
          TableName: this.table.name,
          Key: marshall(keys.providerLoad(change.providerId)),
          UpdateExpression: `SET providerId = :id${change.warn ? ', warnedAt = :now' : ''} ADD clients :clients, hoursPerMonth :hours`,
          ...(conditions.length ? { ConditionExpression: conditions.join(' AND ') } : {}),
          ExpressionAttributeValues: marshall(values),
        },
      },
      onConditionFailed: () => new ProviderLoadConflict(change.providerId),
    };
  }

  private async batchGet(itemKeys: ItemKey[]): Promise<Record<string, any>[]> {
    const found: Record<string, any>[] = [];
    for (let i = 0; i < itemKeys.length; i += 100) {
      let request: Record<string, KeysAndAttributes> | undefined = {
        [this.table.name]: { Keys: itemKeys.slice(i, i + 100).map((k) => marshall(k)), ConsistentRead: true },
      };
      while (request && Object.keys(request).length > 0) {
        const out: BatchGetItemCommandOutput = await this.table.client.send(new BatchGetItemCommand({ RequestItems: request }));
        found.push(...(out.Responses?.[this.table.name] ?? []).map((item) => unmarshall(item)));
        request = out.UnprocessedKeys;
      }
    }
    return found;
  }
}
