import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { CasePurgedError, PurgeChangedError, type PurgedData, type PurgeLogEntry, type PurgePlan, type PurgeStore } from '../../core/purge/ports';
import { reasonWithoutPerson } from '../../../shared/routing';
import { dueItemKeys } from './due-index';
import {
  ATTACHMENT_SK_PREFIX,
  caseIdOfKeys,
  EXTRA_AGREEMENT_SK_PREFIX,
  EXTRA_VISIT_SK_PREFIX,
  DUE_INDEX,
  keys,
  MESSAGE_SK_PREFIX,
  ORDER_VERSION_SK_PREFIX,
  ORDERER_SESSION_SK_PREFIX,
  ordererSessionOfPointer,
  OUTBOX_SK_PREFIX,
  purgeLogPartition,
  NOTICE_SK_PREFIX,
  RECEIPT_SK_PREFIX,
  SEEN_SK_PREFIX,
  type ItemKey,
} from './keys';
import { queryAll } from './query-all';
import { DynamoDbTransactor, marshallOptions, prepared, type Table, type TransactPart } from './transact';

/** What DynamoDB takes in one transaction. */
const TRANSACTION_ITEMS = 100;

/** The kinds of item of a case's partition that a purge deletes whole, and what the log counts them as. */
const DELETED: { prefix: string; kind?: keyof PurgedData }[] = [
  { prefix: MESSAGE_SK_PREFIX, kind: 'messages' },
  // Extra visits: their reasons, questions and answers (an approved one's billing is its charge, which stays).
  { prefix: EXTRA_VISIT_SK_PREFIX, kind: 'reportTexts' },
  // Agreements on extra insatser: their notes speak of the person.
  { prefix: EXTRA_AGREEMENT_SK_PREFIX, kind: 'freeTexts' },
  // A changed order's versions: each holds its decision text, sealed (the billing figures are in the reports).
  { prefix: ORDER_VERSION_SK_PREFIX, kind: 'personalData' },
  { prefix: RECEIPT_SK_PREFIX },
  { prefix: SEEN_SK_PREFIX },
  { prefix: NOTICE_SK_PREFIX },
  { prefix: ATTACHMENT_SK_PREFIX, kind: 'attachments' },
  { prefix: ORDERER_SESSION_SK_PREFIX, kind: 'ordererAccess' },
  { prefix: OUTBOX_SK_PREFIX, kind: 'notifications' },
];

class AlreadyPurged extends Error {}

/**
 * A check, in the transaction of a write into a case's partition, that the case is not purged:
 * nothing said, attached or opened after the purge is left behind it (`CasePurgedError`).
 */
export function caseNotPurged(table: Table, caseId: string): TransactPart {
  return {
    item: { ConditionCheck: { TableName: table.name, Key: marshall(keys.case(caseId)), ConditionExpression: 'attribute_not_exists(purged)' } },
    onConditionFailed: () => new CasePurgedError(),
  };
}

const noneYet = (): PurgedData => ({ personalData: 0, messages: 0, attachments: 0, ordererAccess: 0, reportTexts: 0, freeTexts: 0, notifications: 0 });

/**
 * Gallring in the one table. A closed case waits on its `PURGE` item in the due index (`PURGE_DUE`,
 * by when it closed). A purge reads the case's partition and deletes whole its messages, files,
 * receipts, seen counts, notices, notifications and the pointers to its orderer's sessions (with
 * the sessions themselves and the orderer's code); it strips the sealed personal data, the
 * cancellation's reason, the decline reasons and the time reports' free texts from the items that
 * stay, and rewrites the routing's reason without the postal code and the age. The last
 * transaction takes the case out of the index, marks it purged and writes the log entry
 * (`PURGELOG#<unit>`), on the condition that no message came in since the partition was read.
 */
export class DynamoDbPurgeStore implements PurgeStore {
  private readonly writes = new WeakMap<PurgePlan, { body: TransactPart[]; meta: (entry: PurgeLogEntry) => TransactPart }>();

  constructor(private readonly table: Table) {}

  async due(closedBefore: string, limit: number): Promise<string[]> {
    return (await dueItemKeys(this.table, DUE_INDEX.purgePartition, closedBefore, limit, { before: true })).map(caseIdOfKeys);
  }

