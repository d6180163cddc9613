import type { MunicipalityConfig } from '../../../shared/municipality';
import type { CaseView } from './ports';

/**
 * Who handles a case and is told of what happens in it: its caseworker, or — for a case in the
 * queue, or one whose caseworker is no longer in the configuration — its unit's head.
 */
export function caseHandler(config: MunicipalityConfig, routing: CaseView['routing']): { recipient: 'caseworker' | 'unit_head'; email: string; name: string } {
  const caseworker = routing.kind === 'caseworker' ? config.caseworkers.find((c) => c.id === routing.caseworkerId) : undefined;
  if (caseworker) return { recipient: 'caseworker', email: caseworker.email, name: caseworker.name };
  const head = config.units.find((u) => u.id === routing.unitId)!.head;
  return { recipient: 'unit_head', email: head.email, name: head.name };
}
