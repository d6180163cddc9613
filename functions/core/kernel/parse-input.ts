import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { toFieldIssues } from '../../../shared/order';
import { DomainError } from './errors';

/**
 * A request by the shared schema the form uses too. Use cases parse only after the person was found
 * allowed, so that someone who may not act learns nothing from the answer: `400` naming each bad field.
 */
export function parseInput<S extends $ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = z.safeParse(schema, input);
  if (!parsed.success) throw new DomainError(400, 'validation_failed', 'Uppgifterna innehåller fel. Rätta fälten och försök igen.', toFieldIssues(parsed.error));
  return parsed.data as z.infer<S>;
}
