import * as z from 'zod/mini';
import './zod-sv';

/**
 * The due-date rule of monthly time reports as a schema, on its own: the municipality
 * configuration (`./municipality`, in every function) validates it without taking in the working-day
 * calendar and its holidays, which only `./time-report-dates` (computing the dates) needs.
 */

/** A municipality's due-date rule for monthly time reports. */
export const timeReportDueRuleSchema = z.discriminatedUnion('kind', [
  // The Nth working day of the next month (Sundbyberg 2, Leksand 1).
  z.strictObject({ kind: z.literal('working_day'), n: z.number().check(z.int(), z.gte(1), z.lte(10)) }),
  // Day D of the next month (Gotland 5).
  z.strictObject({ kind: z.literal('day_of_month'), day: z.number().check(z.int(), z.gte(1), z.lte(28)) }),
]);
export type TimeReportDueRule = z.infer<typeof timeReportDueRuleSchema>;
