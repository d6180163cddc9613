import { stockholmToday } from '../../../shared/dates';
import { INSATS_LABELS, INSATS_TYPES, type InsatsType } from '../../../shared/insatser';
import { timeReportApprovedMail, timeReportReturnedMail, timeReportSubmittedMail } from '../../../shared/mail/time-reports';
import type { MunicipalityConfig } from '../../../shared/municipality';
import {
  deviationOf,
  DEVIATION_LABELS,
  reportedQuantityText,
  monthLabel,
  reportingUnitLabel,
  reviewTimeReportSchema,
  submitTimeReportSchema,
  TIME_REPORT_STATUS_LABELS,
  TIME_REPORT_STEP_LABELS,
  type CaseTimeReports,
  type ProviderReports,
  type TimeReportView,
} from '../../../shared/time-reports';
import { mayPerform, timeReportInsatser } from '../access/policy';
import { principalFor, type Principal } from '../access/principals';
import type { AuditLog, CaseStore, CaseView } from '../cases/ports';
import { caseHandler } from '../cases/case-handler';
import { factsOfView } from '../cases/portal-views';
import type { Clock, IdGenerator } from '../kernel/clock';
import { DomainError, NotFoundError } from '../kernel/errors';
import { parseInput } from '../kernel/parse-input';
import type { PersonalDataVault } from '../kernel/personal-data';
import type { Transactor } from '../kernel/transaction';
import type { OutboxMessage, OutboxStore } from '../outbox/ports';
import { portalLinks } from '../routing/route-order';
import { ReportChangedError, type ExpectedReport, type ReportKey, type StoredReportVersion, type TimeReportStore } from './ports';
import { caseMails } from '../outbox/case-mails';
import { closeIfDone } from '../cases/stay-end';
import type { RoutingStore } from '../routing/ports';

export interface TimeReportDeps {
  cases: Pick<CaseStore, 'findIdByReference' | 'find' | 'countReportToReview' | 'closeCase' | 'recordEvent'>;
  reports: TimeReportStore;
  /** An ended case closes with its last approval: its loads are freed then. */
  routing: Pick<RoutingStore, 'changeLoads'>;
  vault: Pick<PersonalDataVault, 'sealText' | 'openText'>;
  audit: Pick<AuditLog, 'record'>;
  outbox: OutboxStore;
  transactor: Transactor;
  clock: Clock;
  ids: IdGenerator;
  config: MunicipalityConfig;
  publicBaseUrl: string;
}

/** The free texts of a version (the extras' reasons, the provider's comment), sealed together: they may speak of the person. */
interface VersionTexts {
  reasons: string[];
  comment?: string;
}

const versionField = (k: ReportKey, version: number) => `time-report:${k.insatsType}:${k.month}:${version}`;
const reviewField = (k: ReportKey, version: number) => `time-report-review:${k.insatsType}:${k.month}:${version}`;

/** The invoice basis page of a month, linked from the approval notice. */
export const invoiceBasisLink = (base: string, month: string) => `${base}/portal/fakturaunderlag?manad=${month}`;

class ReportConflictError extends DomainError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

const missingCase = () => new NotFoundError('Ärendet');

/** How many open reports a provider's list shows at most (earliest due first). */
const PROVIDER_LIST_LIMIT = 1000;

/**
 * The time reports of a case in the portal: the provider submits each month's report (a
 * correction after a return is a new version, earlier versions stay readable); the caseworker
 * reconciles it against the granted scope and approves or returns it; approved reports are the
 * invoice basis, and the economy assistant and the fee administrator are told.
 */
