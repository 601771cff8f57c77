import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  computeRetryDelay,
  MAX_ATTEMPTS,
  MIN_RETRY_SPAN_MS,
  parseHttpDate,
  parseRetryAfter,
  RETRY_AFTER_CAP_MS,
  RETRY_DELAYS_MS,
  RETRY_JITTER,
} from '../../../src/alerts/delivery/retrySchedule'

const HOUR = 3_600_000
/** 5 s + 5 min + 30 min + 2 h + 5 h + 6 × 10 h: 67 h 35 min 5 s. */
const NOMINAL_SUM_MS = 243_305_000

/** Plays a whole schedule: the time of each attempt after the first, with a given random source. */
function attemptTimes(random: () => number): number[] {
  const times = [0]
  for (let failed = 1; ; failed++) {
    const elapsed = times.at(-1) ?? 0
    const delay = computeRetryDelay({ failedAttempts: failed, elapsedMs: elapsed, random })
    if (delay === null) return times
    times.push(elapsed + delay)
  }
}

describe('retry schedule', () => {
  it('is 5 s, 5 min, 30 min, 2 h, 5 h, then 10 h six times: 12 attempts, the last 3 days after the first', () => {
    expect(RETRY_DELAYS_MS).toEqual([5_000, 300_000, 1_800_000, 2 * HOUR, 5 * HOUR, ...Array(6).fill(10 * HOUR)])
    expect(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)).toBe(NOMINAL_SUM_MS)
    expect(MAX_ATTEMPTS).toBe(12)
    expect(MIN_RETRY_SPAN_MS).toBe(72 * HOUR)
    const nominal = attemptTimes(() => 0.5)
    expect(nominal).toHaveLength(12)
    expect(nominal.slice(0, 11).at(-1)).toBe(NOMINAL_SUM_MS - 10 * HOUR) // 11th attempt: 57 h 35 min 5 s
    // The nominal 67.6 h is short of 3 days: the last delay is stretched to exactly 72 h.
    expect(nominal.at(-1)).toBe(72 * HOUR)
  })

  it('jitters each delay within ±20 %', () => {
    expect(computeRetryDelay({ failedAttempts: 2, elapsedMs: 0, random: () => 0 })).toBe(240_000)
    expect(computeRetryDelay({ failedAttempts: 2, elapsedMs: 0, random: () => 0.999_999 })).toBe(360_000)
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: RETRY_DELAYS_MS.length - 1 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (failed, r) => {
          const base = RETRY_DELAYS_MS[failed - 1] ?? 0
          const delay = computeRetryDelay({ failedAttempts: failed, elapsedMs: 0, random: () => r }) ?? -1
          expect(delay).toBeGreaterThanOrEqual(Math.floor(base * (1 - RETRY_JITTER)))
          expect(delay).toBeLessThanOrEqual(Math.ceil(base * (1 + RETRY_JITTER)))
        },
      ),
    )
  })

  it('spans at least 72 h whatever the jitter, at most the nominal + 20 % (≈ 81.1 h)', () => {
    expect(attemptTimes(() => 0).at(-1)).toBe(MIN_RETRY_SPAN_MS)
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 11, maxLength: 11 }),
        (draws) => {
          let i = 0
          const times = attemptTimes(() => draws[i++] ?? 0.5)
          expect(times).toHaveLength(MAX_ATTEMPTS)
          const span = times.at(-1) ?? 0
          expect(span).toBeGreaterThanOrEqual(72 * HOUR)
          expect(span).toBeLessThanOrEqual(Math.ceil(NOMINAL_SUM_MS * 1.2) + 11)
        },
      ),
    )
  })

  it('is exhausted after the 12th attempt fails, Retry-After or not', () => {
    expect(computeRetryDelay({ failedAttempts: MAX_ATTEMPTS, elapsedMs: 80 * HOUR })).toBeNull()
    expect(computeRetryDelay({ failedAttempts: MAX_ATTEMPTS, elapsedMs: 80 * HOUR, retryAfterMs: 60_000 })).toBeNull()
    expect(computeRetryDelay({ failedAttempts: 0, elapsedMs: 0 })).toBeNull()
  })
})

