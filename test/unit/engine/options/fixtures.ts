import type { PriceQuote } from '../../../../src/engine/types'

/** Seconds in the engine's 365-day year: expirySec = T × YEAR with nowSec = 0. */
export const YEAR = 31_536_000

/** `expirySec` for a time to expiry in years, valued at `nowSec = 0`. */
export const years = (t: number) => Math.round(t * YEAR)

export const NOW = 1_750_000_000

export const quote = (priceUsd: string, cls: PriceQuote['class'] = 'crypto'): PriceQuote => ({
  priceUsd,
  source: 'declared',
  timestampSec: NOW,
  class: cls,
})

export const HEADER = {
  venue: 'deribit',
  account: '0x0000000000000000000000000000000000000001',
  marginAccountId: 'portfolio',
  asOfSec: NOW,
} as const
