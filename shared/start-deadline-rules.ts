import * as z from 'zod/mini';
import './zod-sv';
import { INSATS_TYPES, type InsatsType } from './insatser';

/**
 * When an insats must have started, as a schema on its own (like the time reports' due rule): the
 * municipality configuration validates it without the working-day calendar, which only
 * `./start-deadlines` (computing the dates) needs.
 *
 * Leksand (seed 002): the provider can start within a day (dygn). Gotland (seed 003): daily insatser
 * within 3 days, meal delivery and the safety alarm within 3 working days.
 */
const count = z.number().check(z.int(), z.gte(0), z.lte(30));

export const startDeadlineRuleSchema = z.discriminatedUnion('kind', [
  /** N calendar days after the order reached the provider. */
  z.strictObject({ kind: z.literal('days'), n: count }),
  /** N working days (the Swedish calendar) after the order reached the provider. */
  z.strictObject({ kind: z.literal('working_days'), n: count }),
]);
export type StartDeadlineRule = z.infer<typeof startDeadlineRuleSchema>;

export const startDeadlinesSchema = z._default(
  z.strictObject({
    default: startDeadlineRuleSchema,
    byInsats: z._default(z.partialRecord(z.enum(INSATS_TYPES), startDeadlineRuleSchema), {}),
  }),
  { default: { kind: 'days', n: 1 }, byInsats: {} },
);
export type StartDeadlines = z.infer<typeof startDeadlinesSchema>;

export function startDeadlineRule(rules: StartDeadlines, insatsType: InsatsType): StartDeadlineRule {
  return rules.byInsats[insatsType] ?? rules.default;
}

/** The rule in words, e.g. "inom 1 dag", "inom 3 vardagar". */
export function startDeadlineRuleText(rule: StartDeadlineRule): string {
  if (rule.kind === 'days') return rule.n === 0 ? 'samma dag' : `inom ${rule.n} ${rule.n === 1 ? 'dag' : 'dagar'}`;
  return rule.n === 0 ? 'samma vardag' : `inom ${rule.n} ${rule.n === 1 ? 'vardag' : 'vardagar'}`;
}

/**
 * **Start försenad**: a start recorded after its deadline, or none recorded and the deadline
 * passed (as of `today`, a Stockholm date).
 */
export function startIsLate(deadline: string, startedOn: string | undefined, today: string): boolean {
  return startedOn !== undefined ? startedOn > deadline : today > deadline;
}
