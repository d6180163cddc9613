import { addDays, formatStockholmDateTime, stockholmInstant, stockholmToday } from '../../../shared/dates';
import { startIsLate } from '../../../shared/start-deadline-rules';
import { startDeadline } from '../../../shared/start-deadlines';
import { INSATS_LABELS, type InsatsType } from '../../../shared/insatser';
import {
  assignmentConfirmedToCaseworkerMail,
  alarmInstalledMail,
  assignmentConfirmedToOrdererMail,
  assignmentDeclinedMail,
  startLateToCaseworkerMail,
  caseReassignedMail,
  completionRequestedMail,
  newAssignmentMail,
} from '../../../shared/mail/notifications';
import { confirmationClock, type MunicipalityConfig } from '../../../shared/municipality';
import type { PersonalData, PersonalDataField } from '../../../shared/personal-data';
import type { AuditLogResponse, CaseResponse, Inbox, InboxFilter } from '../../../shared/portal';
import { cancelOrderSchema, confirmAssignmentSchema, declineAssignmentSchema, INBOX_FILTERS, INBOX_PAGE_SIZE, reassignCaseSchema, recordStartSchema, releaseAssignmentSchema, reportStayEndSchema, requestCompletionSchema } from '../../../shared/portal';
import { addWorkingDays } from '../../../shared/working-days';
import { monthlyHours, nonChoiceRotation, providerChoice, type ProviderDecision } from '../../../shared/routing';
import { caseAccess, mayPerform, messageChannels, seesPersonalData, type CaseAction } from '../access/policy';
import type { MessageStore } from '../messages/ports';
import type { Principal } from '../access/principals';
import type { Clock, IdGenerator } from '../kernel/clock';
import { rotationCounter, type Counters } from '../kernel/counters';
import { parseInput } from '../kernel/parse-input';
import { ConflictError, DomainError, NotFoundError } from '../kernel/errors';
import type { PersonalDataVault } from '../kernel/personal-data';
import type { PreparedWrite, Transactor } from '../kernel/transaction';
import { NotificationNotHeldError, type OutboxMessage, type OutboxStore } from '../outbox/ports';
import { ProviderLoadConflict, type ProviderLoadChange, type RoutingStore } from '../routing/ports';
import { expectedReports, followReports } from '../reports/plan-reports';
import { ReportChangedError, type TimeReportStore } from '../reports/ports';
import { portalLinks } from '../routing/route-order';
import { AssignmentChangedError, CaseChangedError, OrderChangedError, type AuditLog, type CaseStore, type CaseSummary, type CaseView } from './ports';
import { caseHandler } from './case-handler';
import { caseResponse, factsOf, factsOfView, inboxRow, matchesFilter } from './portal-views';
import { awaitingCompletion } from './orderer-case';
import { cancelCase, checkDayOfStaySoFar, checkEndDate, endStay } from './stay-end';
import { confirmChange } from './confirm-change';
import { caseMails } from '../outbox/case-mails';

export interface PortalDeps {
  cases: CaseStore;
  /** How much of each case's messages a person has seen (the lists' unread counts). */
  /** How much of each case's messages a person has seen (the lists' unread counts); a completion request is posted to the conversation. */
  messages: Pick<MessageStore, 'seen' | 'post'>;
  audit: AuditLog;
  /** A confirmed assignment's monthly time reports are planned with the confirmation. */
  reports: Pick<TimeReportStore, 'plan' | 'ofCase' | 'dropExpected' | 'revise' | 'recordCharge'>;
  vault: PersonalDataVault;
  outbox: OutboxStore;
  routing: RoutingStore;
  counters: Counters;
  transactor: Transactor;
  clock: Clock;
  ids: IdGenerator;
  config: MunicipalityConfig;
  publicBaseUrl: string;
}

/** The start chaser looks at 07:00 (Stockholm) the day after an insats's start deadline. */
export const startChaseAt = (deadline: string) => stockholmInstant(`${addDays(deadline, 1)}T07:00`)!.toISOString();

/** How many cases a list reads at most (newest first); it is shown in pages of `INBOX_PAGE_SIZE`. */
const LIST_LIMIT = 10_000;

/** A case the person may not see answers exactly as one that does not exist. */
const missing = () => new NotFoundError('Ärendet');

export class ForbiddenError extends DomainError {
  constructor(message = 'Du har inte behörighet att göra det i det här ärendet.') {
    super(403, 'forbidden', message);
  }
}

