import type { ClearOrder } from '../../../shared/personal-data';
import type { SealedPersonalData } from '../kernel/personal-data';
import type { PreparedWrite } from '../kernel/transaction';
import type { NotificationStatus } from '../outbox/ports';
import type { Assignment, RoutingPlan } from '../routing/ports';

/** A case as the intake creates it: the order (its personal data sealed), its reference and how it was routed. */
export interface NewCase {
  caseId: string;
  reference: string;
  receivedAt: string;
  order: ClearOrder;
  personalData: SealedPersonalData;
  routing: RoutingPlan;
}

/** Something that happened to a case, kept on its timeline. */
export interface CaseEvent {
  id: string;
  type: string;
  at: string;
  by: string;
  [detail: string]: unknown;
}

/** A case as staff and tests read it: the case, its assignments and every notification's status. */
export interface CaseView {
  caseId: string;
  reference: string;
  status: string;
  protectedIdentity: boolean;
  routing: { kind: 'caseworker' | 'fallback'; caseworkerId?: string; unitId: string; districtId?: string; reason: string; routedAt: string };
  /** The order without its personal data, which is in `personalData`, sealed. */
  order: ClearOrder;
  personalData: SealedPersonalData;
  assignments: (Assignment & { decidedAt: string; releasedAt?: string })[];
  notifications: NotificationStatus[];
  events: Omit<CaseEvent, 'id'>[];
}

/** An assignment to release was not held (any more): someone released it first. */
export class AssignmentNotHeldError extends Error {
  constructor() {
    super('The assignment is not held');
    this.name = 'AssignmentNotHeldError';
  }
}

/** Cases: the case itself, its assignments and its timeline. */
export interface CaseStore {
  /** The new case with its unique reference and its assignments, in the intake's transaction. */
  create(newCase: NewCase): PreparedWrite;
  findIdByReference(reference: string): Promise<string | undefined>;
  find(caseId: string): Promise<CaseView | undefined>;
  /** Marks held assignments sent; the transaction fails with `AssignmentNotHeldError` if one is no longer held. */
  releaseAssignments(caseId: string, insatsTypes: readonly string[], at: string): PreparedWrite;
  /** Adds an event to the case's timeline. */
  recordEvent(caseId: string, event: CaseEvent): PreparedWrite;
}
