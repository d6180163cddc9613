import { DomainError } from '../kernel/errors';
import type { FieldIssue } from '../../../shared/order';

export class OrderRejectedError extends DomainError {
  constructor(issues: FieldIssue[]) {
    super(400, 'validation_failed', 'Beställningen innehåller fel. Rätta fälten och skicka igen.', issues);
  }
}
