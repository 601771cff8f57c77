import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../../src/errors/input'
import { checkPriceNames } from '../../../src/portfolio/checkPriceNames'
import { hyperliquidCross } from '../engine/sampleSnapshots'

describe('checkPriceNames', () => {
  it('accepts what the query holds and what the registry knows, in any case', () => {
    expect(() => checkPriceNames(['ETH', 'btc', 'USDC', 'WETH', 'wstETH', 'USD'], [hyperliquidCross])).not.toThrow()
    expect(() => checkPriceNames(['ETH'], [])).not.toThrow()
  })

  it('refuses a name nothing holds, listing what the query holds', () => {
    expect(() => checkPriceNames(['DOGE'], [hyperliquidCross])).toThrow(InvalidInputError)
    expect(() => checkPriceNames(['DOGE'], [hyperliquidCross])).toThrow(/"DOGE" \(this query holds BTC, ETH, USDC\)/)
  })
})
