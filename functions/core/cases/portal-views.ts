import { INSATS_LABELS, RATE_PERIOD_LABELS, SCOPE_UNIT_LABELS, type InsatsType } from '../../../shared/insatser';
import { confirmationClock, type MunicipalityConfig } from '../../../shared/municipality';
import type { CasePhase, CaseResponse, InboxFilter, InboxRow, OrderChangeShown } from '../../../shared/portal';
import type { PersonalData } from '../../../shared/personal-data';
import { formatStockholmDateTime, stockholmToday } from '../../../shared/dates';
import { startDeadlineRule, startDeadlineRuleText, startIsLate } from '../../../shared/start-deadline-rules';
import { mayPerform, type CaseAccess, type CaseFacts } from '../access/policy';
import { principalFor, type Principal } from '../access/principals';
import type { AssignmentStatus, CaseSummary, CaseView, OrderVersion } from './ports';
import { awaitingCompletion } from './orderer-case';
import { CONFIRMED_WARNING_CODES, type ConfirmedWarningCode } from '../../../shared/api';
import { addressCheckForCaseworker, insatsWarnings, orderWarnings, ourAreaOf } from '../../../shared/order-warnings';

/**
 * How the portal shows cases: pure functions from what is stored (and, where the policy lets the
 * reader see it, the opened personal data) to the answers of `shared/portal.ts`. Nothing here
 * decides access; it shows what the policy's view allows and nothing more.
 */

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  held: 'Vilande – enhetschefen ska informeras',
  sent: 'Skickat – väntar på bekräftelse',
  confirmed: 'Bekräftat',
  needs_provider: 'Saknar utförare',
  removed: 'Borttagen ur beställningen',
};

/** The first day of the stay can no longer change: the stay has begun, or a provider has confirmed a start. */
export function changeFromLocked(view: Pick<CaseView, 'order' | 'assignments'>, now: Date): boolean {
  return view.order.stay.from <= stockholmToday(now) || view.assignments.some((a) => a.status === 'confirmed');
}

/** Whether the order may still be changed: open, not ended, not purged. */
export function orderChangeable(view: Pick<CaseView, 'status' | 'ended' | 'purged'>): boolean {
  return view.status !== 'closed' && !view.ended && !view.purged;
}

/** Who made a version of the order, in words. */
export function versionBy(config: MunicipalityConfig, view: Pick<CaseView, 'order'>, v: OrderVersion): string {
  if (v.byRole === 'intake') return `Beställningen togs emot från ${view.order.homeMunicipality.name}`;
  if (v.byRole === 'orderer') return `Beställaren, ${view.order.homeMunicipality.name}`;
  return staffName(config, v.by);
}

/** The order's versions as **Ändringar** shows them; descriptions where the reader sees them (`texts`, by version). */
function changesOf(config: MunicipalityConfig, view: CaseView, texts: Record<number, string[]> | undefined): OrderChangeShown[] {
  return view.versions.map((v) => ({
    version: v.version,
    at: v.at,
    by: versionBy(config, view, v),
    lines: v.changes.map((l) => l.text),
    stay: { from: v.order.stay.from, to: v.order.stay.to },
    insatser: v.order.decision.insatser.map((insats, i) => ({
      type: insats.type,
      label: INSATS_LABELS[insats.type],
      ...(texts?.[v.version]?.[i] !== undefined ? { description: texts[v.version][i] } : {}),
      scope: { amount: insats.scope.amount, unit: insats.scope.unit, label: SCOPE_UNIT_LABELS[insats.scope.unit] },
      rate: { ...insats.rate, label: RATE_PERIOD_LABELS[insats.rate.per] },
    })),
  }));
}

const providerId = (decision: { kind: string } & Partial<{ providerId: string }>) => decision.providerId;

/** The policy's view of a case's facts (no personal data). */
export function factsOf(c: Pick<CaseView, 'protectedIdentity' | 'routing'> & { assignments: { insatsType: InsatsType; status: AssignmentStatus; providerId?: string }[] }): CaseFacts {
  return { protectedIdentity: c.protectedIdentity, routing: c.routing, assignments: c.assignments.map((a) => ({ insatsType: a.insatsType, providerId: a.providerId, status: a.status })) };
}

