/** One attempt waits this long for the receiver's answer (headers) before it counts as failed. */
export const ATTEMPT_TIMEOUT_MS = 15_000

/** Events attempted per alarm run; more due events make the alarm fire again at once. */
export const DELIVERIES_PER_RUN = 50

/** Attempts in flight at once within a run (a slow receiver should not serialize a backlog). */
export const PARALLEL_ATTEMPTS = 4

/**
 * Delivered and dead events (and their attempts) are deleted this long after they finished, by the
 * next alarm run, so an object's storage does not grow without bound. Every enqueue sets the alarm,
 * so storage holds at most about this window's worth of finished events.
 */
export const DELIVERY_RETENTION_MS = 30 * 24 * 3_600_000

/**
 * While the endpoint is paused or disabled nothing is attempted; the object still looks again this
 * often, in case the `wake()` sent on resume was lost.
 */
export const INACTIVE_RECHECK_MS = 3_600_000

/** A run that failed as a whole (D1 unreachable) is tried again this much later. */
export const FAILED_RUN_RETRY_MS = 60_000

/** The `user-agent` of every delivery. */
export const USER_AGENT = 'Solvent-Webhooks/1'
