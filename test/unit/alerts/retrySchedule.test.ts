import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  computeRetryDelay,
  MAX_ATTEMPTS,
  MIN_RETRY_SPAN_MS,
  RETRY_DELAYS_MS,
  RETRY_JITTER,
} from '../../../src/alerts/delivery/retrySchedule'

const HOUR = 3_600_000

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
  it('is 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: 8 attempts over about 27.6 h', () => {
    expect(RETRY_DELAYS_MS).toEqual([5_000, 300_000, 1_800_000, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR])
    expect(MAX_ATTEMPTS).toBe(8)
    const nominal = attemptTimes(() => 0.5)
    expect(nominal).toHaveLength(8)
    expect(nominal.at(-1)).toBe(99_305_000) // 27 h 35 min 5 s
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

  it('spans at least 24 h whatever the jitter, at most the nominal + 20 %', () => {
    // All-minimum jitter would give 22.07 h: the last delay is stretched to reach 24 h.
    expect(attemptTimes(() => 0).at(-1)).toBe(MIN_RETRY_SPAN_MS)
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 7, maxLength: 7 }),
        (draws) => {
          let i = 0
          const times = attemptTimes(() => draws[i++] ?? 0.5)
          expect(times).toHaveLength(MAX_ATTEMPTS)
          const span = times.at(-1) ?? 0
          expect(span).toBeGreaterThanOrEqual(24 * HOUR)
          expect(span).toBeLessThanOrEqual(Math.ceil(99_305_000 * 1.2) + 7)
        },
      ),
    )
  })

  it('is exhausted after the 8th attempt fails', () => {
    expect(computeRetryDelay({ failedAttempts: MAX_ATTEMPTS, elapsedMs: 30 * HOUR })).toBeNull()
    expect(computeRetryDelay({ failedAttempts: 0, elapsedMs: 0 })).toBeNull()
  })
})
