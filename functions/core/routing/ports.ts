import type { InsatsType } from '../../../shared/insatser';
import type { CaseworkerDecision, CaseworkerLoad, ProviderDecision, ProviderLoad } from '../../../shared/routing';
import type { PreparedWrite } from '../kernel/transaction';

/** A provider assignment for one insats type of the case. */
export interface Assignment {
  insatsType: InsatsType;
  decision: ProviderDecision;
  /** `sent` once the provider is told; `held` until the caseworker has told the provider's unit head orally. */
  status: 'sent' | 'held' | 'needs_provider';
}

/** A change of a provider's load that the case's transaction makes. */
export interface ProviderLoadChange {
  providerId: string;
  clients: number;
  hoursPerMonth: number;
  /** The provider's cap, checked in the transaction (undefined: no cap). */
  cap?: { clients: number } | { hoursPerMonth: number };
  /**
   * The load routing saw, for a capped provider: the transaction holds only if it is unchanged,
   * so the cap and the 90 % warning are exact under concurrency (a race plans again).
   */
  seen?: { clients: number; hoursPerMonth: number };
  /** Marks the provider warned, once (the transaction fails if someone else warned first). */
  warn: boolean;
}

/** A non-choice rotation turn taken for the case, stored with its date. */
export interface RotationTurn {
  rotation: string;
  turn: number;
  providerId: string;
}

export interface RoutingPlan {
  caseworker: CaseworkerDecision;
  assignments: Assignment[];
  providerLoads: ProviderLoadChange[];
  turns: RotationTurn[];
}

/** The loads routing weighs, as read (missing ids have no load yet). */
export interface RoutingLoads {
  caseworkers: Record<string, CaseworkerLoad>;
  providers: Record<string, ProviderLoad & { warned: boolean }>;
}

/** Whose loads an order's routing weighs. */
export interface LoadKeys {
  caseworkerIds: string[];
  providerIds: string[];
}

/** A provider's cap was reached, or it was warned, by a concurrent case: plan again. */
export class ProviderLoadConflict extends Error {
  constructor(public readonly providerId: string) {
    super(`The load of provider ${providerId} changed concurrently`);
    this.name = 'ProviderLoadConflict';
  }
}

/** Routing's state: caseworkers' and providers' loads, and the non-choice rotations' turns. */
export interface RoutingStore {
  /** The loads of these caseworkers and providers, read together (one request; none when both lists are empty). */
  loads(keys: LoadKeys): Promise<RoutingLoads>;
  /**
   * Records a case's routing in the case's transaction: the caseworker's open cases, the
   * providers' loads (failing with `ProviderLoadConflict` when a cap or a warning raced) and the
   * rotation turns taken.
   */
  record(input: { caseId: string; reference: string; plan: RoutingPlan; at: string }): PreparedWrite;
  /**
   * Loads and turns changed after the case was routed: a declined assignment leaves one provider
   * (negative change) for another (with its cap checked as at routing) and takes a turn; a
   * reassigned case leaves one caseworker for another.
   */
  changeLoads(input: {
    caseId: string;
    reference: string;
    at: string;
    caseworkers?: { caseworkerId: string; delta: 1 | -1 }[];
    providers?: ProviderLoadChange[];
    turns?: RotationTurn[];
  }): PreparedWrite;
}