export function factsOfView(view: CaseView): CaseFacts {
  return factsOf({ ...view, assignments: view.assignments.map((a) => ({ insatsType: a.insatsType, status: a.status, providerId: providerId(a.decision) })) });
}

type AssignmentBrief = { insatsType: InsatsType; providerId?: string; status: AssignmentStatus; confirmBy?: string; startDeadline?: string; startedOn?: string };

/** **Start försenad**: a confirmed insats that started after its deadline, or has not started and the deadline has passed. */
export function startLate(a: { status: AssignmentStatus; startDeadline?: string; startedOn?: string }, now: Date): boolean {
  return a.status === 'confirmed' && a.startDeadline !== undefined && startIsLate(a.startDeadline, a.startedOn, stockholmToday(now));
}

/** The assignments a reader works with: a provider its own (sent or confirmed), everyone else all of them. */
function relevant(who: Principal, assignments: AssignmentBrief[]): AssignmentBrief[] {
  return who.role === 'provider' ? assignments.filter((a) => a.providerId === who.providerId && (a.status === 'sent' || a.status === 'confirmed')) : assignments;
}

/** Whether a case is new to the reader: not yet opened by its caseworker; for a provider, one of its assignments waits for its confirmation. */
function isNew(who: Principal, c: { openedAt?: string; assignments: AssignmentBrief[] }): boolean {
  if (who.role === 'provider') return relevant(who, c.assignments).some((a) => a.status === 'sent');
  return !c.openedAt;
}

export function matchesFilter(filter: InboxFilter, who: Principal, c: { status: string; openedAt?: string; assignments: AssignmentBrief[]; completion?: { answeredAt?: string } }): boolean {
  const own = relevant(who, c.assignments);
  switch (filter) {
    case 'all':
      return true;
    case 'closed':
      return c.status === 'closed';
    case 'awaiting_completion':
      // The case waits for the orderer: its staff's concern, not a provider's.
      return c.status !== 'closed' && who.role !== 'provider' && awaitingCompletion(c);
    case 'new':
      return c.status !== 'closed' && isNew(who, c);
    case 'awaiting_confirmation':
      return c.status !== 'closed' && own.some((a) => a.status !== 'confirmed');
    case 'active':
      return c.status !== 'closed' && own.length > 0 && own.every((a) => a.status === 'confirmed');
  }
}

export function phaseOf(who: Principal, c: { status: string; openedAt?: string; assignments: AssignmentBrief[]; completion?: { answeredAt?: string } }): CasePhase {
  return (['closed', 'awaiting_completion', 'new', 'awaiting_confirmation', 'active'] as const).find((f) => matchesFilter(f, who, c)) ?? 'awaiting_confirmation';
}

const overdue = (a: { status: AssignmentStatus; confirmBy?: string }, now: Date) => a.status === 'sent' && a.confirmBy !== undefined && a.confirmBy < now.toISOString();

function handlerOf(config: MunicipalityConfig, routing: CaseView['routing']): string {
  if (routing.kind === 'caseworker') return config.caseworkers.find((c) => c.id === routing.caseworkerId)?.name ?? routing.caseworkerId ?? '';
  return `${config.units.find((u) => u.id === routing.unitId)?.name ?? routing.unitId} (kö)`;
}

const providerName = (config: MunicipalityConfig, id: string | undefined) => (id ? (config.providers.find((p) => p.id === id)?.name ?? id) : undefined);

