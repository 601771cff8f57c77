/**
 * The retry schedule (Svix-like, the Standard Webhooks schedule extended with more 10 h steps so it spans
 * about three days, as Stripe's does). After a failed attempt the next one comes after the delay for that
 * failure, each drawn with ±20 % jitter so receivers recovering from an outage are not hit by every
 * sender at the same instant:
 *
 * | attempt | after the previous one | since the first (nominal) |
 * | ------- | ---------------------- | ------------------------- |
 * | 1       | immediately            | 0                         |
 * | 2       | 5 s                    | 5 s                       |
 * | 3       | 5 min                  | ≈ 5 min                   |
 * | 4       | 30 min                 | ≈ 35 min                  |
 * | 5       | 2 h                    | ≈ 2 h 35 min              |
 * | 6       | 5 h                    | ≈ 7 h 35 min              |
 * | 7       | 10 h                   | ≈ 17 h 35 min             |
 * | 8       | 10 h                   | ≈ 27 h 35 min             |
 * | 9       | 10 h                   | ≈ 37 h 35 min             |
 * | 10      | 10 h                   | ≈ 47 h 35 min             |
 * | 11      | 10 h                   | ≈ 57 h 35 min             |
 * | 12      | 10 h, or more          | 72 h (3 days) or later    |
 *
 * 12 attempts; after the 12th failure the event is dead-lettered (status `dead`, visible and
 * replayable). The nominal sum is 67.6 h, so the last delay is stretched: the 12th attempt never comes
 * earlier than {@link MIN_RETRY_SPAN_MS} (3 days) after the first. With the jitter the 12th attempt comes
 * between 72 h and ≈ 81.1 h after the first (all delays at +20 %).
 *
 * A receiver answering 429 or 503 with `Retry-After` (RFC 9110 §10.2.3) is also honoured: the next
 * attempt comes no earlier than it asks, capped at {@link RETRY_AFTER_CAP_MS}, and never earlier than the
 * schedule's own delay. It moves one attempt later, it does not add attempts: the schedule still ends.
 */
export const RETRY_DELAYS_MS = [
  5_000, // 5 s
  5 * 60_000, // 5 min
  30 * 60_000, // 30 min
  2 * 3_600_000, // 2 h
  5 * 3_600_000, // 5 h
  10 * 3_600_000, // 10 h
  10 * 3_600_000, // 10 h
  10 * 3_600_000, // 10 h
  10 * 3_600_000, // 10 h
  10 * 3_600_000, // 10 h
  10 * 3_600_000, // 10 h (stretched to reach MIN_RETRY_SPAN_MS)
] as const

/** Attempts per schedule: the first one plus one per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1

/** Each delay is multiplied by a factor drawn uniformly from [1 − RETRY_JITTER, 1 + RETRY_JITTER). */
export const RETRY_JITTER = 0.2

/** The last attempt of a schedule never comes earlier than this after its first: 3 days, as Stripe retries. */
export const MIN_RETRY_SPAN_MS = 72 * 3_600_000

/**
 * The longest wait a `Retry-After` can impose on one attempt (6 h): a receiver asking for a day would
 * otherwise swallow the rest of the schedule with a single answer. Beyond it the schedule's own delay
 * (or this cap, whichever is longer) applies.
 */
export const RETRY_AFTER_CAP_MS = 6 * 3_600_000

export type ComputeRetryDelayParameters = {
  /** Failed attempts so far in this schedule, counting the one that just failed (1 after the first). */
  failedAttempts: number
  /** Time since the first attempt of this schedule. */
  elapsedMs: number
  /** The wait the receiver asked for with `Retry-After` (see {@link parseRetryAfter}); null or absent if none. */
  retryAfterMs?: number | null
  /** A source of uniform numbers in [0, 1): `Math.random` by default, fixed in tests. */
  random?: () => number
}

