import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { PreparedWrite } from '../../core/kernel/transaction';
import { OutgoingChangedError, type ChaseStepTaken, type OutgoingReport, type OutgoingStay, type OutgoingStayStore } from '../../core/outgoing/ports';
import type { InsatsType } from '../../../shared/insatser';
import { batchGetItems } from './batch-get';
import { dueItemKeys } from './due-index';
import { DUE_INDEX, INBOX_INDEX, keys, OUTGOING_REPORT_SK_PREFIX } from './keys';
import { marshallOptions, prepared, putNew, type Table, type TransactPart } from './transact';

const changed = () => new OutgoingChangedError();
const STAY_FIELDS = ['id', 'reference', 'unitId', 'caseworkerEmail', 'registeredAt', 'protectedIdentity', 'sealedPerson', 'sealedDecisionText', 'stayMunicipality', 'stay', 'decidedOn', 'insatser', 'orderer', 'billing', 'contact', 'reportDue', 'sent', 'confirmation', 'ended'] as const;
const REPORT_FIELDS = ['stayId', 'reference', 'insatsType', 'month', 'period', 'unit', 'dueOn', 'ladder', 'chased', 'status', 'received', 'invoice'] as const;
const pick = <T>(item: Record<string, unknown>, fields: readonly string[]) => Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as T;

/**
 * Outgoing stays: `OUTGOING#<id>` holds the stay (`STAY`) and its expected reports
 * (`REPORT#<insats>#<month>`); `OUTGOINGREF#<reference>` keeps the reference unique; the stay is in
 * its unit's list (`OUTGOING_UNIT#<unit>` on the inbox index), an expected report in the due index
 * (`OUTGOING_REPORT_DUE`, by its next chase step's date) until received or chased to the end.
 */
export class DynamoDbOutgoingStayStore implements OutgoingStayStore {
  constructor(private readonly table: Table) {}

  create(stay: OutgoingStay, reports: OutgoingReport[]): PreparedWrite {
    return prepared([
      putNew(this.table, { ...keys.outgoingReference(stay.reference), type: 'outgoing_reference', stayId: stay.id }, changed),
      putNew(this.table, { ...keys.outgoingStay(stay.id), type: 'outgoing_stay', ...stay, [INBOX_INDEX.partitionKey]: INBOX_INDEX.outgoingOfUnit(stay.unitId), [INBOX_INDEX.sortKey]: `${stay.registeredAt}#${stay.id}` }, changed),
      ...reports.map((r) =>
        putNew(this.table, { ...keys.outgoingReport(r.stayId, r.insatsType, r.month), type: 'outgoing_report', ...r, [DUE_INDEX.partitionKey]: DUE_INDEX.outgoingReportPartition, [DUE_INDEX.sortKey]: r.ladder.reminder }, changed),
      ),
    ]);
  }

  async find(id: string): Promise<OutgoingStay | undefined> {
    const out = await this.table.client.send(new GetItemCommand({ TableName: this.table.name, Key: marshall(keys.outgoingStay(id)), ConsistentRead: true }));
    return out.Item ? pick<OutgoingStay>(unmarshall(out.Item), STAY_FIELDS) : undefined;
  }

  async findIdByReference(reference: string): Promise<string | undefined> {
    const out = await this.table.client.send(new GetItemCommand({ TableName: this.table.name, Key: marshall(keys.outgoingReference(reference)), ConsistentRead: true }));
    return out.Item ? String(unmarshall(out.Item).stayId) : undefined;
  }