export function inboxRow(config: MunicipalityConfig, who: Principal, c: CaseSummary, now: Date, unread = 0): InboxRow {
  const own = relevant(who, c.assignments);
  return {
    reference: c.reference,
    receivedAt: c.receivedAt,
    phase: phaseOf(who, c),
    overdue: own.some((a) => overdue(a, now)),
    protectedIdentity: c.protectedIdentity,
    homeMunicipality: c.homeMunicipality.name,
    stay: c.stay,
    acute: c.stay.acute,
    handler: handlerOf(config, c.routing),
    assignments: own.map((a) => ({
      insatsType: a.insatsType,
      label: INSATS_LABELS[a.insatsType],
      ...(a.providerId ? { providerName: providerName(config, a.providerId) } : {}),
      status: a.status,
      statusLabel: ASSIGNMENT_STATUS_LABELS[a.status],
    })),
    registered: Boolean(c.registered),
    startLate: own.some((a) => startLate(a, now)),
    unread,
    // Reports wait for the case's staff, not for the provider who sent them.
    reportsToReview: who.role === 'caseworker' || who.role === 'unit_head' ? c.reportsToReview : 0,
  };
}

const insatsOf = (e: Record<string, unknown>) => String(INSATS_LABELS[e.insatsType as InsatsType] ?? '').toLowerCase();

/** What the timeline says of each event and notification, in Swedish. */
const EVENT_TEXT: Record<string, (e: Record<string, unknown>, config: MunicipalityConfig) => string> = {
  unit_head_told: (e) => `Enhetschefen ${String(e.unitHeadName)} informerades muntligt ${formatStockholmDateTime(new Date(String(e.toldAt)))} (${INSATS_LABELS[e.insatsType as InsatsType] ?? 'uppdraget'} skickades till utföraren)`,
  assignment_confirmed: (e, config) => `${providerName(config, String(e.providerId))} bekräftade ${String(INSATS_LABELS[e.insatsType as InsatsType] ?? '').toLowerCase()}, start ${String(e.startDate)}`,
  assignment_declined: (e, config) =>
    `${providerName(config, String(e.providerId))} avböjde ${String(INSATS_LABELS[e.insatsType as InsatsType] ?? '').toLowerCase()}${e.nextProviderId ? ` – gick vidare till ${providerName(config, String(e.nextProviderId))}` : ' – saknar utförare'}`,
  case_reassigned: (e, config) => `Ärendet fördelades till ${config.caseworkers.find((c) => c.id === e.to)?.name ?? String(e.to)}`,
  registered: () => 'Registrerat i verksamhetssystemet',
  confirmation_reminded: (e, config) => `Påminnelse till ${providerName(config, String(e.providerId))}: ${String(INSATS_LABELS[e.insatsType as InsatsType] ?? '').toLowerCase()} är inte bekräftad`,
  insats_started: (e, config) => `${providerName(config, String(e.providerId))}: ${String(INSATS_LABELS[e.insatsType as InsatsType] ?? '').toLowerCase()} startade ${String(e.startedOn)}${e.late ? ' (start försenad)' : ''}`,
  alarm_installed: (e, config) => `${providerName(config, String(e.providerId))}: larmet installerades ${String(e.startedOn)}${e.late ? ' (start försenad)' : ''}`,
  start_late: (e, config) => `Start försenad: ${providerName(config, String(e.providerId))} har inte registrerat att ${String(INSATS_LABELS[e.insatsType as InsatsType] ?? '').toLowerCase()} har startat (senast ${String(e.deadline)}) – påminnelse till utföraren, handläggaren underrättad`,
  order_cancelled: (e) => `Beställningen avbröts${e.late ? ` (sen avbokning${e.feeSek !== undefined ? `, avgift ${Number(e.feeSek).toLocaleString('sv-SE')} kr i fakturaunderlaget` : ''})` : ''}${Number(e.dropped) > 0 ? ` – ${String(e.dropped)} förväntade tidrapporter togs bort` : ''}`,
  stay_ended: (e) => `Vistelsen avslutades ${String(e.endedOn)}${e.source === 'end_date' ? ' (sista dagen enligt beställningen)' : ''}${Number(e.dropped) > 0 ? ` – ${String(e.dropped)} förväntade tidrapporter efter avslutet togs bort` : ''}`,
  case_closed: () => 'Ärendet avslutades',
  completion_requested: (e, config) => `${staffName(config, String(e.by))} begärde komplettering av beställaren (påminnelse ${formatStockholmDateTime(new Date(String(e.remindAt)))} om svar saknas)`,
  completion_reminded: () => 'Påminnelse till beställaren: kompletteringen har inte kommit',
  order_changed: (e) => `Beställningen ändrades (version ${String(e.version)})${Number(e.added) > 0 ? ` – ${String(e.added)} insats(er) tillagda och fördelade` : ''}${Number(e.planned) + Number(e.dropped) > 0 ? ` – tidrapporter: ${String(e.planned)} nya månader, ${String(e.dropped)} borttagna` : ''}`,
  change_confirmed: (e, config) => `${providerName(config, String(e.providerId))} bekräftade ändringen av ${String(INSATS_LABELS[e.insatsType as InsatsType] ?? '').toLowerCase()} (version ${String(e.version)})`,
  completion_answered: () => 'Beställaren svarade på begäran om komplettering – handläggningen fortsätter',
  extra_visit_registered: (e, config) => `${providerName(config, String(e.providerId))} registrerade ett extrabesök (${insatsOf(e)}, ${String(e.date)}, ${String(e.minutes)} minuter)`,
  extra_visit_questioned: (e, config) => `${staffName(config, String(e.by))} ställde en fråga om extrabesöket ${String(e.date)} (${insatsOf(e)})`,
  extra_visit_answered: (e) => `Utföraren svarade på frågan om extrabesöket ${String(e.date)} (${insatsOf(e)})`,
  extra_visit_approved: (e, config) => `${staffName(config, String(e.by))} godkände extrabesöket ${String(e.date)} (${insatsOf(e)})`,
  extra_visit_rejected: (e, config) => `${staffName(config, String(e.by))} avslog extrabesöket ${String(e.date)} (${insatsOf(e)})`,
  extra_agreement_recorded: (e, config) => `${staffName(config, String(e.by))} registrerade en överenskommelse om extrainsats (${insatsOf(e)}, ${String(e.from)} – ${String(e.to)})`,
  confirmation_escalated: (e, config) => `${providerName(config, String(e.providerId))} har inte bekräftat ${String(INSATS_LABELS[e.insatsType as InsatsType] ?? '').toLowerCase()} – handläggaren underrättad`,
};

