import type { MunicipalityConfig } from '../../../shared/municipality';
import type { Clock, IdGenerator } from '../kernel/clock';
import { DomainError, NotFoundError } from '../kernel/errors';
import type { Transactor } from '../kernel/transaction';
import { NotificationNotHeldError, type OutboxStore } from '../outbox/ports';
import { AssignmentNotHeldError, type CaseStore } from './ports';

export interface ReleaseHeldInput {
  reference: string;
  /** The staff member recording it: the case's caseworker, or the fallback unit's head. */
  byEmail: string;
  /** The provider unit head who was told by phone or in person. */
  unitHeadName: string;
  /** When they were told (ISO date-time). */
  toldAt: string;
}

/**
 * Gotland's routine for protected personal data: the case's caseworker tells the provider's unit
 * head orally, records that here, and only then are the held assignments sent. Nothing
 * identifying goes into any e-mail either way.
 */
export const releaseHeldAssignments =
  (deps: { cases: CaseStore; outbox: OutboxStore; transactor: Transactor; clock: Clock; ids: IdGenerator; config: MunicipalityConfig }) =>
  async (input: ReleaseHeldInput): Promise<{ released: string[] }> => {
    const caseId = await deps.cases.findIdByReference(input.reference);
    const view = caseId ? await deps.cases.find(caseId) : undefined;
    if (!caseId || !view) throw new NotFoundError('Ärendet');
    const responsible =
      view.routing.kind === 'caseworker'
        ? deps.config.caseworkers.find((c) => c.id === view.routing.caseworkerId)?.email
        : deps.config.units.find((u) => u.id === view.routing.unitId)?.head.email;
    if (!responsible || responsible.toLowerCase() !== input.byEmail.toLowerCase()) {
      throw new DomainError(403, 'forbidden', 'Bara ärendets handläggare kan registrera att enhetschefen har informerats.');
    }
    const heldAssignments = view.assignments.filter((a) => a.status === 'held');
    const heldMessages = view.notifications.filter((n) => n.status === 'held');
    if (heldAssignments.length === 0 && heldMessages.length === 0) {
      throw new DomainError(409, 'nothing_held', 'Det finns inga vilande uppdrag att skicka i ärendet.');
    }
    if (!input.unitHeadName.trim()) {
      throw new DomainError(400, 'validation_failed', 'Ange vilken enhetschef som informerades.', [{ path: 'unitHeadName', message: 'Ange namnet' }]);
    }
    const now = deps.clock.now();
    if (Number.isNaN(Date.parse(input.toldAt)) || Date.parse(input.toldAt) > now.getTime()) {
      throw new DomainError(400, 'validation_failed', 'Ange när enhetschefen informerades (inte i framtiden).', [{ path: 'toldAt', message: 'Ogiltig tidpunkt' }]);
    }
    const at = now.toISOString();
    try {
      // Held assignments become sent and their mails queued, together with who told whom, when.
      await deps.transactor.commit([
        deps.cases.releaseAssignments(caseId, heldAssignments.map((a) => a.insatsType), at),
        deps.outbox.release(caseId, heldMessages.map((m) => m.id), at),
        deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: 'unit_head_told', by: input.byEmail, unitHeadName: input.unitHeadName.trim(), toldAt: input.toldAt, at }),
      ]);
    } catch (error) {
      if (error instanceof AssignmentNotHeldError || error instanceof NotificationNotHeldError) {
        throw new DomainError(409, 'already_released', 'Uppdragen har redan skickats.');
      }
      throw error;
    }
    return { released: heldAssignments.map((a) => a.insatsType) };
  };
