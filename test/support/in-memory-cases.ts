import {
  IdempotencyConflict,
  ProviderLoadConflict,
  type CaseRepository,
  type IdempotencyClaim,
  type IdempotencyClaimResult,
  type IdempotencyRecord,
  type NewCase,
  type OutboxMessage,
  type RoutingState,
} from '../../functions/core/ports';
import type { CaseworkerLoad, ProviderLoad } from '../../shared/routing';

/**
 * In-memory fakes of our own ports for unit tests of use cases (integration tests use DynamoDB
 * Local). Same contract: one "transaction" per save, caps and warnings checked like conditions.
 */
export class InMemoryCases implements CaseRepository, RoutingState {
  cases: NewCase[] = [];
  outbox: OutboxMessage[] = [];
  idempotency = new Map<string, IdempotencyRecord>();
  claims = new Map<string, IdempotencyClaim>();
  counters = new Map<number, number>();
  turns = new Map<string, number>();
  caseworkers: Record<string, CaseworkerLoad> = {};
  providers: Record<string, ProviderLoad & { warned: boolean }> = {};

  async nextCaseNumber(year: number) {
    const next = (this.counters.get(year) ?? 0) + 1;
    this.counters.set(year, next);
    return next;
  }

  async takeRotationTurn(rotation: string) {
    const next = (this.turns.get(rotation) ?? 0) + 1;
    this.turns.set(rotation, next);
    return next;
  }

  async loads() {
    return structuredClone({ caseworkers: this.caseworkers, providers: this.providers });
  }

  async claimIdempotencyKey(claim: IdempotencyClaim, now: Date): Promise<IdempotencyClaimResult> {
    const held = this.claims.get(claim.keyHash);
    const done = this.idempotency.get(claim.keyHash);
    if (done) return { kind: 'completed', record: done };
    if (held && held.claimedUntil >= now.toISOString()) return { kind: 'in_progress', requestHash: held.requestHash, claimedUntil: held.claimedUntil };
    this.claims.set(claim.keyHash, claim);
    return { kind: 'claimed' };
  }

  async releaseIdempotencyClaim(keyHash: string, token: string) {
    if (this.claims.get(keyHash)?.token === token) this.claims.delete(keyHash);
  }

  async saveNewCase(input: { newCase: NewCase; outbox: OutboxMessage[]; idempotency?: IdempotencyRecord & { token: string } }) {
    if (input.idempotency && this.claims.get(input.idempotency.keyHash)?.token !== input.idempotency.token) throw new IdempotencyConflict();
    for (const change of input.newCase.routing.providerLoads) {
      const load = this.providers[change.providerId] ?? { clients: 0, hoursPerMonth: 0, warned: false };
      const cap = change.cap;
      if (cap && 'clients' in cap && load.clients + change.clients > cap.clients) throw new ProviderLoadConflict(change.providerId);
      if (cap && 'hoursPerMonth' in cap && load.hoursPerMonth + change.hoursPerMonth > cap.hoursPerMonth) throw new ProviderLoadConflict(change.providerId);
      if (change.warn && load.warned) throw new ProviderLoadConflict(change.providerId);
    }
    for (const change of input.newCase.routing.providerLoads) {
      const load = this.providers[change.providerId] ?? { clients: 0, hoursPerMonth: 0, warned: false };
      this.providers[change.providerId] = {
        clients: load.clients + change.clients,
        hoursPerMonth: load.hoursPerMonth + change.hoursPerMonth,
        warned: load.warned || change.warn,
      };
    }
    const cw = input.newCase.routing.caseworker;
    if (cw.kind === 'caseworker') {
      const load = this.caseworkers[cw.caseworkerId] ?? { openCases: 0 };
      this.caseworkers[cw.caseworkerId] = { openCases: load.openCases + 1, lastAssignedAt: input.newCase.receivedAt };
    }
    this.cases.push(input.newCase);
    this.outbox.push(...input.outbox);
    if (input.idempotency) {
      const { token: _token, ...record } = input.idempotency;
      this.claims.delete(record.keyHash);
      this.idempotency.set(record.keyHash, record);
    }
  }

  async findIdempotencyRecord(keyHash: string) {
    return this.idempotency.get(keyHash);
  }
}
