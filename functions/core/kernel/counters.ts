/**
 * Counters that hand out numbers: the year's case-reference series and each non-choice rotation's
 * turns. Gap-tolerant: a number drawn by a request that then fails is not used again.
 */
export type CounterName = `case-reference#${number}` | `rotation#${string}` | `outgoing-reference#${number}`;

/** The counter of the year's case-reference series (`TV-2026-00042` is its 42nd number). */
export const caseReferenceCounter = (year: number): CounterName => `case-reference#${year}`;

/** The counter of the year's outgoing stays' series (`UV-2026-00007` is its 7th number). */
export const outgoingReferenceCounter = (year: number): CounterName => `outgoing-reference#${year}`;

/** The counter of a non-choice rotation's turns (one rotation per insats type and district). */
export const rotationCounter = (rotation: string): CounterName => `rotation#${rotation}`;

export interface Counters {
  /**
   * Adds one to each counter and returns their new values in the same order (1 for a counter
   * never drawn before). All of them in one atomic request: an order's case number and its
   * rotation turns cost one round trip, not one each. The names must differ.
   */
  draw(names: readonly CounterName[]): Promise<number[]>;
}