  async plan(caseId: string): Promise<PurgePlan | undefined> {
    const items = await this.partition(keys.case(caseId).pk);
    const meta = items.find((i) => i.sk === keys.case(caseId).sk);
    const due = items.find((i) => i.sk === keys.purge(caseId).sk);
    if (!meta || !due || meta.status !== 'closed' || meta.purged) return undefined;

    const purged = noneYet();
    const body: TransactPart[] = [];
    const objectKeys: string[] = [];
    const del = (key: ItemKey): TransactPart => ({ item: { Delete: { TableName: this.table.name, Key: marshall(key) } } });
    const update = (key: ItemKey, expression: string, values?: Record<string, unknown>, names?: Record<string, string>): TransactPart => ({
      item: {
        Update: {
          TableName: this.table.name,
          Key: marshall(key),
          UpdateExpression: expression,
          ConditionExpression: 'attribute_exists(pk)',
          ...(names ? { ExpressionAttributeNames: names } : {}),
          ...(values ? { ExpressionAttributeValues: marshall(values, marshallOptions) } : {}),
        },
      },
    });

    for (const item of items) {
      const key = { pk: item.pk as string, sk: item.sk as string };
      const deleted = DELETED.find((d) => key.sk.startsWith(d.prefix));
      if (deleted) {
        body.push(del(key));
        if (deleted.kind) purged[deleted.kind]++;
        if (key.sk.startsWith(ATTACHMENT_SK_PREFIX) && item.objectKey) objectKeys.push(item.objectKey);
        if (key.sk.startsWith(ORDERER_SESSION_SK_PREFIX)) body.push(del(ordererSessionOfPointer(key.sk)));
      } else if (item.type === 'assignment' && (item.declines ?? []).some((d: { reason?: string }) => d.reason)) {
        purged.freeTexts += item.declines.filter((d: { reason?: string }) => d.reason).length;
        body.push(update(key, 'SET declines = :declines', { ':declines': item.declines.map((d: Record<string, unknown>) => ({ ...d, reason: '' })) }));
      } else if (item.type === 'case_event' && item.reason !== undefined) {
        body.push(update(key, 'REMOVE reason'));
      } else if (item.type === 'time_report_version' && (item.sealedTexts !== undefined || item.review?.sealedComment !== undefined)) {
        purged.reportTexts++;
        const remove = [...(item.sealedTexts !== undefined ? ['sealedTexts'] : []), ...(item.review?.sealedComment !== undefined ? ['review.sealedComment'] : [])];
        body.push(update(key, `REMOVE ${remove.join(', ')}`));
      }
    }

    purged.personalData += Object.keys(meta.personalData ?? {}).length;
    const cancellationReason = meta.ended?.cancellation?.sealedReason !== undefined;
    if (cancellationReason) purged.freeTexts++;
    const remove = [...(meta.personalData ? ['personalData'] : []), ...(cancellationReason ? ['ended.cancellation.sealedReason'] : [])];
    // Nothing may have been said in the case since it was read: its message counts are as read.
    const counts = ['messagesConversation', 'messagesInternal'].map((a, i) => ({ a, i, n: meta[a] as number | undefined }));
    const metaPart = (entry: PurgeLogEntry): TransactPart => ({
      item: {
        Update: {
          TableName: this.table.name,
          Key: marshall(keys.case(caseId)),
          UpdateExpression: `SET routing.reason = :reason, purged = :purged${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: ['attribute_exists(pk)', 'attribute_not_exists(purged)', ...counts.map((c) => (c.n === undefined ? `attribute_not_exists(${c.a})` : `${c.a} = :n${c.i}`))].join(' AND '),
          ExpressionAttributeValues: marshall(
            {
              ':reason': reasonWithoutPerson(String(meta.routing?.reason ?? '')),
              ':purged': { at: entry.purgedAt, run: entry.run, ...entry.purged },
              ...Object.fromEntries(counts.filter((c) => c.n !== undefined).map((c) => [`:n${c.i}`, c.n])),
            },
            marshallOptions,
          ),
        },
      },
      onConditionFailed: () => new PurgeChangedError(),
    });
    const plan: PurgePlan = { caseId, reference: meta.reference, unitId: meta.routing.unitId, closedAt: meta.closedAt, objectKeys, purged };
    this.writes.set(plan, { body, meta: metaPart });
    return plan;
  }

  async commit(plan: PurgePlan, entry: PurgeLogEntry): Promise<boolean> {
    const writes = this.writes.get(plan);
    if (!writes) throw new Error('A purge plan from another store was given to commit');
    const last: TransactPart[] = [
      // First: a case someone else purged meanwhile says so, whatever else changed.
      {
        item: { Delete: { TableName: this.table.name, Key: marshall(keys.purge(plan.caseId)), ConditionExpression: 'attribute_exists(pk)' } },
        onConditionFailed: () => new AlreadyPurged(),
      },
      writes.meta(entry),
      { item: { Delete: { TableName: this.table.name, Key: marshall(keys.ordererCode(plan.caseId)) } } },
      { item: { Put: { TableName: this.table.name, Item: marshall({ ...keys.purgeLog(entry.unitId, entry.purgedAt, entry.caseId), type: 'purge_log', ...entry }, marshallOptions) } } },
    ];
    const transactor = new DynamoDbTransactor(this.table);
    const body = [...writes.body];
    try {
      // A large case's deletions go first, a hundred at a time; the last transaction takes what is left.
      while (body.length + last.length > TRANSACTION_ITEMS) await transactor.commit([prepared(body.splice(0, TRANSACTION_ITEMS))]);
      await transactor.commit([prepared([...body, ...last])]);
      return true;
    } catch (error) {
      if (error instanceof AlreadyPurged) return false;
      throw error;
    }
  }

  async log(unitId: string, limit: number): Promise<PurgeLogEntry[]> {
    const out = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: marshall({ ':pk': purgeLogPartition(unitId) }),
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => {
      const { caseId, reference, unitId: unit, closedAt, purgedAt, run, purged } = unmarshall(i);
      return { caseId, reference, unitId: unit, closedAt, purgedAt, run, purged };
    });
  }

  private async partition(pk: string): Promise<Record<string, any>[]> {
    return queryAll(this.table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: marshall({ ':pk': pk }), ConsistentRead: true });
  }
}