const NOTIFICATION_STATUS: Record<string, string> = {
  held: 'vilande',
  queued: 'köad',
  sending: 'skickas',
  sent: 'skickad',
  retry: 'nytt försök väntar',
  failed: 'kunde inte skickas',
};
const DELIVERY_STATUS: Record<string, string> = { delivered: 'levererad', bounced: 'studsade', complaint: 'anmäld som skräppost', rejected: 'avvisad', delayed: 'fördröjd' };
const RECIPIENTS: Record<string, string> = { orderer: 'beställaren', caseworker: 'handläggaren', provider: 'utföraren', economy: 'ekonomiassistenterna', system_admin: 'systemadministratören', unit_head: 'enhetschefen' };

/**
 * The case as `who` may see it. `personal` holds the personal data the view shows, opened (and
 * audited) by the caller; nothing of it is shown for a view without it.
 */
export function caseResponse(
  config: MunicipalityConfig,
  who: Principal,
  view: CaseView,
  access: Exclude<CaseAccess, { view: 'none' }>,
  personal: Partial<PersonalData> & { cancellationReason?: string; versionDescriptions?: Record<number, string[]> },
  now: Date,
): CaseResponse {
  const facts = factsOfView(view);
  const briefs: AssignmentBrief[] = view.assignments.map((a) => ({ insatsType: a.insatsType, providerId: providerId(a.decision), status: a.status, confirmBy: confirmByOf(a, config, view.order.stay.acute) }));
  const shown = access.view === 'assignments' ? view.assignments.filter((a) => access.insatsTypes.includes(a.insatsType)) : access.view === 'registration' ? [] : view.assignments;
  const order = view.order;
  const insatser = order.decision.insatser
    .map((insats, i) => ({ insats, description: personal.decisionText?.insatsDescriptions[i] }))
    .filter(({ insats }) => access.view !== 'assignments' || access.insatsTypes.includes(insats.type));
  const person = personal.person;

  // The warnings the orderer had to confirm, again from the order as stored (for those who see the
  // case), and the stay address outside our districts, which the orderer was warned of (not asked to confirm).
  const addressCheck = access.view === 'case' ? addressCheckForCaseworker(person?.stayAddress?.postalCode, ourAreaOf(config)) : undefined;
  const checks: { code: string; message: string; confirmed?: boolean }[] =
    access.view === 'case'
      ? [
          ...(addressCheck ? [{ code: 'address_outside', message: addressCheck }] : []),
          ...[
            ...orderWarnings(order.stay, { today: order.stay.from, leadTimeDays: 0, maxStayMonths: config.rules.orderChecks.maxStayMonths }),
            ...insatsWarnings(order.decision.insatser, config.rules.orderChecks.plausibleRates),
          ]
            .filter((w) => (CONFIRMED_WARNING_CODES as readonly string[]).includes(w.code))
            .map((w) => ({ code: w.code, message: w.message, confirmed: (order.confirmedWarnings ?? []).includes(w.code as ConfirmedWarningCode) })),
        ]
      : [];
  return {
    reference: view.reference,
    ...(checks.length ? { checks } : {}),
    view: access.view,
    receivedAt: view.receivedAt,
    phase: phaseOf(who, { status: view.status, openedAt: view.openedAt, assignments: briefs, completion: view.completion }),
    protectedIdentity: view.protectedIdentity,
    homeMunicipality: order.homeMunicipality,
    stay: order.stay,
    ...(access.view === 'case' || access.view === 'billing' ? { orderer: order.orderer } : {}),
    ...(access.view === 'case' || access.view === 'billing' ? { billing: order.billing } : {}),
    ...(person
      ? {
          person:
            access.view === 'registration'
              ? { firstName: person.firstName, lastName: person.lastName, personnummer: person.personnummer }
              : { ...person, relatives: person.relatives ?? [] },
        }
      : {}),
    ...(access.view !== 'registration'
      ? {
          decision: {
            decidedOn: order.decision.decidedOn,
            ...(personal.decisionText && access.view === 'case' ? { goal: personal.decisionText.goal } : {}),
            insatser: insatser.map(({ insats, description }) => ({
              type: insats.type,
              label: INSATS_LABELS[insats.type],
              ...(description !== undefined && access.view !== 'billing' ? { description } : {}),
              scope: { amount: insats.scope.amount, unit: insats.scope.unit, label: SCOPE_UNIT_LABELS[insats.scope.unit] },
              // The home municipality's rates are for billing, not for the provider.
              ...(access.view !== 'assignments' ? { rate: { ...insats.rate, label: RATE_PERIOD_LABELS[insats.rate.per] } } : {}),
            })),
          },
        }
      : {}),
    orderVersion: view.orderVersion,
    ...(access.view === 'case' && view.versions.length > 0 ? { changes: changesOf(config, view, personal.versionDescriptions) } : {}),
    ...(access.view === 'case' && orderChangeable(view) ? { changeRules: { fromLocked: changeFromLocked(view, now) } } : {}),
    ...(access.view === 'case'
      ? { routing: { handler: handlerOf(config, view.routing), unitName: config.units.find((u) => u.id === view.routing.unitId)?.name ?? view.routing.unitId, reason: view.routing.reason } }
      : {}),
    assignments: shown.map((a) => {
      const id = providerId(a.decision);
      const confirmBy = confirmByOf(a, config, view.order.stay.acute);
      return {
        insatsType: a.insatsType,
        label: INSATS_LABELS[a.insatsType],
        ...(id ? { providerId: id, providerName: providerName(config, id) } : {}),
        status: a.status,
        statusLabel: ASSIGNMENT_STATUS_LABELS[a.status],
        ...(access.view === 'case' ? { reason: a.decision.reason } : {}),
        ...(a.sentAt ? { sentAt: a.sentAt } : {}),
        ...(confirmBy ? { confirmBy } : {}),
        overdue: overdue({ status: a.status, confirmBy }, now),
        ...(a.confirmation
          ? {
              confirmation: {
                startDate: a.confirmation.startDate,
                confirmedAt: a.confirmation.confirmedAt,
                ...(access.view !== 'billing' ? { contactName: a.confirmation.contactName, contactPhone: a.confirmation.contactPhone } : {}),
              },
            }
          : {}),
        ...(access.view === 'case' ? { declines: a.declines.map((d) => ({ providerName: providerName(config, d.providerId) ?? d.providerId, reason: d.reason, at: d.at })) } : {}),
        ...(a.status === 'confirmed' && a.startDeadline
          ? {
              start: {
                deadline: a.startDeadline,
                rule: startDeadlineRuleText(startDeadlineRule(config.rules.startDeadlines, a.insatsType)),
                ...(a.started ? { startedOn: a.started.startedOn } : {}),
                late: startLate({ status: a.status, startDeadline: a.startDeadline, startedOn: a.started?.startedOn }, now),
                alarm: a.insatsType === 'trygghetslarm',
              },
            }
          : {}),
        ...(a.pendingChange
          ? { pendingChange: { version: a.pendingChange.version, at: a.pendingChange.at, lines: a.pendingChange.lines.map((l) => l.text) } }
          : {}),
        ...(a.changeConfirmed ? { changeConfirmed: { version: a.changeConfirmed.version, at: a.changeConfirmed.at } } : {}),
        ...(a.removedAt ? { removedAt: a.removedAt } : {}),
        actions: {
          confirmChange: a.status === 'confirmed' && a.pendingChange !== undefined && mayPerform(who, facts, { kind: 'confirm_change', insatsType: a.insatsType }),
          recordStart: a.status === 'confirmed' && Boolean(a.startDeadline) && !a.started && mayPerform(who, facts, { kind: 'record_start', insatsType: a.insatsType }),
          release: a.status === 'held' && mayPerform(who, facts, { kind: 'release', insatsType: a.insatsType }),
          confirm: a.status === 'sent' && mayPerform(who, facts, { kind: 'confirm', insatsType: a.insatsType }),
          decline: a.status === 'sent' && mayPerform(who, facts, { kind: 'decline', insatsType: a.insatsType }),
        },
      };
    }),
    ...(access.view === 'case' ? { timeline: timelineOf(config, view) } : {}),
    ...(view.registered ? { registered: view.registered } : {}),
    ...(access.view === 'case' && view.completion
      ? {
          completion: {
            requestedAt: view.completion.requestedAt,
            requestedBy: staffName(config, view.completion.requestedBy),
            remindAt: view.completion.remindAt,
            ...(view.completion.remindedAt ? { remindedAt: view.completion.remindedAt } : {}),
            ...(view.completion.answeredAt ? { answeredAt: view.completion.answeredAt } : {}),
            waiting: awaitingCompletion(view),
          },
        }
      : {}),
    ...(view.ended
      ? {
          ended: {
            endedOn: view.ended.endedOn,
            reportedAt: view.ended.reportedAt,
            by: stayEndedBy(config, view),
            ...(view.ended.cancellation ? { cancelled: { late: view.ended.cancellation.late, ...(personal.cancellationReason ? { reason: personal.cancellationReason } : {}) } } : {}),
          },
        }
      : {}),
    ...(view.closedAt ? { closedAt: view.closedAt } : {}),
    ...(view.purged ? { purgedAt: view.purged.at } : {}),
    ...(access.view === 'case' ? { handlingTime: handlingTime(view, now) } : {}),
    actions: {
      requestCompletion: view.status !== 'closed' && !view.ended && !awaitingCompletion(view) && mayPerform(who, facts, { kind: 'request_completion' }),
      cancel: view.status !== 'closed' && !view.ended && mayPerform(who, facts, { kind: 'cancel_order' }),
      change: orderChangeable(view) && mayPerform(who, facts, { kind: 'change_order' }),
      reportStayEnd: view.status !== 'closed' && !view.ended && view.order.stay.from <= stockholmToday(now) && mayPerform(who, facts, { kind: 'report_stay_end' }),
      reassign: mayPerform(who, facts, { kind: 'reassign' }),
      viewAudit: mayPerform(who, facts, { kind: 'view_audit' }),
      markRegistered: !view.registered && mayPerform(who, facts, { kind: 'mark_registered' }),
    },
    ...(mayPerform(who, facts, { kind: 'reassign' })
      ? { caseworkers: config.caseworkers.filter((c) => c.active && c.unitId === view.routing.unitId).map((c) => ({ id: c.id, name: c.name })) }
      : {}),
  };
}

