import { stockholmToday } from '../../../shared/dates';
import { OUTGOING_STATUS_LABELS, type OutgoingList, type OutgoingStatus } from '../../../shared/outgoing-stays';
import type { Principal } from '../access/principals';
import type { Clock } from '../kernel/clock';
import type { OutgoingStay, OutgoingStayStore } from './ports';

const LIST_LIMIT = 500;

/** An outgoing stay's page in the portal. */
export const outgoingStayLink = (baseUrl: string, reference: string) => `${baseUrl}/portal/utgaende/${encodeURIComponent(reference)}`;

/** Who may work with an outgoing stay: the caseworkers of its unit and the unit head (a protected identity: its own caseworker and the unit head). */
export function works(who: Principal, stay: Pick<OutgoingStay, 'unitId' | 'caseworkerEmail' | 'protectedIdentity'>): boolean {
  if (who.role === 'unit_head') return who.unitId === stay.unitId;
  if (who.role === 'caseworker') return who.unitId === stay.unitId && (!stay.protectedIdentity || who.email === stay.caseworkerEmail);
  return false;
}

export function statusOf(stay: OutgoingStay): OutgoingStatus {
  if (stay.ended) return stay.ended.kind === 'cancelled' ? 'cancelled' : 'ended';
  return stay.confirmation ? 'confirmed' : stay.sent ? 'sent' : 'registered';
}

/** **Utgående vistelser** in the inbox: the unit's outgoing stays, each with its reports waiting (no personal data: no vault). */
export const outgoingStayList =
  (deps: { outgoing: OutgoingStayStore; clock: Clock }) =>
  async (who: Principal): Promise<OutgoingList> => {
    if (who.role !== 'caseworker' && who.role !== 'unit_head') return { rows: [] };
    const stays = (await deps.outgoing.ofUnit(who.unitId, LIST_LIMIT)).filter((s) => works(who, s));
    const today = stockholmToday(deps.clock.now());
    const rows = await Promise.all(
      stays.map(async (s) => {
        const reports = await deps.outgoing.reportsOf(s.id);
        // Waiting: the months begun and not yet reported.
        const waiting = reports.filter((r) => r.status === 'expected' && r.month <= today.slice(0, 7));
        return {
          reference: s.reference,
          stayMunicipalityName: s.stayMunicipality.name,
          stay: s.stay,
          protectedIdentity: s.protectedIdentity,
          statusLabel: OUTGOING_STATUS_LABELS[statusOf(s)],
          waitingReports: waiting.length,
          overdueReports: waiting.filter((r) => today > r.dueOn).length,
          flaggedInvoices: reports.filter((r) => r.invoice?.flagged).length,
        };
      }),
    );
    return { rows };
  };
