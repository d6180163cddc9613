import type { ExtraVisitStatus } from '../../../shared/extra-visits';
import type { InsatsType } from '../../../shared/insatser';
import type { PreparedWrite } from '../kernel/transaction';

/**
 * An extra visit a provider registered (**Registrera extrabesök**): outside the order, with its
 * reason sealed (it speaks of the person), reviewed by the case's caseworker. No other personal data.
 */
export interface ExtraVisit {
  caseId: string;
  id: string;
  reference: string;
  /** The case's unit: its caseworkers review it. */
  unitId: string;
  insatsType: InsatsType;
  providerId: string;
  date: string;
  minutes: number;
  sealedReason: string;
  registeredAt: string;
  registeredBy: string;
  late: boolean;
  /** The **Överenskommelse om extrainsats** it was done under, if any. */
  agreementId?: string;
  status: ExtraVisitStatus;
  question?: { at: string; by: string; sealedText: string; answerDueOn: string; answeredAt?: string; answeredBy?: string; sealedAnswer?: string; remindedAt?: string };
  decision?: { at: string; by: string; sealedComment?: string };
}

/** **Överenskommelse om extrainsats**: an insats of the case that may be done as extra in those days; its note sealed. */
export interface ExtraAgreement {
  caseId: string;
  id: string;
  insatsType: InsatsType;
  from: string;
  to: string;
  sealedNote: string;
  at: string;
  by: string;
}

/** The extra visit was reviewed or answered by someone else first: read it again. */
export class ExtraVisitChangedError extends Error {
  constructor() {
    super('The extra visit changed concurrently');
    this.name = 'ExtraVisitChangedError';
  }
}

/** Extra visits in their case's partition, the open ones listed by unit, the questions by when their answer is due. */
export interface ExtraVisitStore {
  register(extra: ExtraVisit): PreparedWrite;
  /** Records an agreement in the case's partition. */
  agree(agreement: ExtraAgreement): PreparedWrite;
  /** The case's agreements, oldest first. */
  agreementsOf(caseId: string): Promise<ExtraAgreement[]>;
  find(caseId: string, id: string): Promise<ExtraVisit | undefined>;
  ofCase(caseId: string): Promise<ExtraVisit[]>;
  /** The unit's extra visits still to be decided (open or questioned), oldest first: a query on an index, never a scan. */
  undecidedForUnit(unitId: string, limit: number): Promise<ExtraVisit[]>;
  /** **Godkänn** / **Avslå**: fails (`ExtraVisitChangedError`) unless it is still `expected`; it leaves the review list. */
  decide(input: { caseId: string; id: string; expected: ExtraVisitStatus; status: 'approved' | 'rejected'; decision: NonNullable<ExtraVisit['decision']> }): PreparedWrite;
  /** **Fråga**: fails unless it is open; due for the chaser on `question.answerDueOn`. */
  ask(input: { caseId: string; id: string; question: NonNullable<ExtraVisit['question']> }): PreparedWrite;
  /** The provider's answer: fails unless the question asked at `askedAt` is unanswered; it is open again, to be reviewed. */
  answer(input: { caseId: string; id: string; askedAt: string; answeredAt: string; answeredBy: string; sealedAnswer: string }): PreparedWrite;
  /** Questions whose answer was due before `date` and is missing, not yet reminded (a query on the due index). */
  questionsOverdue(date: string, limit: number): Promise<ExtraVisit[]>;
  /** The reminder of an unanswered question, once: fails unless it is still unanswered and not reminded. */
  remindQuestion(input: { caseId: string; id: string; askedAt: string; at: string }): PreparedWrite;
}
