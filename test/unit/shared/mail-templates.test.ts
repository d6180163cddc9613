import { describe, expect, it } from 'vitest';
import * as notifications from '../../../shared/mail/notifications';
import { orderReceiptMail } from '../../../shared/mail/order-receipt';
import * as timeReportMails from '../../../shared/mail/time-reports';
import { exampleOrder } from '../../support/order-fixture';
import { findPersonnummer } from '../../support/personal-data';

/**
 * Every mail template, rendered with everything a caller could hand it — the person's whole
 * record included, as a careless caller might — carries the case reference and never a name,
 * personnummer, address, phone or health text. A new template is caught by the list below.
 */
const order = exampleOrder();
const person = order.person;
const secrets = [person.firstName, person.lastName, person.personnummer, person.stayAddress.street, person.phone!, person.relatives?.[0]?.name ?? 'x', order.decision.goal, order.decision.insatser[0].description].filter(Boolean);
const everything = {
  ...person,
  person,
  goal: order.decision.goal,
  reference: 'TV-2026-00042',
  link: 'https://vistelse.example/portal/arenden/TV-2026-00042',
  municipalityName: 'Sundbyberg',
  queue: false,
  protectedIdentity: true,
  heldAssignments: 1,
  needsProvider: ['Hemtjänst: ingen utförare'],
  confirmWithinHours: 24,
  acuteConfirmHours: 4,
  confirmBy: '3 dec. 2026 10:00',
  caseSystem: 'Treserva',
  handler: 'Britt Sandberg, Äldreomsorgens myndighetsenhet',
  handlerEmail: 'britt.sandberg@sundbyberg.example',
  providerName: 'Duvbo Omsorg AB',
  used: '36 klienter',
  cap: '40 klienter',
  percent: 90,
  insats: 'Hemtjänst',
  startDate: '2026-12-15',
  installedOn: '2026-12-16',
  endedOn: '2027-01-20',
  reportedBy: 'Duvbo Omsorg AB',
  cancelledBy: 'beställaren',
  changedBy: 'beställaren',
  answerDueOn: '2026-12-10',
  lines: ['TV-2026-00042: hemtjänst, november 2026 (senast 2 december 2026)'],
  replyTo: 'anders.holm@sundbyberg.example',
  months: ['november 2026'],
  escalated: true,
  month: 'november 2026',
  words: 'Avvikelse: fakturan är 12,5 % högre än tidrapporten till vårt pris',
  references: ['TV-2026-00042'],
  count: 2,
  oldestDays: 9,
  confirm: true,
  removed: true,
  deadline: '2026-12-16',
  startedOn: '2026-12-18',
  declinedBy: 'Duvbo Omsorg AB',
  nextProvider: 'Hemtjänst Sundbyberg (egen regi)',
  unitHeadName: 'Maria Ek',
  sentAt: '2 dec. 2026 10:00',
  requestedAt: '2 dec. 2026 10:00',
  forOrderer: true,
  code: '12345678',
  validMinutes: 10,
  stayFrom: '2026-12-15',
  stayTo: '2027-02-15',
  monthLabel: 'december 2026',
  version: 2,
  late: true,
  invoiceLink: 'https://vistelse.example/portal/fakturaunderlag?manad=2026-12',
  step: 'second_chaser',
  portalLink: 'https://vistelse.example/portal',
  recipient: 'provider',
  reports: [{ reference: 'TV-2026-00042', insats: 'Hemtjänst', monthLabel: 'december 2026', dueDate: '2027-01-05', link: 'https://vistelse.example/portal/arenden/TV-2026-00042', person }],
};

const TEMPLATES: Record<string, (data: any) => { subject: string; text: string; html: string }> = { ...notifications, ...timeReportMails, orderReceiptMail };

describe('every mail template', () => {
  it('is in this test', () => {
    expect(Object.keys(TEMPLATES).sort()).toEqual(
      [
        'acuteCaseToUnitHeadMail',
        'alarmInstalledMail',
        'assignmentConfirmedToCaseworkerMail',
        'assignmentConfirmedToOrdererMail',
        'assignmentDeclinedMail',
        'capacityWarningMail',
        'closingTaskMail',
        'completionAnsweredMail',
        'completionReminderMail',
        'completionRequestedMail',
        'caseReassignedMail',
        'confirmationEscalationMail',
        'confirmationReminderMail',
        'handledByMail',
        'invoiceBasisMail',
        'newAssignmentMail',
        'newCaseMail',
        'newMessageMail',
        'orderCancelledMail',
        'orderChangedMail',
        'extraVisitQuestionMail',
        'extraVisitAnsweredMail',
        'extraVisitsToReviewMail',
        'extraVisitQuestionReminderMail',
        'extraVisitQuestionUnansweredMail',
        'outgoingReportChaseMail',
        'outgoingReportMissingMail',
        'outgoingInvoiceDeviationMail',
        'orderReceiptMail',
        'ordererCodeMail',
        'registerCaseMail',
        'startLateReminderMail',
        'startLateToCaseworkerMail',
        'stayEndedMail',
        'timeReportApprovedMail',
        'timeReportChaseMail',
        'timeReportReturnedMail',
        'timeReportSubmittedMail',
      ].sort(),
    );
  });

  it.each(Object.keys(TEMPLATES))('%s: the reference, a link (the code mail: none), no personal data', (name) => {
    const mail = TEMPLATES[name](everything);
    const all = `${mail.subject}\n${mail.text}\n${mail.html}`;
    expect(`${mail.subject}\n${mail.text}`).toContain('TV-2026-00042');
    for (const secret of secrets) expect(all, secret).not.toContain(secret);
    expect(findPersonnummer(all)).toEqual([]);
    const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
    if (name === 'ordererCodeMail') {
      expect(links).toEqual([]);
      expect(mail.text).toContain('12345678');
    } else if (name === 'outgoingReportChaseMail') {
      // To another municipality's official: no link into our portal, where they have no login.
      expect(links).toEqual([]);
    } else {
      expect(links.length).toBeGreaterThan(0);
      expect(all).not.toContain('12345678');
    }
  });
});