export const caseTimeReports = (deps: TimeReportDeps) => {
  const { config } = deps;

  async function visible(who: Principal, reference: string) {
    const caseId = await deps.cases.findIdByReference(reference);
    const view = caseId ? await deps.cases.find(caseId) : undefined;
    if (!caseId || !view) throw missingCase();
    const insatser = timeReportInsatser(who, factsOfView(view));
    if (insatser === 'none') throw missingCase();
    return { caseId, view, insatser };
  }

  function parseKey(insatsType: string, month: string, caseId: string): ReportKey {
    if (!(INSATS_TYPES as readonly string[]).includes(insatsType) || !/^\d{4}-\d{2}$/.test(month)) throw new NotFoundError('Tidrapporten');
    return { caseId, insatsType: insatsType as InsatsType, month };
  }

  /** The reports as `who` sees them; free texts opened (and the read audited) only for those who see the case's personal data. */
  async function list(who: Principal, visibleCase: Awaited<ReturnType<typeof visible>>): Promise<CaseTimeReports> {
    const { caseId, view, insatser } = visibleCase;
    const { reports, versions } = await deps.reports.ofCase(caseId);
    const shown = reports.filter((r) => insatser === 'all' || insatser.includes(r.insatsType));
    const shownVersions = versions.filter((v) => shown.some((r) => r.insatsType === v.insatsType && r.month === v.month));
    const readsTexts = who.role !== 'economy' && who.role !== 'fees';
    const now = deps.clock.now();
    const texts = new Map<string, { version: VersionTexts; review?: string }>();
    if (readsTexts && shownVersions.length > 0) {
      await deps.audit.record({ id: deps.ids.next(), caseId, at: now.toISOString(), by: who.email, name: who.name, role: who.role, what: ['timeReportTexts'], view: 'time_reports' });
      await Promise.all(
        shownVersions.map(async (v) => {
          const version = JSON.parse(await deps.vault.openText(caseId, versionField(v, v.version), v.sealedTexts)) as VersionTexts;
          const review = v.review?.sealedComment ? await deps.vault.openText(caseId, reviewField(v, v.version), v.review.sealedComment) : undefined;
          texts.set(`${v.insatsType}:${v.month}:${v.version}`, { version, ...(review === undefined ? {} : { review }) });
        }),
      );
    }
    const today = stockholmToday(now);
    const sorted = [...shown].sort((a, b) => a.month.localeCompare(b.month) || a.insatsType.localeCompare(b.insatsType));
    return {
      reference: view.reference,
      reports: sorted.map((r) => reportView(who, view, r, shownVersions.filter((v) => v.insatsType === r.insatsType && v.month === r.month), texts, today)),
    };
  }

  function reportView(who: Principal, view: CaseView, r: ExpectedReport, versions: StoredReportVersion[], texts: Map<string, { version: VersionTexts; review?: string }>, today: string): TimeReportView {
    const latest = versions.at(-1);
    const total = latest ? latest.quantity + latest.extras.reduce((s, e) => s + e.quantity, 0) : undefined;
    const deviation = total === undefined ? undefined : deviationOf(total, r.granted);
    const q = (n: number) => reportedQuantityText(n, r.unit, r.insatsType);
    const facts = factsOfView(view);
    return {
      insatsType: r.insatsType,
      insatsLabel: INSATS_LABELS[r.insatsType],
      month: r.month,
      monthLabel: monthLabel(r.month),
      period: { from: r.period.from, to: r.period.to, days: r.period.days, daysInMonth: r.period.daysInMonth },
      dueDate: r.dueDate,
      status: r.status,
      statusLabel: TIME_REPORT_STATUS_LABELS[r.status],
      overdue: (r.status === 'expected' || r.status === 'returned') && today > r.dueDate,
      unit: r.unit,
      unitLabel: reportingUnitLabel(r.unit, r.insatsType),
      ...(r.granted === undefined ? {} : { granted: r.granted, grantedText: q(r.granted) }),
      ...(deviation === undefined ? {} : { deviation, deviationLabel: DEVIATION_LABELS[deviation] }),
      chased: r.chased.map((c) => `${TIME_REPORT_STEP_LABELS[c.step]} ${c.at.slice(0, 10)}`),
      versions: versions
        .sort((a, b) => a.version - b.version)
        .map((v) => {
          const t = texts.get(`${v.insatsType}:${v.month}:${v.version}`);
          const extrasTotal = v.extras.reduce((s, e) => s + e.quantity, 0);
          return {
            version: v.version,
            submittedAt: v.submittedAt,
            submittedBy: nameOf(v.submittedBy),
            late: v.late,
            quantity: v.quantity,
            quantityText: q(v.quantity),
            extras: v.extras.map((e, i) => ({ date: e.date, quantity: e.quantity, quantityText: q(e.quantity), reason: t ? (t.version.reasons[i] ?? '') : 'Visas för handläggare och utförare' })),
            extrasTotal,
            total: v.quantity + extrasTotal,
            totalText: q(v.quantity + extrasTotal),
            ...(t?.version.comment ? { comment: t.version.comment } : {}),
            ...(v.review ? { review: { decision: v.review.decision, at: v.review.at, by: nameOf(v.review.by), ...(t?.review ? { comment: t.review } : {}) } } : {}),
          };
        }),
      maySubmit: (r.status === 'expected' || r.status === 'returned') && today >= r.period.from && mayPerform(who, facts, { kind: 'submit_time_report', insatsType: r.insatsType }),
      mayReview: r.status === 'submitted' && mayPerform(who, facts, { kind: 'review_time_report' }),
    };
  }

  /** How a person is shown on a report: "Sara Lind, Duvbo Omsorg AB" (the address only for someone no longer in the configuration). */
  function nameOf(email: string): string {
    const person = principalFor(config, email);
    if (!person) return email;
    if (person.role === 'provider') return `${person.name}, ${config.providers.find((p) => p.id === person.providerId)!.name}`;
    return person.name;
  }



  function mail(caseId: string, m: Omit<OutboxMessage, 'id' | 'caseId' | 'createdAt'>): OutboxMessage {
    return { id: deps.ids.next(), caseId, createdAt: deps.clock.now().toISOString(), ...m };
  }

  async function reportOf(key: ReportKey) {
    const report = await deps.reports.find(key);
    if (!report) throw new NotFoundError('Tidrapporten');
    return report;
  }

  return {
    /**
     * **Tidrapporter** for a provider: its reports not yet approved across its cases, earliest due
     * first — what the chaser's mails point to when they list more than they name.
     */
    async ofProvider(who: Principal): Promise<ProviderReports> {
      if (who.role !== 'provider') throw new DomainError(403, 'forbidden', 'Listan över tidrapporter är för utförare. Handläggare stämmer av tidrapporter i ärendena.');
      const today = stockholmToday(deps.clock.now());
      const rows = (await deps.reports.openForProvider(who.providerId, PROVIDER_LIST_LIMIT)).map((r) => ({
        reference: r.reference,
        insatsType: r.insatsType,
        insatsLabel: INSATS_LABELS[r.insatsType],
        month: r.month,
        monthLabel: monthLabel(r.month),
        period: { from: r.period.from, to: r.period.to },
        dueDate: r.dueDate,
        status: r.status,
        statusLabel: TIME_REPORT_STATUS_LABELS[r.status],
        overdue: (r.status === 'expected' || r.status === 'returned') && today > r.dueDate,
        open: today >= r.period.from,
      }));
      const toSend = rows.filter((r) => (r.status === 'expected' || r.status === 'returned') && r.open);
      return { counts: { toSend: toSend.length, overdue: rows.filter((r) => r.overdue).length, awaitingReview: rows.filter((r) => r.status === 'submitted').length }, rows };
    },

    async list(who: Principal, reference: string): Promise<CaseTimeReports> {
      return list(who, await visible(who, reference));
    },

    /**
     * **Skicka tidrapporten**: the provider's report of a month (what was done within the order,
     * and each extra visit with its reason). After the due date it is accepted and marked late;
     * after a return it is a new version. The caseworker is told to reconcile it.
     */
    async submit(who: Principal, reference: string, insatsType: string, month: string, body: unknown): Promise<CaseTimeReports> {
      const found = await visible(who, reference);
      const key = parseKey(insatsType, month, found.caseId);
      if (!mayPerform(who, factsOfView(found.view), { kind: 'submit_time_report', insatsType: key.insatsType })) throw new NotFoundError('Tidrapporten');
      const report = await reportOf(key);
      if (report.status !== 'expected' && report.status !== 'returned') {
        throw new ReportConflictError(report.status === 'approved' ? 'Tidrapporten är redan godkänd.' : 'Tidrapporten är redan inskickad och väntar på avstämning.');
      }
      const now = deps.clock.now();
      // A month is reported once its period has begun (a stay ending mid-month is reported from its first day on).
      if (stockholmToday(now) < report.period.from) throw new ReportConflictError(`Tidrapporten för ${monthLabel(month)} kan lämnas från och med ${report.period.from}.`);
      const input = parseInput(submitTimeReportSchema, body);
      const issues = input.extras.flatMap((e, i) =>
        e.date < report.period.from || e.date > report.period.to ? [{ path: `extras.${i}.date`, message: `Ange ett datum från ${report.period.from} till ${report.period.to}` }] : [],
      );
      // Days (an alarm's, a daily rate's) can't outnumber the period's, extra ones included.
      const total = input.quantity + input.extras.reduce((sum, e) => sum + e.quantity, 0);
      if (report.unit === 'days' && total > report.period.days) issues.unshift({ path: 'quantity', message: `Högst ${report.period.days} dagar (periodens längd), extra dagar inräknade` });
      if (report.unit === 'visits' && total > 50 * report.period.days) issues.unshift({ path: 'quantity', message: `Högst ${50 * report.period.days} för perioden` });
      if (issues.length > 0) throw new DomainError(400, 'validation_failed', 'Tidrapporten har fel. Rätta det som står vid fälten.', issues);
      const at = now.toISOString();
      const version = report.versions + 1;
      const texts: VersionTexts = { reasons: input.extras.map((e) => e.reason), ...(input.comment ? { comment: input.comment } : {}) };
      const sealed = await deps.vault.sealText(key.caseId, versionField(key, version), JSON.stringify(texts));
      const stored: StoredReportVersion = {
        ...key,
        version,
        submittedAt: at,
        submittedBy: who.email,
        late: stockholmToday(now) > report.dueDate,
        quantity: input.quantity,
        extras: input.extras.map((e) => ({ date: e.date, quantity: e.quantity })),
        sealedTexts: sealed,
      };
      const handler = caseHandler(config, found.view.routing);
      const link = portalLinks(deps.publicBaseUrl, reference).case;
      try {
        await deps.transactor.commit([
          deps.reports.submit(stored),
          deps.cases.countReportToReview(key.caseId, 1),
          deps.outbox.enqueue(caseMails(found.view.order, [
            mail(key.caseId, {
              kind: 'time_report_submitted',
              recipient: handler.recipient,
              to: handler.email,
              mail: timeReportSubmittedMail({ reference, insats: INSATS_LABELS[key.insatsType], monthLabel: monthLabel(month), link, municipalityName: config.municipality.name, version, late: stored.late }),
            }),
          ])),
        ]);
      } catch (error) {
        if (error instanceof ReportChangedError) throw new ReportConflictError('Tidrapporten har redan skickats in av någon annan.');
        throw error;
      }
      // The case itself is as it was: only its reports changed.
      return list(who, found);
    },

    /**
     * The caseworker's reconciliation: **Godkänn** (the report becomes invoice basis; the economy
     * assistants and fee administrators are told) or **Skicka tillbaka** with a comment (the
     * provider is told, corrects and submits a new version).
     */
    async review(who: Principal, reference: string, insatsType: string, month: string, body: unknown): Promise<CaseTimeReports> {
      const found = await visible(who, reference);
      const key = parseKey(insatsType, month, found.caseId);
      if (!mayPerform(who, factsOfView(found.view), { kind: 'review_time_report' })) throw new DomainError(403, 'forbidden', 'Bara ärendets handläggare eller enhetschef stämmer av tidrapporter.');
      const report = await reportOf(key);
      if (report.status !== 'submitted') throw new ReportConflictError(report.status === 'approved' ? 'Tidrapporten är redan godkänd.' : 'Det finns ingen inskickad tidrapport att stämma av.');
      const input = parseInput(reviewTimeReportSchema, body);
      const { versions } = await deps.reports.ofCase(key.caseId);
      const latest = versions.find((v) => v.insatsType === key.insatsType && v.month === key.month && v.version === report.versions)!;
      const at = deps.clock.now().toISOString();
      const sealedComment = input.comment ? await deps.vault.sealText(key.caseId, reviewField(key, report.versions), input.comment) : undefined;
      const link = portalLinks(deps.publicBaseUrl, reference).case;
      const one = { reference, insats: INSATS_LABELS[key.insatsType], monthLabel: monthLabel(month), link, municipalityName: config.municipality.name };
      const provider = config.providers.find((p) => p.id === report.providerId)!;
      const approvedQuantity = latest.quantity + latest.extras.reduce((s, e) => s + e.quantity, 0);
      const notices: OutboxMessage[] =
        input.decision === 'approve'
          ? [
              mail(key.caseId, { kind: 'time_report_approved', recipient: 'economy', to: config.mailboxes.economy, mail: timeReportApprovedMail({ ...one, invoiceLink: invoiceBasisLink(deps.publicBaseUrl, month) }) }),
              mail(key.caseId, { kind: 'time_report_approved', recipient: 'economy', to: config.mailboxes.fees, mail: timeReportApprovedMail({ ...one, invoiceLink: invoiceBasisLink(deps.publicBaseUrl, month) }) }),
            ]
          : [mail(key.caseId, { kind: 'time_report_returned', recipient: 'provider', to: provider.email, mail: timeReportReturnedMail(one) })];
      try {
        await deps.transactor.commit([
          deps.reports.review({
            ...key,
            version: report.versions,
            review: { decision: input.decision, at, by: who.email, ...(sealedComment ? { sealedComment } : {}) },
            ...(input.decision === 'approve' ? { approvedQuantity } : {}),
          }),
          deps.cases.countReportToReview(key.caseId, -1),
          deps.outbox.enqueue(caseMails(found.view.order, notices)),
        ]);
      } catch (error) {
        if (error instanceof ReportChangedError) throw new ReportConflictError('Tidrapporten har ändrats under tiden. Läs in sidan igen.');
        throw error;
      }
      // The last report of an ended stay approved: the case is **Avslutat**.
      if (input.decision === 'approve' && found.view.ended) await closeIfDone(deps, key.caseId, at);
      return list(who, found);
    },
  };
};