/** A state conflict the person can act on (`409`): in the kernel, re-exported here where the portal's callers find it. */
export { ConflictError };

/** An acute order not yet opened by its caseworker or with an insats not yet confirmed: first in the inbox. */
function acuteInProgress(c: CaseSummary): boolean {
  return c.stay.acute && (!c.openedAt || c.assignments.some((a) => a.status !== 'confirmed'));
}

/**
 * The staff portal's use cases. Each starts from the person (the session's principal) and the
 * case reference, and decides by the access policy (`access/policy.ts`) before it reads or changes
 * anything; personal data is opened only for a view that shows it, and every such read leaves an
 * audit entry first.
 */
export const portalCases = (deps: PortalDeps) => {
  const { config } = deps;
  const links = (reference: string) => portalLinks(deps.publicBaseUrl, reference);

  /** The case by reference, if this person may see it — else "not found", as for a case that does not exist. */
  async function visibleCase(who: Principal, reference: string) {
    const caseId = await deps.cases.findIdByReference(reference);
    const view = caseId ? await deps.cases.find(caseId) : undefined;
    if (!caseId || !view) throw missing();
    const access = caseAccess(who, factsOfView(view));
    if (access.view === 'none') throw missing();
    return { caseId, view, access };
  }

  function authorize(who: Principal, view: CaseView, action: CaseAction) {
    if (!mayPerform(who, factsOfView(view), action)) throw new ForbiddenError();
  }

  /** The case as `who` sees it now; personal data opened (and audited) only for a view that shows it. */
  async function show(who: Principal, visible: Awaited<ReturnType<typeof visibleCase>>): Promise<CaseResponse> {
    const { caseId, view, access } = visible;
    const now = deps.clock.now();
    // A purged case has no personal data left to open (nor a read to log).
    const fields: PersonalDataField[] = !seesPersonalData(access) || view.purged ? [] : access.view === 'registration' ? ['person'] : ['person', 'decisionText'];
    let personal: Partial<PersonalData> & { cancellationReason?: string; versionDescriptions?: Record<number, string[]> } = {};
    if (fields.length > 0) {
      // The read is logged before the data is opened: no read goes unlogged.
      await deps.audit.record({ id: deps.ids.next(), caseId, at: now.toISOString(), by: who.email, name: who.name, role: who.role, what: fields, view: access.view });
      const sealed = Object.fromEntries(fields.map((f) => [f, view.personalData[f]])) as Pick<CaseView['personalData'], PersonalDataField>;
      personal = await deps.vault.open(caseId, sealed);
      // The reason of a cancellation may speak of the person: for those who see the whole case.
      const cancellation = view.ended?.cancellation;
      if (cancellation && access.view === 'case') personal.cancellationReason = await deps.vault.openText(caseId, 'cancellation', cancellation.sealedReason);
      // Earlier versions of a changed order, readable with their descriptions by those who see the whole case.
      if (access.view === 'case' && view.versions.length > 0) {
        const opened = await Promise.all(view.versions.map(async (v) => [v.version, (await deps.vault.open(caseId, { decisionText: v.sealedDecisionText })).decisionText.insatsDescriptions] as const));
        personal.versionDescriptions = Object.fromEntries(opened);
      }
    }
    return caseResponse(config, who, view, access as Exclude<typeof access, { view: 'none' }>, personal, now);
  }

  function message(caseId: string, m: Omit<OutboxMessage, 'id' | 'caseId' | 'createdAt'>): OutboxMessage {
    return { id: deps.ids.next(), caseId, createdAt: deps.clock.now().toISOString(), ...m };
  }

  /** Who handles the case: its caseworker, or the queue's unit head. */
  const handlerOf = (view: CaseView) => caseHandler(config, view.routing);


  const common = (reference: string, link = links(reference).case) => ({ reference, municipalityName: config.municipality.name, link });
  /** When an assignment sent at `at` must be confirmed by: the profile's day, its acute hours for an acute order. */
  const confirmBy = (view: CaseView, at: Date) => new Date(at.getTime() + confirmationClock(config.rules, view.order.stay.acute).confirmHours * 3_600_000);

  function newAssignmentMessage(view: CaseView, providerId: string, at: Date, held: boolean): OutboxMessage {
    const provider = config.providers.find((p) => p.id === providerId)!;
    return message(view.caseId, {
      kind: 'new_assignment',
      recipient: 'provider',
      to: provider.email,
      held,
      mail: newAssignmentMail({
        ...common(view.reference, links(view.reference).assignment),
        confirmWithinHours: confirmationClock(config.rules, view.order.stay.acute).confirmHours,
        confirmBy: formatStockholmDateTime(confirmBy(view, at)),
      }),
    });
  }

  /** Commits, turning a concurrent change into a conflict the person can act on (`orderChanged`: the order itself changed meanwhile). */
  async function commit(writes: PreparedWrite[], conflict: string, orderChanged = conflict) {
    try {
      await deps.transactor.commit(writes);
    } catch (error) {
      if (error instanceof OrderChangedError) throw new ConflictError(orderChanged);
      if (error instanceof AssignmentChangedError || error instanceof CaseChangedError || error instanceof NotificationNotHeldError) throw new ConflictError(conflict);
      throw error;
    }
  }

  function assignmentOf(view: CaseView, insatsType: InsatsType) {
    const assignment = view.assignments.find((a) => a.insatsType === insatsType);
    if (!assignment) throw new NotFoundError('Uppdraget');
    return assignment;
  }

  return {
    /** The person's list: their unit's cases, their provider's assignments, or every case (the officials), by filter. */
    async inbox(who: Principal, filter: InboxFilter, page = 1): Promise<Inbox> {
      const now = deps.clock.now();
      const listed =
        who.role === 'caseworker' || who.role === 'unit_head'
          ? await deps.cases.listByUnit(who.unitId, LIST_LIMIT)
          : who.role === 'provider'
            ? await deps.cases.listByProvider(who.providerId, LIST_LIMIT)
            : await deps.cases.listAll(LIST_LIMIT);
      const visible = listed.filter((c) => caseAccess(who, factsOf(c)).view !== 'none');
      const counts = Object.fromEntries(INBOX_FILTERS.map((f) => [f, visible.filter((c) => matchesFilter(f, who, c)).length])) as Inbox['counts'];
      // Acute cases still being set up come first (the sort keeps the list's order otherwise).
      const filtered = visible.filter((c) => matchesFilter(filter, who, c)).sort((a, b) => Number(acuteInProgress(b)) - Number(acuteInProgress(a)));
      // One page of them (a page past the last is the last).
      const pages = Math.max(1, Math.ceil(filtered.length / INBOX_PAGE_SIZE));
      const number = Math.min(Math.max(1, Math.floor(page) || 1), pages);
      const rows = filtered.slice((number - 1) * INBOX_PAGE_SIZE, number * INBOX_PAGE_SIZE);
      // Unread messages: the case's count of each conversation this person sees, less what they have seen.
      const channels = new Map(rows.map((c) => [c.caseId, messageChannels(who, factsOf(c))]));
      const withMessages = rows.filter((c) => channels.get(c.caseId)!.some((ch) => c.messageCounts[ch] > 0));
      const seen = withMessages.length > 0 ? await deps.messages.seen(who.email, withMessages.map((c) => c.caseId)) : {};
      const unread = (c: (typeof rows)[number]) => channels.get(c.caseId)!.reduce((sum, ch) => sum + Math.max(0, c.messageCounts[ch] - (seen[c.caseId]?.[ch] ?? 0)), 0);
      return { role: who.role, filter, counts, rows: rows.map((c) => inboxRow(config, who, c, now, unread(c))), page: { number, pages, size: INBOX_PAGE_SIZE, total: filtered.length } };
    },

    /** The case page. The case's own caseworker opening it makes it no longer new. */
    async read(who: Principal, reference: string): Promise<CaseResponse> {
      const visible = await visibleCase(who, reference);
      if (visible.access.view === 'case' && visible.access.assigned && !visible.view.openedAt) {
        await deps.cases.markOpened(visible.caseId, deps.clock.now().toISOString());
        visible.view.openedAt = deps.clock.now().toISOString();
      }
      return show(who, visible);
    },

    /** Who read the case's personal data, when and how: for the case's unit head. */
    async auditLog(who: Principal, reference: string): Promise<AuditLogResponse> {
      const { caseId, view } = await visibleCase(who, reference);
      authorize(who, view, { kind: 'view_audit' });
      const entries = await deps.audit.ofCase(caseId);
      return { reference, entries: entries.map((e) => ({ at: e.at, name: e.name, email: e.by, role: e.role, what: e.what, view: e.view })) };
    },

    /**
     * **Enhetschefen är informerad** (Gotland's routine for protected personal data): the case's
     * caseworker (or its unit head) records which of the provider's unit heads was told orally,
     * and when; only then is the assignment sent.
     */
    async release(who: Principal, reference: string, insatsType: InsatsType, body: unknown): Promise<CaseResponse> {
      const visible = await visibleCase(who, reference);
      const { caseId, view } = visible;
      authorize(who, view, { kind: 'release', insatsType });
      const assignment = assignmentOf(view, insatsType);
      const providerId = 'providerId' in assignment.decision ? assignment.decision.providerId : undefined;
      if (assignment.status !== 'held' || !providerId) throw new ConflictError('Uppdraget väntar inte på att enhetschefen informeras.');
      const input = parseInput(releaseAssignmentSchema, body);
      const now = deps.clock.now();
      if (Date.parse(input.toldAt) > now.getTime()) {
        throw new DomainError(400, 'validation_failed', 'Tidpunkten kan inte vara i framtiden.', [{ path: 'toldAt', message: 'Ange när enhetschefen informerades (inte i framtiden)' }]);
      }
      const at = now.toISOString();
      const provider = config.providers.find((p) => p.id === providerId)!;
      // The provider's mail held for the case goes now; if it went already (another of its assignments), a new one tells of this.
      const heldMail = view.notifications.find((n) => n.kind === 'new_assignment' && n.status === 'held' && n.to === provider.email);
      await commit(
        [
          deps.cases.releaseAssignment({ caseId, insatsType, providerId, at, confirmBy: confirmBy(view, now).toISOString() }),
          heldMail ? deps.outbox.release(caseId, [heldMail.id], at) : deps.outbox.enqueue(caseMails(view.order, [newAssignmentMessage(view, providerId, now, false)])),
          deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: 'unit_head_told', by: who.email, at, insatsType, providerId, unitHeadName: input.unitHeadName.trim(), toldAt: input.toldAt }),
        ],
        'Uppdraget har redan skickats.',
      );
      return show(who, await visibleCase(who, reference));
    },

    /** **Bekräfta uppdraget**: the provider confirms with a start date and its contact; the orderer and the caseworker are told. */
    async confirm(who: Principal, reference: string, insatsType: InsatsType, body: unknown): Promise<CaseResponse> {
      const { caseId, view } = await visibleCase(who, reference);
      authorize(who, view, { kind: 'confirm', insatsType });
      const assignment = assignmentOf(view, insatsType);
      if (view.ended) throw new ConflictError('Beställningen är avslutad eller avbruten.');
      if (assignment.status !== 'sent' || who.role !== 'provider') throw new ConflictError('Uppdraget väntar inte på bekräftelse.');
      const input = parseInput(confirmAssignmentSchema, body);
      const changed = 'Beställningen har ändrats sedan du läste den. Läs den igen och bekräfta sedan.';
      if (input.orderVersion !== undefined && input.orderVersion !== view.orderVersion) throw new ConflictError(changed);
      if (input.startDate < view.order.stay.from || input.startDate > view.order.stay.to) {
        throw new DomainError(400, 'validation_failed', 'Startdatumet måste ligga inom vistelsen.', [
          { path: 'startDate', message: `Ange ett startdatum från ${view.order.stay.from} till ${view.order.stay.to}` },
        ]);
      }
      const at = deps.clock.now().toISOString();
      const handler = handlerOf(view);
      const insats = INSATS_LABELS[insatsType];
      const provider = config.providers.find((p) => p.id === who.providerId)!;
      // From the confirmed start date, every month of the stay owes a report.
      const reports = expectedReports(config, { caseId, reference, order: view.order, insatsType, providerId: who.providerId, startDate: input.startDate, at });
      const deadline = startDeadline(config.rules.startDeadlines, insatsType, { sentOn: stockholmToday(new Date(assignment.sentAt ?? at)), stayFrom: view.order.stay.from });
      await commit(
        [
          deps.reports.plan(reports),
          deps.cases.confirmAssignment({
            caseId,
            insatsType,
            providerId: who.providerId,
            confirmation: { startDate: input.startDate, contactName: input.contactName.trim(), contactPhone: input.contactPhone.trim(), confirmedAt: at, confirmedBy: who.email },
            start: { deadline, chaseAt: startChaseAt(deadline) },
            // The reports are planned from this version: a change committed first makes the provider read it.
            orderVersion: view.orderVersion,
          }),
          deps.outbox.enqueue(
            caseMails(view.order, [
            message(caseId, {
              kind: 'assignment_confirmed',
              recipient: 'orderer',
              to: view.order.orderer.email,
              mail: assignmentConfirmedToOrdererMail({ ...common(reference, links(reference).orderer), insats, startDate: input.startDate }),
            }),
            message(caseId, {
              kind: 'assignment_confirmed',
              recipient: handler.recipient,
              to: handler.email,
              mail: assignmentConfirmedToCaseworkerMail({ ...common(reference), insats, startDate: input.startDate, providerName: provider.name }),
            }),
            ]),
          ),
          deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: 'assignment_confirmed', by: who.email, at, insatsType, providerId: who.providerId, startDate: input.startDate }),
        ],
        'Uppdraget är redan bekräftat eller avböjt.',
        changed,
      );
      return show(who, await visibleCase(who, reference));
    },

    /** **Bekräfta ändringen**: the provider of the assignment confirms the change it read. */
    async confirmChange(who: Principal, reference: string, insatsType: InsatsType, body: unknown): Promise<CaseResponse> {
      const { view } = await visibleCase(who, reference);
      authorize(who, view, { kind: 'confirm_change', insatsType });
      if (who.role !== 'provider') throw new ForbiddenError();
      await confirmChange(deps, view, { email: who.email, providerId: who.providerId }, insatsType, body);
      return show(who, await visibleCase(who, reference));
    },

    /**
     * **Insatsen har startat** (for the safety alarm **Larmet är installerat**): the provider
     * records the day the help began, within the stay and not in the future. A start past the
     * deadline for its type is **Start försenad**, and the caseworker is told (once: not again if
     * the start chaser already told them). An installed alarm is told to the orderer and the
     * economy assistants (seed 000).
     */
    async recordStart(who: Principal, reference: string, insatsType: InsatsType, body: unknown): Promise<CaseResponse> {
      const { caseId, view } = await visibleCase(who, reference);
      authorize(who, view, { kind: 'record_start', insatsType });
      const assignment = assignmentOf(view, insatsType);
      const alarm = insatsType === 'trygghetslarm';
      if (view.ended) throw new ConflictError('Beställningen är avslutad eller avbruten.');
      if (assignment.status !== 'confirmed' || who.role !== 'provider' || !assignment.startDeadline) throw new ConflictError('Uppdraget är inte bekräftat.');
      if (assignment.started) throw new ConflictError(alarm ? 'Larmet är redan registrerat som installerat.' : 'Starten är redan registrerad.');
      const input = parseInput(recordStartSchema, body);
      const now = deps.clock.now();
      const today = stockholmToday(now);
      checkDayOfStaySoFar(view, input.startedOn, today, 'startedOn', alarm ? 'Installationsdagen måste ligga inom vistelsen och får inte vara i framtiden.' : 'Startdagen måste ligga inom vistelsen och får inte vara i framtiden.');
      const at = now.toISOString();
      const late = startIsLate(assignment.startDeadline, input.startedOn, today);
      const insats = INSATS_LABELS[insatsType];
      const provider = config.providers.find((p) => p.id === who.providerId)!;
      const handler = handlerOf(view);
      const mails: OutboxMessage[] = [];
      if (alarm) {
        mails.push(
          message(caseId, { kind: 'alarm_installed', recipient: 'orderer', to: view.order.orderer.email, mail: alarmInstalledMail({ ...common(reference, links(reference).orderer), installedOn: input.startedOn, forOrderer: true }) }),
          message(caseId, { kind: 'alarm_installed', recipient: 'economy', to: config.mailboxes.economy, mail: alarmInstalledMail({ ...common(reference), installedOn: input.startedOn, forOrderer: false }) }),
        );
      }
      // The caseworker hears of a late start once: from the chaser if it came first, else now.
      if (late && !assignment.chased.includes('start_late')) {
        mails.push(
          message(caseId, {
            kind: 'start_late',
            recipient: handler.recipient,
            to: handler.email,
            mail: startLateToCaseworkerMail({ ...common(reference), insats, deadline: assignment.startDeadline, providerName: provider.name, startedOn: input.startedOn }),
          }),
        );
      }
      for (let attempt = 1; ; attempt++) {
        // The expected reports follow the day it actually started: months before it go (those still expected), its first month starts that day.
        const existing = (await deps.reports.ofCase(caseId)).reports.filter((r) => r.insatsType === insatsType);
        const wanted = expectedReports(config, { caseId, reference, order: view.order, insatsType, providerId: who.providerId, startDate: input.startedOn, at });
        const follow = followReports(existing, wanted, '9999-12-31');
        try {
          await commit(
            [
              deps.cases.recordStart({ caseId, insatsType, providerId: who.providerId, start: { startedOn: input.startedOn, recordedAt: at, recordedBy: who.email, late } }),
              ...(follow.plan.length > 0 ? [deps.reports.plan(follow.plan)] : []),
              ...(follow.revise.length > 0 ? [deps.reports.revise(follow.revise)] : []),
              ...(follow.drop.length > 0 ? [deps.reports.dropExpected(follow.drop)] : []),
              ...(mails.length > 0 ? [deps.outbox.enqueue(caseMails(view.order, mails))] : []),
              deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: alarm ? 'alarm_installed' : 'insats_started', by: who.email, at, insatsType, providerId: who.providerId, startedOn: input.startedOn, late }),
            ],
            alarm ? 'Larmet är redan registrerat som installerat.' : 'Starten är redan registrerad.',
          );
          break;
        } catch (error) {
          // A report submitted meanwhile: read the reports again.
          if (!(error instanceof ReportChangedError) || attempt >= 3) throw error;
        }
      }
      return show(who, await visibleCase(who, reference));
    },

    /**
     * **Avböj uppdraget** with **Skäl**: the assignment goes to the next eligible provider in the
     * non-choice rotation (its turn recorded; none that has declined it), or waits for the
     * caseworker to choose; the caseworker is told either way. Afterwards the provider no longer
     * sees the case.
     */
    async decline(who: Principal, reference: string, insatsType: InsatsType, body: unknown): Promise<{ declined: true }> {
      const { caseId, view } = await visibleCase(who, reference);
      authorize(who, view, { kind: 'decline', insatsType });
      const assignment = assignmentOf(view, insatsType);
      if (view.ended) throw new ConflictError('Beställningen är avslutad eller avbruten.');
      if (assignment.status !== 'sent' || who.role !== 'provider') throw new ConflictError('Uppdraget väntar inte på bekräftelse.');
      const input = parseInput(declineAssignmentSchema, body);
      const declinedBy = config.providers.find((p) => p.id === who.providerId)!;
      const excluded = new Set([who.providerId, ...assignment.declines.map((d) => d.providerId)]);
      const hours = view.order.decision.insatser.filter((i) => i.type === insatsType).reduce((sum, i) => sum + monthlyHours(i.scope), 0);
      // The district routing placed the stay address in (the address itself is sealed).
      const district = config.districts.find((d) => d.id === view.routing.districtId);

      for (let attempt = 1; ; attempt++) {
        const now = deps.clock.now();
        const at = now.toISOString();
        const capped = config.providers.filter((p) => p.capacity && !excluded.has(p.id)).map((p) => p.id);
        const loads = await deps.routing.loads({ caseworkerIds: [], providerIds: capped });
        const choice = providerChoice(config, { district, insats: { type: insatsType, scope: { amount: hours, unit: 'hours_per_month' } }, choice: { choice: 'none' }, loads: loads.providers });
        let next: ProviderDecision = { kind: 'needs_provider', reason: `${INSATS_LABELS[insatsType]}: ${declinedBy.name} avböjde, och ingen annan utförare kan ta uppdraget` };
        const providerChanges: ProviderLoadChange[] = [];
        const turns = [];
        if (choice.kind === 'rotation') {
          const eligible = choice.eligible.filter((p) => !excluded.has(p.id));
          if (eligible.length > 0) {
            const [turn] = await deps.counters.draw([rotationCounter(choice.rotation)]);
            const provider = nonChoiceRotation(eligible, turn)!;
            next = { kind: 'rotation', providerId: provider.id, rotation: choice.rotation, turn, reason: `${choice.reasonStart}${declinedBy.name} avböjde → ickevalsalternativet, tur ${turn} → ${provider.name}` };
            turns.push({ rotation: choice.rotation, turn, providerId: provider.id });
            const hasOther = view.assignments.some((a) => a.insatsType !== insatsType && 'providerId' in a.decision && a.decision.providerId === provider.id);
            const seen = loads.providers[provider.id] ?? { clients: 0, hoursPerMonth: 0 };
            providerChanges.push({
              providerId: provider.id,
              clients: hasOther ? 0 : 1,
              hoursPerMonth: hours,
              cap: provider.capacity ?? undefined,
              seen: provider.capacity ? { clients: seen.clients, hoursPerMonth: seen.hoursPerMonth } : undefined,
              warn: false,
            });
          }
        }
        const keepsOther = view.assignments.some((a) => a.insatsType !== insatsType && 'providerId' in a.decision && a.decision.providerId === who.providerId);
        providerChanges.push({ providerId: who.providerId, clients: keepsOther ? 0 : -1, hoursPerMonth: -hours, warn: false });
        const nextProviderId = 'providerId' in next ? next.providerId : undefined;
        const handler = handlerOf(view);
        const hold = view.protectedIdentity;
        try {
          await deps.transactor.commit([
            deps.cases.declineAssignment({
              caseId,
              insatsType,
              decline: { providerId: who.providerId, reason: input.reason.trim(), at, by: who.email },
              next,
              hold,
              at,
              confirmBy: confirmBy(view, now).toISOString(),
            }),
            deps.routing.changeLoads({ caseId, reference, at, providers: providerChanges, turns }),
            deps.outbox.enqueue(caseMails(view.order, [
              message(caseId, {
                kind: 'assignment_declined',
                recipient: handler.recipient,
                to: handler.email,
                mail: assignmentDeclinedMail({ ...common(reference), insats: INSATS_LABELS[insatsType], declinedBy: declinedBy.name, nextProvider: nextProviderId ? config.providers.find((p) => p.id === nextProviderId)!.name : undefined }),
              }),
              // With a protected identity the next provider's unit head is told first: the mail waits with the assignment.
              ...(nextProviderId ? [newAssignmentMessage(view, nextProviderId, now, hold)] : []),
            ])),
            deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: 'assignment_declined', by: who.email, at, insatsType, providerId: who.providerId, reason: input.reason.trim(), ...(nextProviderId ? { nextProviderId } : {}) }),
          ]);
          return { declined: true };
        } catch (error) {
          if (error instanceof ProviderLoadConflict && attempt < 10) continue;
          if (error instanceof AssignmentChangedError) throw new ConflictError('Uppdraget är redan bekräftat eller avböjt.');
          throw error;
        }
      }
    },

    /** The unit head gives the case to one of the unit's active caseworkers, who is told. */
    async reassign(who: Principal, reference: string, body: unknown): Promise<CaseResponse> {
      const { caseId, view } = await visibleCase(who, reference);
      authorize(who, view, { kind: 'reassign' });
      const input = parseInput(reassignCaseSchema, body);
      const to = config.caseworkers.find((c) => c.id === input.caseworkerId && c.active && c.unitId === view.routing.unitId);
      if (!to) throw new DomainError(400, 'validation_failed', 'Välj en aktiv handläggare i enheten.', [{ path: 'caseworkerId', message: 'Välj en aktiv handläggare i enheten' }]);
      const from = view.routing.kind === 'caseworker' ? view.routing.caseworkerId : undefined;
      if (from === to.id) throw new ConflictError(`Ärendet är redan ${to.name}s.`);
      const at = deps.clock.now().toISOString();
      await commit(
        [
          deps.cases.reassign({ caseId, from, to: to.id, unitId: view.routing.unitId, at }),
          deps.routing.changeLoads({ caseId, reference, at, caseworkers: [...(from ? [{ caseworkerId: from, delta: -1 as const }] : []), { caseworkerId: to.id, delta: 1 }] }),
          deps.outbox.enqueue(caseMails(view.order, [message(caseId, { kind: 'case_reassigned', recipient: 'caseworker', to: to.email, mail: caseReassignedMail({ ...common(reference), unitHeadName: who.name }) })])),
          deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: 'case_reassigned', by: who.email, at, ...(from ? { from } : {}), to: to.id }),
        ],
        'Ärendet har redan fördelats av någon annan.',
      );
      return show(who, await visibleCase(who, reference));
    },

    /** The system administrator marks the case **registrerad i verksamhetssystemet**. */
    async markRegistered(who: Principal, reference: string): Promise<CaseResponse> {
      const { caseId, view } = await visibleCase(who, reference);
      authorize(who, view, { kind: 'mark_registered' });
      const at = deps.clock.now().toISOString();
      await commit(
        [deps.cases.markRegistered({ caseId, at, by: who.email }), deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: 'registered', by: who.email, at })],
        'Ärendet är redan registrerat.',
      );
      return show(who, await visibleCase(who, reference));
    },

    /** **Avbryt beställningen** with **Skäl**, by the case's caseworker (or its unit head): see `cancelCase`. */
    async cancel(who: Principal, reference: string, body: unknown): Promise<CaseResponse> {
      const { view } = await visibleCase(who, reference);
      authorize(who, view, { kind: 'cancel_order' });
      if (view.status === 'closed' || view.ended) throw new ConflictError('Beställningen är redan avslutad eller avbruten.');
      const input = parseInput(cancelOrderSchema, body);
      try {
        await cancelCase(deps, view, { email: who.email, by: 'caseworker' }, input.reason.trim(), deps.clock.now());
      } catch (error) {
        if (error instanceof CaseChangedError) throw new ConflictError('Beställningen är redan avslutad eller avbruten.');
        throw error;
      }
      return show(who, await visibleCase(who, reference));
    },

    /**
     * **Vistelsen har avslutats** with the last day, by a provider of the case: months after it are
     * dropped, those working with the case told, the closing task sent; the case is **Avslutat**
     * when its last report is approved (at once, if none is left).
     */
    async reportStayEnd(who: Principal, reference: string, body: unknown): Promise<CaseResponse> {
      const { view } = await visibleCase(who, reference);
      authorize(who, view, { kind: 'report_stay_end' });
      if (view.status === 'closed' || view.ended) throw new ConflictError('Vistelsen är redan avslutad.');
      const input = parseInput(reportStayEndSchema, body);
      const now = deps.clock.now();
      checkEndDate(view, input.endedOn, stockholmToday(now));
      try {
        await endStay(deps, view, { endedOn: input.endedOn, reportedAt: now.toISOString(), reportedBy: who.email, source: 'provider' }, { providerId: who.role === 'provider' ? who.providerId : undefined });
      } catch (error) {
        if (error instanceof CaseChangedError) throw new ConflictError('Vistelsen är redan avslutad.');
        throw error;
      }
      return show(who, await visibleCase(who, reference));
    },

    /**
     * **Begär komplettering** with **Vad saknas** (seed 001: the caseworker asks the home
     * municipality for what the order lacks): the request stands in the case's conversation with
     * the orderer, who gets a notice (reference and link only); the case shows **Väntar på
     * komplettering** and its handling-time clock stops until the orderer answers there.
     * Unanswered after the profile's working days, the orderer is reminded once.
     */
    async requestCompletion(who: Principal, reference: string, body: unknown): Promise<CaseResponse> {
      const { caseId, view } = await visibleCase(who, reference);
      authorize(who, view, { kind: 'request_completion' });
      if (view.status === 'closed' || view.ended) throw new ConflictError('Ärendet är avslutat eller avbrutet.');
      if (awaitingCompletion(view)) throw new ConflictError('Ärendet väntar redan på komplettering.');
      const input = parseInput(requestCompletionSchema, body);
      const now = deps.clock.now();
      const at = now.toISOString();
      const remindAt = stockholmInstant(`${addWorkingDays(stockholmToday(now), config.rules.completionReminderWorkingDays)}T07:00`)!.toISOString();
      const id = deps.ids.next();
      const unit = config.units.find((u) => u.id === view.routing.unitId)!;
      await commit(
        [
          deps.cases.requestCompletion({ caseId, request: { requestedAt: at, requestedBy: who.email, remindAt } }),
          deps.messages.post({
            caseId,
            id,
            conversationId: `${caseId}:conversation`,
            channel: 'conversation',
            sentAt: at,
            sender: { email: who.email, name: who.name, function: `${unit.name}, ${config.municipality.name}`, party: 'municipality' },
            sealedText: await deps.vault.sealText(caseId, `message:${id}`, `Begäran om komplettering\n\n${input.missing.trim()}`),
            attachmentIds: [],
          }),
          deps.outbox.enqueue(
            caseMails(view.order, [message(caseId, { kind: 'completion_requested', recipient: 'orderer', to: view.order.orderer.email, mail: completionRequestedMail(common(reference, links(reference).orderer)) })]),
          ),
          deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: 'completion_requested', by: who.email, at, remindAt }),
        ],
        'Ärendet väntar redan på komplettering.',
      );
      return show(who, await visibleCase(who, reference));
    },
  };
};
