import { isIsoDate } from '../../../shared/dates';
import { orderWarnings, type OrderWarning } from '../../../shared/order-warnings';

/** The stay's warnings once both dates are real dates in order; none before that. */
export function warningsFor(
  stay: { from?: unknown; to?: unknown; acute?: unknown } | undefined,
  today: string,
  leadTimeDays: number,
): OrderWarning[] {
  const from = typeof stay?.from === 'string' ? stay.from.trim() : '';
  const to = typeof stay?.to === 'string' ? stay.to.trim() : '';
  if (!isIsoDate(from) || !isIsoDate(to) || to < from) return [];
  return orderWarnings({ from, to, acute: stay?.acute === true }, { today, leadTimeDays });
}