/** A member of staff by e-mail address, as the case page names them. */
export function staffName(config: MunicipalityConfig, email: string): string {
  return principalFor(config, email)?.name ?? email;
}

/** Who ended the stay, in words. */
function stayEndedBy(config: MunicipalityConfig, view: CaseView): string {
  const end = view.ended!;
  if (end.source === 'end_date') return 'Vistelsens sista dag passerade';
  if (end.cancellation) return end.cancellation.by === 'orderer' ? `Avbruten av beställaren, ${view.order.homeMunicipality.name}` : `Avbruten av handläggaren, ${config.municipality.name}`;
  if (end.source === 'orderer') return `Beställaren, ${view.order.homeMunicipality.name}`;
  const reporter = principalFor(config, end.reportedBy);
  return (reporter?.role === 'provider' && providerName(config, reporter.providerId)) || 'Utföraren';
}

const DAY_MS = 86_400_000;

/**
 * The handling time: from the order's arrival until every insats is confirmed (or now), less the
 * time the case waited for completions — paused while a request is unanswered.
 */
export function handlingTime(view: Pick<CaseView, 'receivedAt' | 'assignments' | 'completion' | 'pausedMs'>, now: Date): { days: number; paused: boolean } {
  const confirmedAt = view.assignments.map((a) => a.confirmation?.confirmedAt);
  const allConfirmed = confirmedAt.length > 0 && confirmedAt.every((at) => at !== undefined);
  const paused = awaitingCompletion(view);
  const end = paused ? Date.parse(view.completion!.requestedAt) : allConfirmed ? Math.max(...confirmedAt.map((at) => Date.parse(at!))) : now.getTime();
  const ms = Math.max(0, end - Date.parse(view.receivedAt) - view.pausedMs);
  return { days: Math.floor(ms / DAY_MS), paused };
}

