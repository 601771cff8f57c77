/**
 * A check a request must pass before it reads anything upstream (the request budget,
 * src/graphql/plugins/use-budget.ts), whose one D1 statement rides in the source loader's first D1
 * batch (the cache read) instead of costing a round trip of its own. The loader never reads upstream
 * before `open()` resolves.
 */
export type ReadGate = {
  /** The gate's statement, the first time it is asked for; undefined after (or when it needs none). */
  takeStatement(): D1PreparedStatement | undefined
  /** The taken statement's result, from the batch it rode in. */
  settle(result: D1Result): void
  /** The batch the taken statement rode in failed: the gate fails with it. */
  fail(error: unknown): void
  /**
   * Resolves when reads may go upstream; rejects with the refusal when they may not. Runs the
   * statement by itself when no batch took it.
   */
  open(): Promise<void>
}

/** Where a request installs its gate once the operation is priced (after the loader is built). */
export type ReadGateSlot = { current: ReadGate | undefined }
