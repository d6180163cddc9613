import {
  ConditionalCheckFailedException,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { PreparedWrite } from '../../core/kernel/transaction';
import {
  ReportChangedError,
  type Charge,
  type ExpectedReport,
  type PendingChaseNotice,
  type ReportKey,
  type StoredReportVersion,
  type TimeReportStore,
} from '../../core/reports/ports';
import { ALL_CASES_INDEX, DUE_INDEX, INBOX_INDEX, keys, TIMEREPORT_SK_PREFIX } from './keys';
import { batchGetItems } from './batch-get';
import { dueItemKeys } from './due-index';
import { queryAll } from './query-all';
import { marshallOptions, prepared, putNew, type Table } from './transact';

const key = (k: ReportKey) => keys.timeReport(k.caseId, k.insatsType, k.month);
const changed = () => new ReportChangedError();

function reportOf(item: Record<string, any>): ExpectedReport {
  const { pk: _pk, sk: _sk, type: _type, notice: _notice, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, gsi3pk: _e, gsi3sk: _f, ...report } = item;
  return { ...report, chased: report.chased ?? [] } as ExpectedReport;
}

function versionOf(item: Record<string, any>): StoredReportVersion {
  const { pk: _pk, sk: _sk, type: _type, ...version } = item;
  return version as StoredReportVersion;
}

/**
 * Time reports in their case's partition: `TIMEREPORT#<insats>#<month>` (the expected report, its
 * state, its ladder) and `TIMEREPORTVERSION#<insats>#<month>#<n>` (each submitted version). Three
 * sparse index entries come and go with the report's state: the due index while a chase step is
 * ahead (by the step's date), the notice list while a step's mail is owed, and the month's
 * approved reports once approved.
 */
export class DynamoDbTimeReportStore implements TimeReportStore {
  constructor(private readonly table: Table) {}

  plan(reports: readonly ExpectedReport[]): PreparedWrite {
    return prepared(
      reports.map((r) =>
        putNew(
          this.table,
          {
            ...key(r),
            type: 'time_report',
            ...r,
            [DUE_INDEX.partitionKey]: DUE_INDEX.timeReportPartition,
            [DUE_INDEX.sortKey]: r.ladder.reminder,
            [ALL_CASES_INDEX.partitionKey]: ALL_CASES_INDEX.openReports(r.providerId),
            [ALL_CASES_INDEX.sortKey]: `${r.dueDate}#${r.caseId}#${r.insatsType}#${r.month}`,
          },
          changed,
        ),
      ),
    );
  }

  revise(reports: readonly ExpectedReport[]): PreparedWrite {
    return prepared(
      reports.map((r) => ({
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(key(r)),
            UpdateExpression: `SET period = :period, #unit = :unit, rate = :rate${r.granted === undefined ? ' REMOVE granted' : ', granted = :granted'}`,
            ConditionExpression: '#status = :expected',
            ExpressionAttributeNames: { '#status': 'status', '#unit': 'unit' },
            ExpressionAttributeValues: marshall(
              { ':period': r.period, ':unit': r.unit, ':rate': r.rate, ':expected': 'expected', ...(r.granted === undefined ? {} : { ':granted': r.granted }) },
              { removeUndefinedValues: true },
            ),
          },
        },
        onConditionFailed: changed,
      })),
    );
  }

  dropExpected(reportKeys: readonly ReportKey[]): PreparedWrite {
    return prepared(
      reportKeys.map((k) => ({
        item: {
          Delete: {
            TableName: this.table.name,
            Key: marshall(key(k)),
            ConditionExpression: '#status = :expected',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: marshall({ ':expected': 'expected' }),
          },
        },
        onConditionFailed: changed,
      })),
    );
  }

  async ofCase(caseId: string): Promise<{ reports: ExpectedReport[]; versions: StoredReportVersion[] }> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: marshall({ ':pk': keys.case(caseId).pk, ':prefix': TIMEREPORT_SK_PREFIX }),
      ConsistentRead: true,
    });
    return {
      reports: items.filter((i) => i.type === 'time_report').map(reportOf),
      versions: items.filter((i) => i.type === 'time_report_version').map(versionOf),
    };
  }

  async find(k: ReportKey): Promise<ExpectedReport | undefined> {
    const out = await this.table.client.send(new GetItemCommand({ TableName: this.table.name, Key: marshall(key(k)), ConsistentRead: true }));
    return out.Item ? reportOf(unmarshall(out.Item)) : undefined;
  }

  submit(version: StoredReportVersion): PreparedWrite {
    return prepared([
      putNew(this.table, { ...keys.timeReportVersion(version.caseId, version.insatsType, version.month, version.version), type: 'time_report_version', ...version }, changed),
      {
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(key(version)),
            // In: the ladder stops (the report leaves the due index).
            UpdateExpression: 'SET #status = :submitted, versions = :v REMOVE #gpk, #gsk',
            ConditionExpression: '(#status = :expected OR #status = :returned) AND versions = :previous',
            ExpressionAttributeNames: { '#status': 'status', '#gpk': DUE_INDEX.partitionKey, '#gsk': DUE_INDEX.sortKey },
            ExpressionAttributeValues: marshall({ ':submitted': 'submitted', ':expected': 'expected', ':returned': 'returned', ':v': version.version, ':previous': version.version - 1 }),
          },
        },
        onConditionFailed: changed,
      },
    ]);
  }

  review(input: ReportKey & { version: number; review: NonNullable<StoredReportVersion['review']>; approvedQuantity?: number }): PreparedWrite {
    const approve = input.review.decision === 'approve';
    const report = reportReviewUpdate(this.table.name, input, approve);
    return prepared([
      {
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(keys.timeReportVersion(input.caseId, input.insatsType, input.month, input.version)),
            UpdateExpression: 'SET review = :review',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(review)',
            ExpressionAttributeValues: marshall({ ':review': input.review }, marshallOptions),
          },
        },
        onConditionFailed: changed,
      },
      { item: { Update: report }, onConditionFailed: changed },
    ]);
  }

  async dueForChase(date: string, limit: number): Promise<ExpectedReport[]> {
    const itemKeys = await dueItemKeys(this.table, DUE_INDEX.timeReportPartition, date, limit);
    // In the index's order: earliest due first.
    const items = await batchGetItems(this.table, itemKeys);
    // The index is eventually consistent: what the item itself says decides.
    return items.filter((i) => i.type === 'time_report' && i[DUE_INDEX.partitionKey] === DUE_INDEX.timeReportPartition && i[DUE_INDEX.sortKey] <= date).map(reportOf);
  }

  async takeStep(input: ReportKey & { step: ExpectedReport['chased'][number]['step']; stepsBefore: number; at: string; run: string; nextDueDate?: string }): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status', '#gsk': DUE_INDEX.sortKey, '#npk': INBOX_INDEX.partitionKey, '#nsk': INBOX_INDEX.sortKey };
    const values: Record<string, unknown> = {
      ':expected': 'expected',
      ':n': input.stepsBefore,
      ':step': [{ step: input.step, at: input.at }],
      ':empty': [],
      ':notice': { run: input.run, step: input.step, at: input.at },
      ':notices': INBOX_INDEX.timeReportNotices,
      ':noticeSk': `${input.run}#${input.caseId}#${input.insatsType}#${input.month}`,
    };
    let update = 'SET chased = list_append(if_not_exists(chased, :empty), :step), notice = :notice, #npk = :notices, #nsk = :noticeSk';
    if (input.nextDueDate) {
      update += ', #gsk = :next';
      values[':next'] = input.nextDueDate;
    } else {
      names['#gpk'] = DUE_INDEX.partitionKey;
      update += ' REMOVE #gpk, #gsk';
    }
    try {
      await this.table.client.send(
        new UpdateItemCommand({
          TableName: this.table.name,
          Key: marshall(key(input)),
          UpdateExpression: update,
          // Still out, exactly the steps before this one taken, and no earlier step's mail still owed.
          ConditionExpression: '#status = :expected AND size(chased) = :n AND attribute_not_exists(notice)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async pendingNotices(): Promise<PendingChaseNotice[]> {
    const items = await queryAll(this.table, {
      IndexName: INBOX_INDEX.name,
      KeyConditionExpression: '#npk = :notices',
      ExpressionAttributeNames: { '#npk': INBOX_INDEX.partitionKey },
      ExpressionAttributeValues: marshall({ ':notices': INBOX_INDEX.timeReportNotices }),
    });
    return items.filter((i) => i.notice).map((i) => ({ report: reportOf(i), run: i.notice.run, step: i.notice.step, at: i.notice.at }));
  }

  async clearNotice(k: ReportKey, run: string): Promise<void> {
    try {
      await this.table.client.send(
        new UpdateItemCommand({
          TableName: this.table.name,
          Key: marshall(key(k)),
          UpdateExpression: 'REMOVE notice, #npk, #nsk',
          ConditionExpression: 'notice.run = :run',
          ExpressionAttributeNames: { '#npk': INBOX_INDEX.partitionKey, '#nsk': INBOX_INDEX.sortKey },
          ExpressionAttributeValues: marshall({ ':run': run }),
        }),
      );
    } catch (error) {
      // Cleared already (by another run sending the same owed mail).
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async openForProvider(providerId: string, limit: number): Promise<ExpectedReport[]> {
    const items = await queryAll(this.table, 
      {
        IndexName: ALL_CASES_INDEX.name,
        KeyConditionExpression: '#opk = :provider',
        ExpressionAttributeNames: { '#opk': ALL_CASES_INDEX.partitionKey },
        ExpressionAttributeValues: marshall({ ':provider': ALL_CASES_INDEX.openReports(providerId) }),
      },
      limit,
    );
    return items.filter((i) => i.type === 'time_report' && i.status !== 'approved').map(reportOf);
  }


  async approvedInMonth(month: string): Promise<ExpectedReport[]> {
    const items = await queryAll(this.table, {
      IndexName: ALL_CASES_INDEX.name,
      KeyConditionExpression: '#apk = :month',
      ExpressionAttributeNames: { '#apk': ALL_CASES_INDEX.partitionKey },
      ExpressionAttributeValues: marshall({ ':month': ALL_CASES_INDEX.approvedReports(month) }),
    });
    return items.filter((i) => i.type === 'time_report' && i.status === 'approved').map(reportOf);
  }

  recordCharge(charge: Charge): PreparedWrite {
    return prepared([
      putNew(
        this.table,
        { ...keys.charge(charge.caseId, charge.id), type: 'charge', ...charge, [ALL_CASES_INDEX.partitionKey]: ALL_CASES_INDEX.charges(charge.month), [ALL_CASES_INDEX.sortKey]: `${charge.caseId}#${charge.id}` },
        changed,
      ),
    ]);
  }

  async chargesInMonth(month: string): Promise<Charge[]> {
    const items = await queryAll(this.table, {
      IndexName: ALL_CASES_INDEX.name,
      KeyConditionExpression: '#apk = :month',
      ExpressionAttributeNames: { '#apk': ALL_CASES_INDEX.partitionKey },
      ExpressionAttributeValues: marshall({ ':month': ALL_CASES_INDEX.charges(month) }),
    });
    return items
      .filter((i) => i.type === 'charge')
      .map(({ caseId, id, kind, reference, month: m, insatsType, quantity, rate, homeMunicipality, invoiceReference, billingAddress, at }) => ({ caseId, id, kind, reference, month: m, insatsType, quantity, rate, homeMunicipality, invoiceReference, billingAddress, at }));
  }

}

/** The report's side of a review: approved (into the month's invoice basis) or returned to the provider. */
function reportReviewUpdate(tableName: string, input: ReportKey & { version: number; approvedQuantity?: number; review: { at: string } }, approve: boolean) {
  const values: Record<string, unknown> = { ':submitted': 'submitted', ':v': input.version, ':status': approve ? 'approved' : 'returned' };
  const names: Record<string, string> = { '#status': 'status' };
  let update = 'SET #status = :status';
  if (approve) {
    names['#apk'] = ALL_CASES_INDEX.partitionKey;
    names['#ask'] = ALL_CASES_INDEX.sortKey;
    values[':approved'] = { version: input.version, quantity: input.approvedQuantity ?? 0, at: input.review.at };
    values[':month'] = ALL_CASES_INDEX.approvedReports(input.month);
    values[':order'] = `${input.caseId}#${input.insatsType}`;
    update += ', approved = :approved, #apk = :month, #ask = :order';
  }
  return {
    TableName: tableName,
    Key: marshall(key(input)),
    UpdateExpression: update,
    ConditionExpression: '#status = :submitted AND versions = :v',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: marshall(values, marshallOptions),
  };
}
