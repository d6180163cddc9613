import type { InsatsType, RatePeriod } from '../../../shared/insatser';
import type { ReportUnit } from '../../../shared/invoice-basis';
import type { TimeReportStep } from '../../../shared/time-report-dates';
import type { ReportPeriod, TimeReportStatus } from '../../../shared/time-reports';
import type { PreparedWrite } from '../kernel/transaction';

/** Which report: an assignment's (case and insats) month. */
export interface ReportKey {
  caseId: string;
  insatsType: InsatsType;
  month: string;
}

/**
 * An expected report: one per assignment and month of the stay from the confirmed start date,
 * with what the chaser, the reconciliation and the invoice basis need (none of it personal data).
 */
export interface ExpectedReport extends ReportKey {
  reference: string;
  providerId: string;
  period: ReportPeriod;
  dueDate: string;
  /** The date each step of the chase ladder is due. */
  ladder: Record<TimeReportStep, string>;
  /** The steps already taken, in order. */
  chased: { step: TimeReportStep; at: string }[];
  unit: ReportUnit;
  /** The granted scope for the period in `unit`, when it is counted in the same unit. */
  granted?: number;
  rate: { amountOre: number; per: RatePeriod };
  homeMunicipality: { code: string; name: string };
  invoiceReference: string;
  billingAddress: string;
  /** Of an acute order (`stay.acute`): the chaser's mails say **Akut**. */
  acute?: boolean;
  status: TimeReportStatus;
  /** How many versions were submitted (0 until the first). */
  versions: number;
  /** Once approved: what the invoice basis bills (the approved version's total, in `unit`). */
  approved?: { version: number; quantity: number; at: string };
  createdAt: string;
}

/**
 * A charge besides the monthly reports, billed in its month to the order's home municipality: a
 * late cancellation's fee (the profile's `lateCancellation.feeSek`: one, at the fee), or an extra
 * visit the caseworker approved (its minutes or its visit at the insats's rate). No personal data.
 */
export interface Charge {
  caseId: string;
  /** Unique in the case: `late_cancellation`, or the extra visit's id. */
  id: string;
  kind: 'late_cancellation' | 'extra_visit';
  reference: string;
  month: string;
  insatsType: InsatsType;
  /** In the rate's report unit (minutes for an hourly rate); 1 for a fee. */
  quantity: number;
  rate: { amountOre: number; per: RatePeriod };
  homeMunicipality: { code: string; name: string };
  invoiceReference: string;
  billingAddress: string;
  at: string;
}

/** One submitted version. Its free texts (the extras' reasons, comments) may speak of the person: sealed. */
export interface StoredReportVersion extends ReportKey {
  version: number;
  submittedAt: string;
  submittedBy: string;
  late: boolean;
  quantity: number;
  extras: { date: string; quantity: number }[];
  /** The extras' reasons and the provider's comment, sealed together. */
  sealedTexts: string;
  review?: { decision: 'approve' | 'return'; at: string; by: string; sealedComment?: string };
}

/** A step of the ladder the chaser took whose mail is still to be sent (`run` is the run that took it). */
export interface PendingChaseNotice {
  report: ExpectedReport;
  run: string;
  step: TimeReportStep;
  /** When the step was taken. */
  at: string;
}

/** The report was submitted, reviewed or chased by someone else first: read it again. */
export class ReportChangedError extends Error {
  constructor() {
    super('The time report changed concurrently');
    this.name = 'ReportChangedError';
  }
}

/** Expected reports, their versions, the chaser's ladder and the invoice basis's approved reports. */
export interface TimeReportStore {
  /** Expected reports of a confirmed assignment (months already planned are left as they are). */
  plan(reports: readonly ExpectedReport[]): PreparedWrite;
  /**
   * Months still expected take a changed order's terms (their period, granted scope, unit and
   * rate); fails (`ReportChangedError`) once one is submitted meanwhile. The chaser's steps stay.
   */
  revise(reports: readonly ExpectedReport[]): PreparedWrite;
  /** Drops months no longer in the stay; only reports still expected (nothing submitted) go. */
  dropExpected(keys: readonly ReportKey[]): PreparedWrite;
  ofCase(caseId: string): Promise<{ reports: ExpectedReport[]; versions: StoredReportVersion[] }>;
  find(key: ReportKey): Promise<ExpectedReport | undefined>;

  /** A version submitted; fails (`ReportChangedError`) unless the report is expected or returned with `version - 1` versions. */
  submit(version: StoredReportVersion): PreparedWrite;
  /** The caseworker's decision on the latest version; fails (`ReportChangedError`) unless it is submitted and still `version`. */
  review(input: ReportKey & { version: number; review: NonNullable<StoredReportVersion['review']>; approvedQuantity?: number }): PreparedWrite;

  /** Expected reports whose next ladder step is due on or before `date` (a query on due date, never a scan), earliest first. */
  dueForChase(date: string, limit: number): Promise<ExpectedReport[]>;
  /**
   * Takes a step: only if the report is still expected and has taken exactly the steps before it;
   * the next step (if any) becomes due. The mail is owed until `clearNotice`. False when someone
   * else took it first or the report came in.
   */
  takeStep(input: ReportKey & { step: TimeReportStep; stepsBefore: number; at: string; run: string; nextDueDate?: string }): Promise<boolean>;
  /** Every step taken whose mail is still owed (this run's, and any a crashed run left). */
  pendingNotices(): Promise<PendingChaseNotice[]>;
  clearNotice(key: ReportKey, run: string): Promise<void>;

  /** The provider's reports not yet approved (to send, sent, returned), earliest due first. */
  openForProvider(providerId: string, limit: number): Promise<ExpectedReport[]>;
  /** The approved reports of a month, for the invoice basis. */
  approvedInMonth(month: string): Promise<ExpectedReport[]>;
  /** A charge of the case (one per id: a second fails with `ReportChangedError`). */
  recordCharge(charge: Charge): PreparedWrite;
  /** The charges of a month, for the invoice basis. */
  chargesInMonth(month: string): Promise<Charge[]>;
}