  async ofUnit(unitId: string, limit: number): Promise<OutgoingStay[]> {
    const out = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: INBOX_INDEX.name,
        KeyConditionExpression: '#pk = :unit',
        ExpressionAttributeNames: { '#pk': INBOX_INDEX.partitionKey },
        ExpressionAttributeValues: marshall({ ':unit': INBOX_INDEX.outgoingOfUnit(unitId) }),
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => pick<OutgoingStay>(unmarshall(i), STAY_FIELDS));
  }

  async reportsOf(stayId: string): Promise<OutgoingReport[]> {
    const out = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: marshall({ ':pk': keys.outgoingStay(stayId).pk, ':prefix': OUTGOING_REPORT_SK_PREFIX }),
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => pick<OutgoingReport>(unmarshall(i), REPORT_FIELDS)).sort((a, b) => a.month.localeCompare(b.month) || a.insatsType.localeCompare(b.insatsType));
  }

  markSent(id: string, sent: NonNullable<OutgoingStay['sent']>): PreparedWrite {
    return prepared([this.updateStay(id, 'SET sent = :sent', 'attribute_not_exists(sent) AND attribute_not_exists(ended)', { ':sent': sent })]);
  }

  confirm(id: string, confirmation: NonNullable<OutgoingStay['confirmation']>, drop: { insatsType: InsatsType; month: string }[]): PreparedWrite {
    return prepared([
      this.updateStay(id, 'SET confirmation = :c', 'attribute_not_exists(confirmation) AND attribute_not_exists(ended)', { ':c': confirmation }),
      ...drop.map(
        (d): TransactPart => ({
          item: { Delete: { TableName: this.table.name, Key: marshall(keys.outgoingReport(id, d.insatsType, d.month)), ConditionExpression: '#status = :expected', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: marshall({ ':expected': 'expected' }) } },
          onConditionFailed: changed,
        }),
      ),
    ]);
  }

  end(id: string, ended: NonNullable<OutgoingStay['ended']>, drop: { insatsType: InsatsType; month: string }[], trim: { insatsType: InsatsType; month: string; period: OutgoingReport['period'] }[]): PreparedWrite {
    return prepared([
      this.updateStay(id, 'SET ended = :e', 'attribute_not_exists(ended)', { ':e': ended }),
      ...drop.map(
        (d): TransactPart => ({
          item: { Delete: { TableName: this.table.name, Key: marshall(keys.outgoingReport(id, d.insatsType, d.month)), ConditionExpression: '#status = :expected', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: marshall({ ':expected': 'expected' }) } },
          onConditionFailed: changed,
        }),
      ),
      ...trim.map((t) => this.updateReport(id, t.insatsType, t.month, 'SET period = :p', '#status = :expected', { ':p': t.period, ':expected': 'expected' })),
    ]);
  }

  receiveReport({ stayId, insatsType, month, received }: { stayId: string; insatsType: InsatsType; month: string; received: NonNullable<OutgoingReport['received']> }): PreparedWrite {
    return prepared([this.updateReport(stayId, insatsType, month, 'SET #status = :received, received = :r REMOVE #dpk, #dsk', '#status = :expected', { ':received': 'received', ':r': received, ':expected': 'expected' })]);
  }

  recordInvoice({ stayId, insatsType, month, invoice }: { stayId: string; insatsType: InsatsType; month: string; invoice: NonNullable<OutgoingReport['invoice']> }): PreparedWrite {
    return prepared([this.updateReport(stayId, insatsType, month, 'SET invoice = :i', '#status = :received AND attribute_not_exists(invoice)', { ':i': invoice, ':received': 'received' })]);
  }

  async reportsDue(date: string, limit: number): Promise<OutgoingReport[]> {
    const due = await dueItemKeys(this.table, DUE_INDEX.outgoingReportPartition, date, limit);
    if (due.length === 0) return [];
    return (await batchGetItems(this.table, due)).map((i) => pick<OutgoingReport>(i, REPORT_FIELDS)).filter((r) => r.status === 'expected');
  }

  takeChaseStep(s: ChaseStepTaken): PreparedWrite {
    const entry = [{ step: s.step, at: s.at }];
    return prepared([
      s.nextDueOn
        ? this.updateReport(s.stayId, s.insatsType, s.month, 'SET chased = list_append(chased, :entry), #dsk = :next', '#status = :expected AND size(chased) = :before', { ':entry': entry, ':next': s.nextDueOn, ':expected': 'expected', ':before': s.chasedBefore })
        : this.updateReport(s.stayId, s.insatsType, s.month, 'SET chased = list_append(chased, :entry) REMOVE #dpk, #dsk', '#status = :expected AND size(chased) = :before', { ':entry': entry, ':expected': 'expected', ':before': s.chasedBefore }),
    ]);
  }

  private updateStay(id: string, expression: string, condition: string, values: Record<string, unknown>): TransactPart {
    return {
      item: { Update: { TableName: this.table.name, Key: marshall(keys.outgoingStay(id)), UpdateExpression: expression, ConditionExpression: `attribute_exists(pk) AND ${condition}`, ExpressionAttributeValues: marshall(values, marshallOptions) } },
      onConditionFailed: changed,
    };
  }

  private updateReport(stayId: string, insatsType: string, month: string, expression: string, condition: string, values: Record<string, unknown>): TransactPart {
    const all: Record<string, string> = { '#status': 'status', '#dpk': DUE_INDEX.partitionKey, '#dsk': DUE_INDEX.sortKey };
    const text = `${expression} ${condition}`;
    return {
      item: {
        Update: {
          TableName: this.table.name,
          Key: marshall(keys.outgoingReport(stayId, insatsType, month)),
          UpdateExpression: expression,
          ConditionExpression: `attribute_exists(pk) AND ${condition}`,
          ExpressionAttributeNames: Object.fromEntries(Object.entries(all).filter(([k]) => text.includes(k))),
          ExpressionAttributeValues: marshall(values, marshallOptions),
        },
      },
      onConditionFailed: changed,
    };
  }
}
