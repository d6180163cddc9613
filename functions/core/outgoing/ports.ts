import type { Insats } from '../../../shared/order';
import type { InsatsType } from '../../../shared/insatser';
import type { ReportUnit } from '../../../shared/invoice-basis';
import type { OUTGOING_END_KINDS, SENT_BY } from '../../../shared/outgoing-stays';
import type { TimeReportDueRule } from '../../../shared/time-report-rules';
import type { TimeReportStep } from '../../../shared/time-report-dates';
import type { PreparedWrite } from '../kernel/transaction';

/**
 * An outgoing stay: our resident in another municipality, we the home municipality. The person and
 * the decision's texts are sealed (`sealedPerson`, `sealedDecisionText`); the rest is what routing,
 * chasing and the invoice check need, with no personal data.
 */
export interface OutgoingStay {
  id: string;
  reference: string;
  unitId: string;
  /** Our caseworker who registered it (and whom the chaser tells). */
  caseworkerEmail: string;
  registeredAt: string;
  protectedIdentity: boolean;
  sealedPerson: string;
  sealedDecisionText: string;
  stayMunicipality: { code: string; name: string };
  stay: { from: string; to: string };
  decidedOn: string;
  /** The insatser without their descriptions (those are in the sealed decision text), with our agreed rate. */
  insatser: Omit<Insats, 'description'>[];
  orderer: { name: string; email: string; phone: string; unit: string };
  billing: { address: string; reference: string };
  contact: { name: string; email: string; phone?: string };
  reportDue: TimeReportDueRule;
  sent?: { sentOn: string; sentBy: (typeof SENT_BY)[number]; at: string; by: string };
  confirmation?: { confirmedOn: string; startDate: string; at: string; by: string };
  /** **Vistelsen avslutad**: ended before its planned last day, or never came about. */
  ended?: { kind: (typeof OUTGOING_END_KINDS)[number]; lastDay?: string; at: string; by: string };
}

/** One month's expected report of an outgoing stay's insats, and what came of it. */
export interface OutgoingReport {
  stayId: string;
  reference: string;
  insatsType: InsatsType;
  month: string;
  period: { from: string; to: string; days: number; daysInMonth: number };
  unit: ReportUnit;
  dueOn: string;
  ladder: Record<TimeReportStep, string>;
  /** The chase steps taken, in order. */
  chased: { step: TimeReportStep; at: string }[];
  status: 'expected' | 'received';
  received?: { receivedOn: string; quantity: number; at: string; by: string };
  invoice?: { amountOre: number; expectedOre: number; flagged: boolean; percent?: number; at: string; by: string };
}

/** A report's chase step taken: fails (`OutgoingChangedError`) unless it is still expected with exactly `chasedBefore` steps. */
export interface ChaseStepTaken {
  stayId: string;
  insatsType: InsatsType;
  month: string;
  chasedBefore: number;
  step: TimeReportStep;
  at: string;
  /** The next step's date, if a later one remains (the report stays in the due index until then). */
  nextDueOn?: string;
}

export class OutgoingChangedError extends Error {
  constructor() {
    super('The outgoing stay or its report changed concurrently');
    this.name = 'OutgoingChangedError';
  }
}

export interface OutgoingStayStore {
  /** The stay and its planned reports (each in the due index by its first step's date). */
  create(stay: OutgoingStay, reports: OutgoingReport[]): PreparedWrite;
  find(id: string): Promise<OutgoingStay | undefined>;
  findIdByReference(reference: string): Promise<string | undefined>;
  /** A unit's outgoing stays, newest first: a query on an index. */
  ofUnit(unitId: string, limit: number): Promise<OutgoingStay[]>;
  reportsOf(stayId: string): Promise<OutgoingReport[]>;
  /** **Beställning skickad**: fails unless not yet recorded. */
  markSent(id: string, sent: NonNullable<OutgoingStay['sent']>): PreparedWrite;
  /** The confirmation: fails unless not yet recorded; the months wholly before the start, still expected, are dropped. */
  confirm(id: string, confirmation: NonNullable<OutgoingStay['confirmation']>, drop: { insatsType: InsatsType; month: string }[]): PreparedWrite;
  /**
   * **Vistelsen avslutad**: fails unless not yet recorded; the reports in `drop` (still expected)
   * are deleted, those in `trim` (still expected) keep only the days up to the last one.
   */
  end(id: string, ended: NonNullable<OutgoingStay['ended']>, drop: { insatsType: InsatsType; month: string }[], trim: { insatsType: InsatsType; month: string; period: OutgoingReport['period'] }[]): PreparedWrite;
  /** **Tidrapport mottagen**: fails unless still expected; it leaves the due index. */
  receiveReport(input: { stayId: string; insatsType: InsatsType; month: string; received: NonNullable<OutgoingReport['received']> }): PreparedWrite;
  /** The invoice's amount and its check: fails unless the report is received and has no invoice yet. */
  recordInvoice(input: { stayId: string; insatsType: InsatsType; month: string; invoice: NonNullable<OutgoingReport['invoice']> }): PreparedWrite;
  /** Expected reports whose next chase step is due on or before `date`, earliest first (a query on the due index). */
  reportsDue(date: string, limit: number): Promise<OutgoingReport[]>;
  takeChaseStep(step: ChaseStepTaken): PreparedWrite;
}
