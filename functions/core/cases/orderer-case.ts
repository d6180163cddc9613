import { stockholmToday } from '../../../shared/dates';
import { INSATS_LABELS, RATE_PERIOD_LABELS, SCOPE_UNIT_LABELS } from '../../../shared/insatser';
import type { OrdererCase } from '../../../shared/messages';
import type { MunicipalityConfig } from '../../../shared/municipality';
import type { AssignmentView, CaseView } from './ports';
import { changeFromLocked, orderChangeable, versionBy } from './portal-views';

/** Each assignment's state as the home municipality needs to know it (not why an assignment waits). */
function ordererStatus(a: AssignmentView): string {
  switch (a.status) {
    case 'held':
      return 'Förbereds hos oss';
    case 'sent':
      return 'Skickat till utföraren – väntar på bekräftelse';
    case 'confirmed':
      return 'Bekräftat av utföraren';
    case 'needs_provider':
      return 'Handläggaren söker en utförare';
    case 'removed':
      return 'Borttagen ur beställningen';
  }
}

/**
 * The case as its orderer sees it: its status, who handles it, and each insats with the provider's
 * confirmation (start date, contact) — nothing of the person, which the orderer sent us and which
 * we never send back.
 */
/** A completion request not yet answered: the case waits for the orderer. */
export function awaitingCompletion(c: { completion?: { answeredAt?: string } }): boolean {
  return c.completion !== undefined && c.completion.answeredAt === undefined;
}

/** The case's status in the orderer's words. */
function ordererStatusOf(view: CaseView): string {
  if (view.status === 'closed') return 'Avslutat';
  if (view.ended?.cancellation) return 'Beställningen är avbruten – ärendet avslutas när tidrapporterna för de påbörjade månaderna är godkända';
  if (view.ended) return 'Vistelsen har avslutats – ärendet avslutas när den sista tidrapporten är godkänd';
  if (awaitingCompletion(view)) return 'Väntar på komplettering från er – se handläggarens meddelande och svara i konversationen nedan';
  if (view.assignments.length > 0 && view.assignments.every((a) => a.status === 'confirmed')) return 'Alla insatser är bekräftade av utförarna';
  return view.openedAt ? 'Handläggs – väntar på utförarnas bekräftelse' : 'Mottaget – handläggaren går igenom beställningen';
}

export function ordererCase(config: MunicipalityConfig, view: CaseView, csrfToken: string, now: Date): OrdererCase {
  const caseworker = view.routing.kind === 'caseworker' ? config.caseworkers.find((c) => c.id === view.routing.caseworkerId) : undefined;
  const unit = config.units.find((u) => u.id === view.routing.unitId)!;
  const handler = caseworker
    ? { name: caseworker.name, function: `${unit.name}, ${config.municipality.name}`, email: caseworker.email }
    : { name: unit.head.name, function: `${unit.name}, ${config.municipality.name} (fördelar ärendet)`, email: unit.head.email };
  const status = ordererStatusOf(view);
  return {
    reference: view.reference,
    csrfToken,
    receivedAt: view.receivedAt,
    status,
    stay: { from: view.order.stay.from, to: view.order.stay.to },
    ...(view.ended ? { ended: { endedOn: view.ended.endedOn, cancelled: view.ended.cancellation !== undefined } } : {}),
    // **Avbryt beställningen**: until the case is ended or closed.
    canCancel: view.status !== 'closed' && !view.ended,
    // **Vistelsen har avslutats**: once the stay has begun, until it is ended.
    canReportStayEnd: view.status !== 'closed' && !view.ended && view.order.stay.from <= stockholmToday(now),
    handler,
    orderVersion: view.orderVersion,
    // **Ändra beställningen**: until the case is ended or closed.
    canChange: orderChangeable(view),
    changeRules: { fromLocked: changeFromLocked(view, now) },
    insatser: view.order.decision.insatser.map((i) => ({
      type: i.type,
      label: INSATS_LABELS[i.type],
      scope: { amount: i.scope.amount, unit: i.scope.unit, label: SCOPE_UNIT_LABELS[i.scope.unit] },
      rate: { amountSek: i.rate.amountSek, per: i.rate.per, label: RATE_PERIOD_LABELS[i.rate.per] },
    })),
    changes: view.versions.map((v) => ({ version: v.version, at: v.at, by: versionBy(config, view, v), lines: v.changes.map((l) => l.text) })),
    assignments: view.assignments.map((a) => {
      const providerId = 'providerId' in a.decision ? a.decision.providerId : undefined;
      const shown = a.status === 'sent' || a.status === 'confirmed';
      return {
        label: INSATS_LABELS[a.insatsType],
        ...(shown && providerId ? { providerName: config.providers.find((p) => p.id === providerId)?.name ?? providerId } : {}),
        statusLabel: ordererStatus(a),
        ...(a.status === 'confirmed' && a.confirmation
          ? { confirmation: { startDate: a.confirmation.startDate, contactName: a.confirmation.contactName, contactPhone: a.confirmation.contactPhone } }
          : {}),
      };
    }),
  };
}
