import { formatSwedishDate, stockholmToday } from '../../../shared/dates';
import { INSATS_LABELS } from '../../../shared/insatser';
import { monthInWords } from '../../../shared/invoice-basis';
import { outgoingReportChaseMail, outgoingReportMissingMail } from '../../../shared/mail/notifications';
import type { MunicipalityConfig } from '../../../shared/municipality';
import { TIME_REPORT_STEPS, type TimeReportStep } from '../../../shared/time-report-dates';
import { isWorkingDay } from '../../../shared/working-days';
import type { IdGenerator } from '../kernel/clock';
import type { PreparedWrite, Transactor } from '../kernel/transaction';
import { NotificationExistsError, type OutboxMessage, type OutboxStore } from '../outbox/ports';
import { fnv1a, stepDue } from '../reports/chase-time-reports';
import { outgoingStayLink } from './outgoing-list';
import { OutgoingChangedError, type OutgoingReport, type OutgoingStay, type OutgoingStayStore } from './ports';

export interface ChaseOutgoingDeps {
  outgoing: OutgoingStayStore;
  outbox: OutboxStore;
  transactor: Transactor;
  ids: IdGenerator;
  config: MunicipalityConfig;
  publicBaseUrl: string;
}

export interface ChaseOutgoingResult {
  date: string;
  workingDay: boolean;
  /** Reports whose step was taken this run. */
  chased: number;
  /** Mails queued: to the stay municipalities' contacts, and our caseworkers and unit heads told. */
  mails: number;
}

/** The mails' case partition: the chaser's mails belong to no single case. */
export const OUTGOING_CHASER_MAIL_CASE_ID = 'outgoing-report-chaser';
const DUE_LIMIT = 1000;
/** Reports per transaction, with their mails (DynamoDB's limit is 100 items). */
const GROUP = 80;

/** The step due on `today` (the time reports' own rule: the latest not taken) and the next step's date, if one remains. */
function dueNow(report: Pick<OutgoingReport, 'ladder' | 'chased'>, today: string): { step: TimeReportStep; nextDueOn?: string } | undefined {
  const step = stepDue(report, today);
  if (!step) return undefined;
  const next = TIME_REPORT_STEPS[TIME_REPORT_STEPS.indexOf(step) + 1];
  return { step, ...(next ? { nextDueOn: report.ladder[next] } : {}) };
}

/**
 * `chase-outgoing-reports`, each working day at 07:00: the time reports we wait for from the stay
 * municipalities of our outgoing stays, on the same ladder as our own providers' (reminder the
 * working day before the due date, chaser the day after, a second chaser with our caseworker told,
 * the escalation with the unit head told). The stay municipality's contact gets one mail per step
 * listing every report of theirs at it (our references and months only; no link, they have no login
 * with us). Found by a query on the due index, never a scan; each report's step is taken with a
 * condition in the transaction of its mails, whose ids are made of the day, the step and the
 * recipient — so a run repeated or concurrent sends each mail once.
 */