describe('Retry-After in the schedule', () => {
  const mid = () => 0.5

  it('waits at least what the receiver asked, never less than the schedule', () => {
    // 5 s scheduled, 120 s asked: 120 s.
    expect(computeRetryDelay({ failedAttempts: 1, elapsedMs: 0, retryAfterMs: 120_000, random: mid })).toBe(120_000)
    // 5 min scheduled, 1 s asked: the schedule's 5 min.
    expect(computeRetryDelay({ failedAttempts: 2, elapsedMs: 5_000, retryAfterMs: 1_000, random: mid })).toBe(300_000)
    // 0 (a date in the past) or none changes nothing.
    expect(computeRetryDelay({ failedAttempts: 1, elapsedMs: 0, retryAfterMs: 0, random: mid })).toBe(5_000)
    expect(computeRetryDelay({ failedAttempts: 1, elapsedMs: 0, retryAfterMs: null, random: mid })).toBe(5_000)
    // Jitter never takes the delay below the asked wait.
    expect(computeRetryDelay({ failedAttempts: 3, elapsedMs: 0, retryAfterMs: 1_900_000, random: () => 0 })).toBe(
      1_900_000,
    )
  })

  it('is capped at 6 h, but a longer scheduled delay still applies', () => {
    expect(RETRY_AFTER_CAP_MS).toBe(6 * HOUR)
    expect(computeRetryDelay({ failedAttempts: 1, elapsedMs: 0, retryAfterMs: 86_400_000, random: mid })).toBe(6 * HOUR)
    expect(computeRetryDelay({ failedAttempts: 1, elapsedMs: 0, retryAfterMs: Number.POSITIVE_INFINITY })).toBe(
      6 * HOUR,
    )
    expect(computeRetryDelay({ failedAttempts: 6, elapsedMs: 0, retryAfterMs: 86_400_000, random: mid })).toBe(
      10 * HOUR,
    )
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: RETRY_DELAYS_MS.length }),
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (failed, asked, r) => {
          const elapsed = 0
          const plain = computeRetryDelay({ failedAttempts: failed, elapsedMs: elapsed, random: () => r }) ?? -1
          const delay =
            computeRetryDelay({ failedAttempts: failed, elapsedMs: elapsed, retryAfterMs: asked, random: () => r }) ??
            -1
          expect(delay).toBe(Math.max(plain, Math.min(asked, RETRY_AFTER_CAP_MS)))
        },
      ),
    )
  })
})

describe('parseRetryAfter (RFC 9110 §10.2.3)', () => {
  const now = Date.UTC(1994, 10, 6, 8, 49, 37) // Sun, 06 Nov 1994 08:49:37 GMT

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter('0', now)).toBe(0)
    expect(parseRetryAfter(' 7 ', now)).toBe(7_000)
    expect(parseRetryAfter('86400', now)).toBe(86_400_000)
  })

  it('reads an HTTP-date, in all three forms, relative to now; a past date is 0', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:51:37 GMT', now)).toBe(120_000)
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:51:37 GMT', now)).toBe(120_000)
    expect(parseRetryAfter('Sun Nov  6 08:51:37 1994', now)).toBe(120_000)
    expect(parseRetryAfter('Mon, 07 Nov 1994 08:49:37 GMT', now)).toBe(86_400_000)
    expect(parseRetryAfter('Sat, 05 Nov 1994 08:49:37 GMT', now)).toBe(0)
    expect(parseHttpDate('Thu, 29 Feb 2024 23:59:59 GMT')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59))
  })

  it('ignores anything else', () => {
    for (const garbage of [
      null,
      undefined,
      '',
      '   ',
      '-5',
      '1.5',
      '+10',
      '1e3',
      '0x10',
      '120 seconds',
      'soon',
      '2026-12-05T10:00:00Z',
      'Sun, 06 Nov 1994 08:49:37 UTC',
      'Sun, 6 Nov 1994 08:49:37 GMT',
      'Sun, 31 Feb 1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 25:00:00 GMT',
      'Sun, 06 Foo 1994 08:49:37 GMT',
    ]) {
      expect(parseRetryAfter(garbage, now), String(garbage)).toBeNull()
    }
  })
})
