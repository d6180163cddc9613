declare const preparedWrite: unique symbol;

/**
 * A write a store has prepared (e.g. "this case, new", "these notifications, queued"), opaque to
 * use cases: they only hand prepared writes to the `Transactor`, which commits them together. A
 * store's prepared write carries its own conditions and says which domain error a failed
 * condition means, so a use case that changes a case and queues the mails it causes still commits
 * in one transaction, whatever stores it composes.
 */
export type PreparedWrite = { readonly [preparedWrite]: true };

/** Commits prepared writes of one or several stores in one transaction: all of them or none. */
export interface Transactor {
  /**
   * Throws the domain error of the first write (in the order given) whose condition failed, e.g.
   * `IdempotencyConflict` or `ProviderLoadConflict`; nothing is written then.
   */
  commit(writes: readonly PreparedWrite[]): Promise<void>;
}
