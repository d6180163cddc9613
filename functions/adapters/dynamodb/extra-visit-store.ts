import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ExtraVisitChangedError, type ExtraAgreement, type ExtraVisit, type ExtraVisitStore } from '../../core/extras/ports';
import type { PreparedWrite } from '../../core/kernel/transaction';
import { batchGetItems } from './batch-get';
import { dueItemKeys } from './due-index';
import { ALL_CASES_INDEX, DUE_INDEX, EXTRA_AGREEMENT_SK_PREFIX, EXTRA_VISIT_SK_PREFIX, keys } from './keys';
import { marshallOptions, prepared, putNew, type Table, type TransactPart } from './transact';

const changed = () => new ExtraVisitChangedError();

function extraOf(item: Record<string, any>): ExtraVisit {
  const { caseId, id, reference, unitId, insatsType, providerId, date, minutes, sealedReason, registeredAt, registeredBy, late, agreementId, status, question, decision } = item;
  return {
    caseId,
    id,
    reference,
    unitId,
    insatsType,
    providerId,
    date,
    minutes,
    sealedReason,
    registeredAt,
    registeredBy,
    late,
    ...(agreementId ? { agreementId } : {}),
    status,
    ...(question ? { question } : {}),
    ...(decision ? { decision } : {}),
  };
}

/**
 * Extra visits: `EXTRAVISIT#<id>` in the case's partition; while undecided in the unit's review list
 * (`EXTRAS_UNDECIDED#<unit>` on the cases' index, by when registered), a question in the due index
 * (`EXTRA_QUESTION_DUE`, by the day its answer is due) until answered or reminded.
 */
export class DynamoDbExtraVisitStore implements ExtraVisitStore {
  constructor(private readonly table: Table) {}

  register(extra: ExtraVisit): PreparedWrite {
    return prepared([
      putNew(
        this.table,
        {
          ...keys.extraVisit(extra.caseId, extra.id),
          type: 'extra_visit',
          ...extra,
          [ALL_CASES_INDEX.partitionKey]: ALL_CASES_INDEX.undecidedExtras(extra.unitId),
          [ALL_CASES_INDEX.sortKey]: `${extra.registeredAt}#${extra.caseId}#${extra.id}`,
        },
        changed,
      ),
    ]);
  }

  agree(agreement: ExtraAgreement): PreparedWrite {
    return prepared([putNew(this.table, { ...keys.extraAgreement(agreement.caseId, agreement.id), type: 'extra_agreement', ...agreement }, changed)]);
  }

  async agreementsOf(caseId: string): Promise<ExtraAgreement[]> {
    const out = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: marshall({ ':pk': keys.case(caseId).pk, ':prefix': EXTRA_AGREEMENT_SK_PREFIX }),
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? [])
      .map((i) => {
        const { caseId: c, id, insatsType, from, to, sealedNote, at, by } = unmarshall(i);
        return { caseId: c, id, insatsType, from, to, sealedNote, at, by } as ExtraAgreement;
      })
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  async find(caseId: string, id: string): Promise<ExtraVisit | undefined> {
    const out = await this.table.client.send(new GetItemCommand({ TableName: this.table.name, Key: marshall(keys.extraVisit(caseId, id)), ConsistentRead: true }));
    return out.Item ? extraOf(unmarshall(out.Item)) : undefined;
  }

