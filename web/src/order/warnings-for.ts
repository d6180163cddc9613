import { isIsoDate } from '../../../shared/dates';
import { addressWarning, orderWarnings, type OrderWarning, type OurArea } from '../../../shared/order-warnings';

/** The stay's warnings once both dates are real dates in order; none before that. */
export function warningsFor(
  stay: { from?: unknown; to?: unknown; acute?: unknown } | undefined,
  today: string,
  leadTimeDays: number,
  maxStayMonths?: number,
): OrderWarning[] {
  const from = typeof stay?.from === 'string' ? stay.from.trim() : '';
  const to = typeof stay?.to === 'string' ? stay.to.trim() : '';
  if (!isIsoDate(from) || !isIsoDate(to) || to < from) return [];
  return orderWarnings({ from, to, acute: stay?.acute === true }, { today, leadTimeDays, ...(maxStayMonths ? { maxStayMonths } : {}) });
}

/** The stay address's warning (a postal code outside our districts), once it is a postal code. */
export function addressWarningFor(postalCode: unknown, area: OurArea): OrderWarning[] {
  const warning = addressWarning(postalCode, area);
  return warning ? [warning] : [];
}