/**
 * How long to wait before the next attempt after a failure, or `null` when the schedule is exhausted
 * (the event is dead). Pure: the caller passes the clock (`elapsedMs`) and the random source.
 *
 * @example
 * computeRetryDelay({ failedAttempts: 1, elapsedMs: 0, random: () => 0.5 }) // 5_000
 * computeRetryDelay({ failedAttempts: 1, elapsedMs: 0, retryAfterMs: 120_000, random: () => 0.5 }) // 120_000
 * computeRetryDelay({ failedAttempts: 12, elapsedMs: 260_000_000 }) // null
 */
export function computeRetryDelay({
  failedAttempts,
  elapsedMs,
  retryAfterMs = null,
  random = Math.random,
}: ComputeRetryDelayParameters): number | null {
  const base = failedAttempts >= 1 ? RETRY_DELAYS_MS[failedAttempts - 1] : undefined
  if (base === undefined) return null
  const jittered = Math.round(base * (1 + RETRY_JITTER * (2 * random() - 1)))
  const scheduled =
    failedAttempts === RETRY_DELAYS_MS.length ? Math.max(jittered, MIN_RETRY_SPAN_MS - elapsedMs) : jittered
  if (retryAfterMs === null || !(retryAfterMs > 0)) return scheduled
  return Math.max(scheduled, Math.min(Math.ceil(retryAfterMs), RETRY_AFTER_CAP_MS))
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)'
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)'
const MONTH = `(${MONTHS.join('|')})`
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})'
/** `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate, the preferred form). */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`)
/** `Sunday, 06-Nov-94 08:49:37 GMT` (obsolete RFC 850 form). */
const RFC_850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`)
/** `Sun Nov  6 08:49:37 1994` (obsolete asctime form). */
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`)

/**
 * An HTTP-date (RFC 9110 §5.6.7: IMF-fixdate, and the two obsolete forms a recipient must accept) as
 * Unix ms; null when it is not one, or names an impossible date (31 Feb, 25:00).
 */
export function parseHttpDate(value: string): number | null {
  let parts: [day: string, month: string, year: number, hour: string, minute: string, second: string] | null = null
  let match = IMF_FIXDATE.exec(value)
  if (match) parts = [match[1] ?? '', match[2] ?? '', Number(match[3]), match[4] ?? '', match[5] ?? '', match[6] ?? '']
  match = parts ? null : RFC_850.exec(value)
  if (match) {
    // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is in the past century.
    const twoDigit = Number(match[3])
    const currentYear = new Date().getUTCFullYear()
    let year = Math.floor(currentYear / 100) * 100 + twoDigit
    if (year > currentYear + 50) year -= 100
    parts = [match[1] ?? '', match[2] ?? '', year, match[4] ?? '', match[5] ?? '', match[6] ?? '']
  }
  match = parts ? null : ASCTIME.exec(value)
  if (match) parts = [match[2] ?? '', match[1] ?? '', Number(match[6]), match[3] ?? '', match[4] ?? '', match[5] ?? '']
  if (!parts) return null
  const [dayText, monthText, year, hourText, minuteText, secondText] = parts
  const day = Number(dayText.trim())
  const month = MONTHS.indexOf(monthText)
  const [hour, minute, second] = [Number(hourText), Number(minuteText), Number(secondText)]
  // 60 is allowed for a leap second (RFC 9110 §5.6.7 time-of-day); Date.UTC rolls it into the next minute.
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  if (day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 60) return null
  return Date.UTC(year, month, day, hour, minute, second)
}

/**
 * The wait a `Retry-After` header asks for, in ms from `nowMs`: delay-seconds (`120`) or an HTTP-date
 * (RFC 9110 §10.2.3). A date in the past means 0. Null when absent or not one of these forms (a
 * negative or fractional number, a loose date like `2026-12-05`), which the sender then ignores.
 * Uncapped: {@link computeRetryDelay} applies {@link RETRY_AFTER_CAP_MS}.
 *
 * @example
 * parseRetryAfter('120', 0) // 120_000
 * parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 48, 37)) // 60_000
 * parseRetryAfter('soon', 0) // null
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  const trimmed = value?.trim() ?? ''
  if (trimmed === '') return null
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const atMs = parseHttpDate(trimmed)
  return atMs === null ? null : Math.max(0, atMs - nowMs)
}