  async ofCase(caseId: string): Promise<ExtraVisit[]> {
    const out = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: marshall({ ':pk': keys.case(caseId).pk, ':prefix': EXTRA_VISIT_SK_PREFIX }),
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => extraOf(unmarshall(i))).sort((a, b) => a.registeredAt.localeCompare(b.registeredAt));
  }

  async undecidedForUnit(unitId: string, limit: number): Promise<ExtraVisit[]> {
    const out = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: ALL_CASES_INDEX.name,
        KeyConditionExpression: '#pk = :unit',
        ExpressionAttributeNames: { '#pk': ALL_CASES_INDEX.partitionKey },
        ExpressionAttributeValues: marshall({ ':unit': ALL_CASES_INDEX.undecidedExtras(unitId) }),
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => extraOf(unmarshall(i)));
  }

  decide({ caseId, id, expected, status, decision }: { caseId: string; id: string; expected: ExtraVisit['status']; status: 'approved' | 'rejected'; decision: NonNullable<ExtraVisit['decision']> }): PreparedWrite {
    return prepared([
      this.update(caseId, id, {
        expression: 'SET #status = :status, decision = :decision REMOVE #lpk, #lsk, #dpk, #dsk',
        condition: '#status = :expected',
        values: { ':status': status, ':decision': decision, ':expected': expected },
      }),
    ]);
  }

  ask({ caseId, id, question }: { caseId: string; id: string; question: NonNullable<ExtraVisit['question']> }): PreparedWrite {
    return prepared([
      this.update(caseId, id, {
        expression: 'SET #status = :questioned, question = :question, #dpk = :due, #dsk = :dueOn',
        condition: '#status = :open',
        values: { ':questioned': 'questioned', ':question': question, ':open': 'open', ':due': DUE_INDEX.extraQuestionPartition, ':dueOn': question.answerDueOn },
      }),
    ]);
  }

  answer({ caseId, id, askedAt, answeredAt, answeredBy, sealedAnswer }: { caseId: string; id: string; askedAt: string; answeredAt: string; answeredBy: string; sealedAnswer: string }): PreparedWrite {
    return prepared([
      this.update(caseId, id, {
        expression: 'SET #status = :open, question.answeredAt = :at, question.answeredBy = :by, question.sealedAnswer = :answer REMOVE #dpk, #dsk',
        condition: '#status = :questioned AND question.#at = :askedAt AND attribute_not_exists(question.answeredAt)',
        values: { ':open': 'open', ':at': answeredAt, ':by': answeredBy, ':answer': sealedAnswer, ':questioned': 'questioned', ':askedAt': askedAt },
        names: { '#at': 'at' },
      }),
    ]);
  }

  async questionsOverdue(date: string, limit: number): Promise<ExtraVisit[]> {
    const due = await dueItemKeys(this.table, DUE_INDEX.extraQuestionPartition, date, limit, { before: true });
    if (due.length === 0) return [];
    return (await batchGetItems(this.table, due)).map(extraOf).filter((e) => e.status === 'questioned' && !e.question?.answeredAt && !e.question?.remindedAt);
  }

  remindQuestion({ caseId, id, askedAt, at }: { caseId: string; id: string; askedAt: string; at: string }): PreparedWrite {
    return prepared([
      this.update(caseId, id, {
        expression: 'SET question.remindedAt = :at REMOVE #dpk, #dsk',
        condition: '#status = :questioned AND question.#at = :askedAt AND attribute_not_exists(question.answeredAt) AND attribute_not_exists(question.remindedAt)',
        values: { ':at': at, ':questioned': 'questioned', ':askedAt': askedAt },
        names: { '#at': 'at' },
      }),
    ]);
  }

  private update(caseId: string, id: string, u: { expression: string; condition: string; values: Record<string, unknown>; names?: Record<string, string> }): TransactPart {
    const allNames: Record<string, string> = {
      '#status': 'status',
      '#lpk': ALL_CASES_INDEX.partitionKey,
      '#lsk': ALL_CASES_INDEX.sortKey,
      '#dpk': DUE_INDEX.partitionKey,
      '#dsk': DUE_INDEX.sortKey,
      ...u.names,
    };
    const text = `${u.expression} ${u.condition}`;
    const names = Object.fromEntries(Object.entries(allNames).filter(([k]) => text.includes(k)));
    return {
      item: {
        Update: {
          TableName: this.table.name,
          Key: marshall(keys.extraVisit(caseId, id)),
          UpdateExpression: u.expression,
          ConditionExpression: `attribute_exists(pk) AND ${u.condition}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(u.values, marshallOptions),
        },
      },
      onConditionFailed: changed,
    };
  }
}