/** When a sent assignment must be confirmed by: a day (the rule) after it was sent, the acute hours for an acute order. */
export function confirmByOf(a: { status: AssignmentStatus; sentAt?: string }, config: MunicipalityConfig, acute: boolean): string | undefined {
  if (!a.sentAt || (a.status !== 'sent' && a.status !== 'confirmed')) return undefined;
  return new Date(Date.parse(a.sentAt) + confirmationClock(config.rules, acute).confirmHours * 3_600_000).toISOString();
}

function timelineOf(config: MunicipalityConfig, view: CaseView): { at: string; text: string }[] {
  const entries = [
    { at: view.receivedAt, text: 'Beställningen togs emot och fördelades' },
    ...view.events.map((e) => ({ at: String(e.at), text: (EVENT_TEXT[String(e.type)] ?? (() => String(e.type)))(e, config) })),
    ...view.notifications.map((n) => ({
      at: n.sentAt ?? view.receivedAt,
      text: `E-post till ${RECIPIENTS[n.recipient] ?? n.recipient} (${n.kind}): ${NOTIFICATION_STATUS[n.status] ?? n.status}${n.deliveryStatus ? `, ${DELIVERY_STATUS[n.deliveryStatus] ?? n.deliveryStatus}` : ''}`,
    })),
  ];
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}
