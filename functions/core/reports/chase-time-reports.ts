import { stockholmToday } from '../../../shared/dates';
import { INSATS_LABELS } from '../../../shared/insatser';
import { timeReportChaseMail, type ReportInNotice } from '../../../shared/mail/time-reports';
import { acuteMail } from '../../../shared/mail/layout';
import type { MunicipalityConfig } from '../../../shared/municipality';
import { TIME_REPORT_STEPS, type TimeReportStep } from '../../../shared/time-report-dates';
import { monthLabel } from '../../../shared/time-reports';
import { isWorkingDay } from '../../../shared/working-days';
import { caseHandler } from '../cases/case-handler';
import type { CaseStore, CaseSummary } from '../cases/ports';
import type { IdGenerator } from '../kernel/clock';
import { inParallel } from '../kernel/in-parallel';
import type { JobLocks } from '../kernel/job-lock';
import type { Transactor } from '../kernel/transaction';
import { NotificationExistsError, type OutboxStore, type Recipient } from '../outbox/ports';
import { portalLinks } from '../routing/route-order';
import type { ExpectedReport, PendingChaseNotice, TimeReportStore } from './ports';

export interface ChaseTimeReportsDeps {
  reports: TimeReportStore;
  jobLocks: JobLocks;
  cases: Pick<CaseStore, 'summaries'>;
  outbox: OutboxStore;
  transactor: Transactor;
  ids: IdGenerator;
  config: MunicipalityConfig;
  publicBaseUrl: string;
  /** How many due reports one query takes (the run goes on until none is due). */
  pageSize?: number;
  /** How many steps are taken at once. */
  concurrency?: number;
}

export interface TimeReportChaseResult {
  /** The day the run was for (Europe/Stockholm); nothing is chased on weekends and holidays. */
  date: string;
  workingDay: boolean;
  steps: Record<TimeReportStep, number>;
  /** Due, but another run took the step first, or the report came in meanwhile. */
  skipped: number;
  mails: number;
  /** Another run was at work: this one did nothing. */
  anotherRunActive?: boolean;
}

/**
 * The digest mails of the chaser are about several cases: they are kept in a partition of their
 * own, not in one of the cases'.
 */
export const CHASER_MAIL_CASE_ID = 'time-report-chaser';

/** A run's lease: longer than a Lambda may run (15 minutes), so a lease held is a run still going on. */
const LEASE_MS = 16 * 60_000;

/** What each step tells whom: the provider is reminded and chased, the caseworker told at the second chaser, the unit head at the escalation. */
const RECIPIENTS: Record<TimeReportStep, ('provider' | 'caseworker' | 'unit_head')[]> = {
  reminder: ['provider'],
  chaser: ['provider'],
  second_chaser: ['provider', 'caseworker'],
  escalation: ['unit_head'],
};

/** FNV-1a: a short, stable name for an address inside a notification's id (the address itself stays out of keys). */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The step a report is at on `date`: the latest of the ladder's steps due by then that it has not taken (earlier ones missed are not sent late). */
export function stepDue(report: Pick<ExpectedReport, 'ladder' | 'chased'>, date: string): TimeReportStep | undefined {
  const taken = report.chased.length;
  let due: TimeReportStep | undefined;
  TIME_REPORT_STEPS.forEach((step, i) => {
    if (i >= taken && report.ladder[step] <= date) due = step;
  });
  return due;
}

/**
 * `chase-time-reports`, daily at 07:00 Europe/Stockholm on working days (none on weekends or
 * holidays), as of `now`. Per expected report still not in: a reminder on the working day before
 * the due date, a chaser on the first working day after it, a second chaser some working days
 * later with the caseworker told, then the escalation to the unit head.
 *
 * It finds what is due by a query on the due date (never a scan). One run works at a time (a
 * lease); each step is taken with a condition besides (the report still expected, exactly the
 * steps before it taken), so however often and however concurrently the job runs a step is taken
 * once, and a report that came in is not chased. Taking the step leaves the mail owed on the
 * report; then one mail per recipient and step lists all the reports it is owed for, queued under
 * an id made from the run, the step and the recipient (so queued once), and only then are the owed
 * marks cleared. A run that dies between the two leaves its mails owed: the next run sends them.
 */
export const chaseTimeReports =
  (deps: ChaseTimeReportsDeps) =>
  async (now: Date): Promise<TimeReportChaseResult> => {
    const date = stockholmToday(now);
    const result: TimeReportChaseResult = { date, workingDay: isWorkingDay(date), steps: { reminder: 0, chaser: 0, second_chaser: 0, escalation: 0 }, skipped: 0, mails: 0 };
    if (!result.workingDay) return result;
    const run = deps.ids.next();
    // One run at a time (EventBridge may invoke twice): a run's mails then hold all of a recipient's reports at a step.
    if (!(await deps.jobLocks.acquire('chase-time-reports', run, now, new Date(now.getTime() + LEASE_MS)))) return { ...result, anotherRunActive: true };
    try {
      return await chaseAsRun(deps, now, date, run, result);
    } finally {
      await deps.jobLocks.release('chase-time-reports', run);
    }
  };