export const chaseOutgoingReports =
  (deps: ChaseOutgoingDeps) =>
  async (now: Date): Promise<ChaseOutgoingResult> => {
    const today = stockholmToday(now);
    const result: ChaseOutgoingResult = { date: today, workingDay: isWorkingDay(today), chased: 0, mails: 0 };
    if (!result.workingDay) return result;
    const at = now.toISOString();
    const stays = new Map<string, OutgoingStay | undefined>();
    const stayOf = async (id: string) => {
      if (!stays.has(id)) stays.set(id, await deps.outgoing.find(id));
      return stays.get(id);
    };

    // Each report with its step due, grouped by the contact it goes to and the step.
    const groups = new Map<string, { contact: string; step: TimeReportStep; items: { report: OutgoingReport; stay: OutgoingStay; nextDueOn?: string }[] }>();
    for (const report of await deps.outgoing.reportsDue(today, DUE_LIMIT)) {
      const due = dueNow(report, today);
      const stay = await stayOf(report.stayId);
      if (!due || !stay) continue;
      const key = `${stay.contact.email.toLowerCase()}|${due.step}`;
      const group = groups.get(key) ?? { contact: stay.contact.email, step: due.step, items: [] };
      group.items.push({ report, stay, ...(due.nextDueOn ? { nextDueOn: due.nextDueOn } : {}) });
      groups.set(key, group);
    }

    for (const group of groups.values()) {
      for (let start = 0; start < group.items.length; start += GROUP) {
        const items = group.items.slice(start, start + GROUP);
        const mails = mailsOf(deps, group.contact, group.step, items, today, at, start / GROUP);
        const writes: PreparedWrite[] = [
          ...items.map(({ report, nextDueOn }) =>
            deps.outgoing.takeChaseStep({ stayId: report.stayId, insatsType: report.insatsType, month: report.month, chasedBefore: report.chased.length, step: group.step, at, ...(nextDueOn ? { nextDueOn } : {}) }),
          ),
          deps.outbox.enqueue(mails),
        ];
        try {
          await deps.transactor.commit(writes);
          result.chased += items.length;
          result.mails += mails.length;
        } catch (error) {
          // Another run took these steps (or a report came in) meanwhile: the next run sends what is still due.
          if (!(error instanceof OutgoingChangedError) && !(error instanceof NotificationExistsError)) throw error;
        }
      }
    }
    return result;
  };

function mailsOf(deps: ChaseOutgoingDeps, contact: string, step: TimeReportStep, items: { report: OutgoingReport; stay: OutgoingStay }[], today: string, at: string, part: number): OutboxMessage[] {
  const { config } = deps;
  const references = [...new Set(items.map((i) => i.report.reference))].sort();
  const lines = items.map(({ report }) => `${report.reference}: ${INSATS_LABELS[report.insatsType].toLowerCase()}, ${monthInWords(report.month)} (senast ${formatSwedishDate(report.dueOn)})`);
  // Their answer goes to our caseworker of the stay (the first one's, when a mail lists several).
  const replyTo = items[0]!.stay.caseworkerEmail;
  const id = (who: string) => `outgoing-${step}-${today}-${fnv1a(who.toLowerCase())}${part ? `-${part}` : ''}`;
  const mails: OutboxMessage[] = [
    {
      id: id(contact),
      caseId: OUTGOING_CHASER_MAIL_CASE_ID,
      createdAt: at,
      kind: `outgoing_report_${step}`,
      recipient: 'stay_municipality',
      to: contact,
      mail: outgoingReportChaseMail({ municipalityName: config.municipality.name, step, references, lines, replyTo }),
    },
  ];
  if (step === 'second_chaser' || step === 'escalation') {
    // Our own side told: the caseworker of each stay (and at the escalation its unit head), one mail per stay.
    for (const stay of new Map(items.map((i) => [i.stay.id, i.stay])).values()) {
      const months = items.filter((i) => i.stay.id === stay.id).map((i) => monthInWords(i.report.month));
      const common = { reference: stay.reference, municipalityName: config.municipality.name, link: outgoingStayLink(deps.publicBaseUrl, stay.reference), months: [...new Set(months)], escalated: step === 'escalation' };
      mails.push({ id: `${id(stay.caseworkerEmail)}-${stay.id}`, caseId: OUTGOING_CHASER_MAIL_CASE_ID, createdAt: at, kind: `outgoing_report_missing`, recipient: 'caseworker', to: stay.caseworkerEmail, mail: outgoingReportMissingMail(common) });
      const head = config.units.find((u) => u.id === stay.unitId)?.head;
      if (step === 'escalation' && head) {
        mails.push({ id: `${id(head.email)}-${stay.id}`, caseId: OUTGOING_CHASER_MAIL_CASE_ID, createdAt: at, kind: 'outgoing_report_missing', recipient: 'unit_head', to: head.email, mail: outgoingReportMissingMail(common) });
      }
    }
  }
  return mails;
}
