import type { InsatsType } from '../../../shared/insatser';
import type { Channel } from '../../../shared/messages';
import type { Principal } from './principals';

/**
 * Who may see and do what with a case: a pure policy, enforced by the use cases (the portal's
 * pages only show what the answers hold). The routine's rules:
 *
 * - a **caseworker** sees the cases routed to them, and their unit's cases that have no
 *   protected identity;
 * - a **unit head** sees their unit's cases (the fallback queue is the fallback unit's), may
 *   reassign them, release held assignments and read a case's audit log;
 * - a **provider's staff** see their own organisation's assignments — a held one (protected
 *   identity) only once the caseworker has released it — with what carrying them out needs, never
 *   the billing or the home municipality's rates;
 * - the **economy assistant** and the **fee administrator** see the billing view: reference,
 *   home municipality, period, insatser, rates, invoice reference — no personal data;
 * - the **system administrator** sees the registration task: identity and reference, and marks
 *   the case registered (for a protected identity, the case's caseworker and unit head do);
 * - a case with a **protected identity** is seen only by its caseworker and its unit's head (and,
 *   after release, its providers).
 *
 * Whatever a person may not see is, for them, as if it did not exist.
 */

export type AssignmentStatus = 'held' | 'sent' | 'confirmed' | 'declined' | 'needs_provider' | 'removed';

/** What the policy needs to know of a case (none of it personal data). */
export interface CaseFacts {
  protectedIdentity: boolean;
  routing: { kind: 'caseworker' | 'fallback'; caseworkerId?: string; unitId: string };
  assignments: { insatsType: InsatsType; providerId?: string; status: AssignmentStatus }[];
}

export type CaseAccess =
  | { view: 'none' }
  /** The whole case with personal data; `assigned` for the case's own caseworker. */
  | { view: 'case'; assigned: boolean }
  /** A provider's own assignments of the case, with what carrying them out needs. */
  | { view: 'assignments'; insatsTypes: InsatsType[] }
  | { view: 'billing' }
  | { view: 'registration' };

export function caseAccess(who: Principal, facts: CaseFacts): CaseAccess {
  switch (who.role) {
    case 'caseworker': {
      const assigned = facts.routing.kind === 'caseworker' && facts.routing.caseworkerId === who.caseworkerId;
      if (assigned) return { view: 'case', assigned: true };
      if (facts.routing.unitId === who.unitId && !facts.protectedIdentity) return { view: 'case', assigned: false };
      return { view: 'none' };
    }
    case 'unit_head':
      return facts.routing.unitId === who.unitId ? { view: 'case', assigned: false } : { view: 'none' };
    case 'provider': {
      const own = facts.assignments.filter((a) => a.providerId === who.providerId && a.status !== 'held' && a.status !== 'needs_provider');
      return own.length > 0 ? { view: 'assignments', insatsTypes: own.map((a) => a.insatsType) } : { view: 'none' };
    }
    case 'economy':
    case 'fees':
      return { view: 'billing' };
    case 'system_admin':
      return facts.protectedIdentity ? { view: 'none' } : { view: 'registration' };
  }
}

/** Whether the principal sees the person's personal data (and so every such read is audited). */
export function seesPersonalData(access: CaseAccess): boolean {
  return access.view === 'case' || access.view === 'assignments' || access.view === 'registration';
}

export type CaseAction =
  | { kind: 'release'; insatsType: InsatsType }
  | { kind: 'confirm' | 'decline'; insatsType: InsatsType }
  /** **Insatsen har startat** / **Larmet är installerat**: the provider of the assignment. */
  | { kind: 'record_start'; insatsType: InsatsType }
  /** **Begär komplettering**: the case's caseworker, or its unit head. */
  | { kind: 'request_completion' }
  /** **Avbryt beställningen**: the case's caseworker, or its unit head (the orderer cancels on their own page). */
  | { kind: 'cancel_order' }
  /** **Ändra beställningen**: the case's caseworker, or its unit head (the orderer changes it on their own page). */
  | { kind: 'change_order' }
  /** **Bekräfta ändringen**: the provider of the assignment. */
  | { kind: 'confirm_change'; insatsType: InsatsType }
  /** **Vistelsen har avslutats**: a provider of the case (the orderer reports it on their own page). */
  | { kind: 'report_stay_end' }
  | { kind: 'reassign' }
  | { kind: 'view_audit' }
  | { kind: 'mark_registered' }
  | { kind: 'submit_time_report'; insatsType: InsatsType }
  | { kind: 'review_time_report' }
  /** **Överenskommelse om extrainsats**: the case's caseworker, or its unit head. */
  | { kind: 'agree_extra' };

/**
 * Whether the principal may do this to a case they can see (a case they can't see answers as
 * missing, before any action is weighed). Whether the action fits the case's state (an
 * assignment already confirmed …) is the use case's to say.
 */
export function mayPerform(who: Principal, facts: CaseFacts, action: CaseAction): boolean {
  const access = caseAccess(who, facts);
  if (access.view === 'none') return false;
  const headOfCase = who.role === 'unit_head' && facts.routing.unitId === who.unitId;
  switch (action.kind) {
    case 'release':
      return (access.view === 'case' && access.assigned) || headOfCase;
    case 'confirm':
    case 'decline':
    case 'record_start':
    case 'confirm_change':
      return access.view === 'assignments' && access.insatsTypes.includes(action.insatsType);
    case 'report_stay_end':
      return access.view === 'assignments' && access.insatsTypes.length > 0;
    case 'reassign':
    case 'view_audit':
      return headOfCase;
    case 'submit_time_report':
      return access.view === 'assignments' && access.insatsTypes.includes(action.insatsType);
    case 'request_completion':
    case 'cancel_order':
    case 'change_order':
    case 'review_time_report':
    case 'agree_extra':
      // The reconciliation is the case's caseworker's (or, for the queue and in their absence, the unit head's).
      return (access.view === 'case' && access.assigned) || headOfCase;
    case 'mark_registered':
      // A protected identity's registration is done by those who may see it: its caseworker and unit head.
      return access.view === 'registration' || (facts.protectedIdentity && ((access.view === 'case' && access.assigned) || headOfCase));
  }
}

/**
 * Whose time reports of a case a person sees: the staff working with the case all of them, a
 * provider its own assignments', the billing view all of them (quantities and amounts only: the
 * free texts may speak of the person); the registration view none.
 */
export function timeReportInsatser(who: Principal, facts: CaseFacts): InsatsType[] | 'all' | 'none' {
  const access = caseAccess(who, facts);
  if (access.view === 'case' || access.view === 'billing') return 'all';
  if (access.view === 'assignments') return access.insatsTypes;
  return 'none';
}

/**
 * The conversations of a case a member of staff reads and writes in: whoever works with the case
 * (its caseworkers and unit head, a provider with a released assignment) has both — the one with
 * the home municipality and the internal notes; the billing and registration views have none.
 * (The orderer has the conversation with the home municipality of their own case only.)
 */
export function messageChannels(who: Principal, facts: CaseFacts): Channel[] {
  const access = caseAccess(who, facts);
  return access.view === 'case' || access.view === 'assignments' ? ['conversation', 'internal'] : [];
}