async function chaseAsRun(deps: ChaseTimeReportsDeps, now: Date, date: string, run: string, result: TimeReportChaseResult): Promise<TimeReportChaseResult> {
  const at = now.toISOString();
  const pageSize = deps.pageSize ?? 500;

  // 1. Take each due step, once.
  for (;;) {
    const due = await deps.reports.dueForChase(date, pageSize);
    let progressed = 0;
    await inParallel(due, deps.concurrency ?? 16, async (report) => {
      const step = report.status === 'expected' ? stepDue(report, date) : undefined;
      if (!step) {
        result.skipped++;
        return;
      }
      const index = TIME_REPORT_STEPS.indexOf(step);
      const next = TIME_REPORT_STEPS[index + 1];
      const taken = await deps.reports.takeStep({
        caseId: report.caseId,
        insatsType: report.insatsType,
        month: report.month,
        step,
        stepsBefore: report.chased.length,
        at,
        run,
        ...(next ? { nextDueDate: report.ladder[next] } : {}),
      });
      if (taken) {
        result.steps[step]++;
        progressed++;
      } else result.skipped++;
    });
    // A page of reports someone else is taking (or that changed under us) is left to them: no endless loop.
    if (due.length < pageSize || progressed === 0) break;
  }

  // 2. Send what is owed: this run's, and any a run that died left (no other run is at work).
  const pending = await deps.reports.pendingNotices();
  if (pending.length === 0) return result;
  const needRouting = [...new Set(pending.filter((p) => p.step === 'second_chaser' || p.step === 'escalation').map((p) => p.report.caseId))];
  const routing = new Map<string, CaseSummary['routing']>((await deps.cases.summaries(needRouting)).map((s) => [s.caseId, s.routing]));

  const groups = new Map<string, { run: string; step: TimeReportStep; recipient: Recipient; to: string; notices: PendingChaseNotice[] }>();
  for (const notice of pending) {
    for (const kind of RECIPIENTS[notice.step]) {
      const to = addressOf(deps.config, kind, notice.report, routing.get(notice.report.caseId));
      if (!to) continue;
      const key = `${notice.run}|${notice.step}|${to.email}`;
      const group = groups.get(key) ?? { run: notice.run, step: notice.step, recipient: to.recipient, to: to.email, notices: [] };
      group.notices.push(notice);
      groups.set(key, group);
    }
  }
  for (const group of groups.values()) {
    const reports: ReportInNotice[] = group.notices
      .map((n) => n.report)
      .sort((a, b) => a.reference.localeCompare(b.reference) || a.month.localeCompare(b.month) || a.insatsType.localeCompare(b.insatsType))
      .map((r) => {
          const links = portalLinks(deps.publicBaseUrl, r.reference);
          // A provider's link opens its assignment, as its other mails' do.
          return { reference: r.reference, insats: INSATS_LABELS[r.insatsType], monthLabel: monthLabel(r.month), dueDate: r.dueDate, link: group.recipient === 'provider' ? links.assignment : links.case, ...(r.acute ? { acute: true } : {}) };
        });
    const mailRecipient = group.recipient === 'unit_head' ? 'unit_head' : group.recipient === 'caseworker' ? 'caseworker' : 'provider';
    try {
      await deps.transactor.commit([
        deps.outbox.enqueue([
          {
            id: `${group.run}-${TIME_REPORT_STEPS.indexOf(group.step)}-${fnv1a(group.to)}`,
            caseId: CHASER_MAIL_CASE_ID,
            createdAt: at,
            kind: `time_report_${group.step}`,
            recipient: group.recipient,
            to: group.to,
            // A list with an acute order's report says Akut in its subject, as every mail of an acute case does.
            mail: ((mail) => (reports.some((r) => r.acute) ? acuteMail(mail) : mail))(
              timeReportChaseMail({ step: group.step, recipient: mailRecipient, municipalityName: deps.config.municipality.name, reports, portalLink: group.recipient === 'provider' ? `${deps.publicBaseUrl}/portal/tidrapporter` : `${deps.publicBaseUrl}/portal` }),
            ),
          },
        ]),
      ]);
      result.mails++;
    } catch (error) {
      // Queued already by another run sending the same owed mails.
      if (!(error instanceof NotificationExistsError)) throw error;
    }
  }
  await inParallel(pending, deps.concurrency ?? 16, (p) => deps.reports.clearNotice(p.report, p.run));
  return result;
}

function addressOf(config: MunicipalityConfig, kind: 'provider' | 'caseworker' | 'unit_head', report: ExpectedReport, routing: CaseSummary['routing'] | undefined): { recipient: Recipient; email: string } | undefined {
  if (kind === 'provider') {
    const provider = config.providers.find((p) => p.id === report.providerId);
    return provider ? { recipient: 'provider', email: provider.email } : undefined;
  }
  if (!routing) return undefined;
  if (kind === 'unit_head') return { recipient: 'unit_head', email: config.units.find((u) => u.id === routing.unitId)!.head.email };
  // A case in the queue has no caseworker: its unit head is told instead.
  return caseHandler(config, routing);
}
