import { confirmChangeSchema } from '../../../shared/portal';
import type { InsatsType } from '../../../shared/insatser';
import type { Clock, IdGenerator } from '../kernel/clock';
import { ConflictError, NotFoundError } from '../kernel/errors';
import { parseInput } from '../kernel/parse-input';
import type { Transactor } from '../kernel/transaction';
import { AssignmentChangedError, type CaseStore, type CaseView } from './ports';

/** **Bekräfta ändringen**: the provider of a confirmed assignment confirms the version of the change they read. */
export async function confirmChange(
  deps: { cases: CaseStore; transactor: Transactor; clock: Clock; ids: IdGenerator },
  view: CaseView,
  who: { email: string; providerId: string },
  insatsType: InsatsType,
  body: unknown,
): Promise<void> {
  const assignment = view.assignments.find((a) => a.insatsType === insatsType);
  if (!assignment) throw new NotFoundError('Uppdraget');
  if (assignment.status !== 'confirmed' || !assignment.pendingChange) throw new ConflictError('Det finns ingen ändring att bekräfta för uppdraget.');
  const input = parseInput(confirmChangeSchema, body);
  if (input.version !== assignment.pendingChange.version) throw new ConflictError('Beställningen har ändrats igen sedan du läste den. Läs ändringarna och bekräfta på nytt.');
  const at = deps.clock.now().toISOString();
  try {
    await deps.transactor.commit([
      deps.cases.confirmChange({ caseId: view.caseId, insatsType, providerId: who.providerId, version: input.version, at, by: who.email }),
      deps.cases.recordEvent(view.caseId, { id: deps.ids.next(), type: 'change_confirmed', by: who.email, at, insatsType, providerId: who.providerId, version: input.version }),
    ]);
  } catch (error) {
    if (error instanceof AssignmentChangedError) throw new ConflictError('Beställningen har ändrats igen sedan du läste den. Läs ändringarna och bekräfta på nytt.');
    throw error;
  }
}

