import {
  IdempotencyConflict,
  type CaseRepository,
  type IdempotencyRecord,
  type NewCase,
  type OutboxMessage,
} from '../../functions/core/ports';

/** An in-memory `CaseRepository` for unit tests of use cases (integration tests use DynamoDB Local). */
export class InMemoryCases implements CaseRepository {
  cases: NewCase[] = [];
  outbox: OutboxMessage[] = [];
  idempotency = new Map<string, IdempotencyRecord>();
  counters = new Map<number, number>();

  async nextCaseNumber(year: number) {
    const next = (this.counters.get(year) ?? 0) + 1;
    this.counters.set(year, next);
    return next;
  }

  async saveNewCase(input: { newCase: NewCase; outbox: OutboxMessage[]; idempotency?: IdempotencyRecord }) {
    if (input.idempotency && this.idempotency.has(input.idempotency.keyHash)) throw new IdempotencyConflict();
    this.cases.push(input.newCase);
    this.outbox.push(...input.outbox);
    if (input.idempotency) this.idempotency.set(input.idempotency.keyHash, input.idempotency);
  }

  async findIdempotencyRecord(keyHash: string) {
    return this.idempotency.get(keyHash);
  }
}
