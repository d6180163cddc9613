import { addDays, type IsoDate } from './dates';
import type { InsatsType } from './insatser';
import { startDeadlineRule, type StartDeadlines } from './start-deadline-rules';
import { addWorkingDays } from './working-days';

/**
 * The last day an insats may start (**Start försenad** after it): the rule's days or working days
 * after the day the order reached the provider — but never before the stay begins, since help
 * ordered ahead starts with the stay. A working-day deadline always falls on a working day.
 */
export function startDeadline(rules: StartDeadlines, insatsType: InsatsType, input: { sentOn: IsoDate; stayFrom: IsoDate }): IsoDate {
  const rule = startDeadlineRule(rules, insatsType);
  const fromOrder = rule.kind === 'days' ? addDays(input.sentOn, rule.n) : addWorkingDays(input.sentOn, rule.n);
  return fromOrder > input.stayFrom ? fromOrder : input.stayFrom;
}
