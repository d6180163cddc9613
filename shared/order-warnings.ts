import type { OrderWarning } from './api';
import { addDays, addMonths, daysBetween, type IsoDate } from './dates';

export type { OrderWarning };

export interface OrderWarningRules {
  today: IsoDate;
  /** The stay municipality's lead time for planned orders, in calendar days. */
  leadTimeDays: number;
}

/**
 * What the orderer should know but that does not stop the order: a start sooner than the lead
 * time (acute orders exist) and a stay longer than the six months a temporary stay usually lasts.
 */
export function orderWarnings(
  stay: { from: IsoDate; to: IsoDate; acute?: boolean },
  rules: OrderWarningRules,
): OrderWarning[] {
  const warnings: OrderWarning[] = [];
  const daysAhead = daysBetween(rules.today, stay.from);
  if (stay.from < addDays(rules.today, rules.leadTimeDays)) {
    warnings.push({
      code: 'short_lead_time',
      path: 'stay.from',
      message:
        daysAhead < 0
          ? `Vistelsen har redan börjat. Vi behöver normalt ${rules.leadTimeDays} dagar för att planera insatserna; ring gärna oss också om behovet är akut.`
          : `Vistelsen börjar om ${daysAhead} ${daysAhead === 1 ? 'dag' : 'dagar'}. Vi behöver normalt ${rules.leadTimeDays} dagar för att planera insatserna${stay.acute ? '' : '; markera beställningen som akut om den är det'}.`,
    });
  }
  if (stay.to > addMonths(stay.from, 6)) {
    warnings.push({
      code: 'long_stay',
      path: 'stay.to',
      message: 'Vistelsen är längre än sex månader. En tillfällig vistelse är normalt högst sex månader; kontrollera datumen.',
    });
  }
  return warnings;
}
