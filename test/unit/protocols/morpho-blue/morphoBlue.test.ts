/**
 * The Morpho Blue adapter's pure parts: the `MORPHO_MARKETS` parser and the decode of one account's
 * raw reads into a snapshot.
 */
import { describe, expect, it } from 'vitest'
import { computeOraclePrice, D, evaluateMarginAccount } from '../../../../src/engine'
import { identifyAsset } from '../../../../src/protocols/assets/identifyAsset'
import {
  decodeMorphoPosition,
  getMorphoDiscovery,
  getMorphoMarkets,
  type MorphoReference,
} from '../../../../src/protocols/morpho-blue'

const MARKET_ID = `0x${'ab'.repeat(32)}` as const
const MORPHO = '0xBBBBBbbBBb9cC5e90e3b3Af64bdAF62C37EEFFCb'

describe('getMorphoMarkets', () => {
  it('parses the list, defaulting morpho to the chain deployment of @morpho-org/morpho-ts', () => {
    const [market] = getMorphoMarkets({ MORPHO_MARKETS: JSON.stringify([{ chainId: 1, marketId: MARKET_ID }]) })
    expect(market).toEqual({ chainId: 1, morpho: '0xBBBBBbbBBb9cC5e90e3b3Af64bdAF62C37EEFFCb', marketId: MARKET_ID })
    expect(getMorphoMarkets({ MORPHO_MARKETS: '' })).toEqual([])
  })

  it('refuses what it cannot use, naming the entry', () => {
    const parse = (value: unknown) => () => getMorphoMarkets({ MORPHO_MARKETS: JSON.stringify(value) })
    expect(parse({})).toThrow('MORPHO_MARKETS must be a JSON array.')
    expect(parse([{ chainId: 1, marketId: '0x12' }])).toThrow(
      'MORPHO_MARKETS[0].marketId must be a bytes32 hex string.',
    )
    expect(parse([{ chainId: 31337, marketId: MARKET_ID }])).toThrow(/no Morpho Blue deployment known on chain 31337/)
    expect(parse([{ chainId: 1, marketId: MARKET_ID, loanUsdFeed: 'nope' }])).toThrow(/loanUsdFeed must be an address/)
    expect(() => getMorphoMarkets({ MORPHO_MARKETS: '[' })).toThrow('MORPHO_MARKETS is not valid JSON.')
  })
})

describe('getMorphoDiscovery', () => {
  it('defaults the contract and the first block to the deployment @morpho-org/morpho-ts lists', () => {
    expect(getMorphoDiscovery({ MORPHO_DISCOVERY: '[{"chainId":1}]' })).toEqual([
      {
        chainId: 1,
        morpho: '0xBBBBBbbBBb9cC5e90e3b3Af64bdAF62C37EEFFCb',
        fromBlock: 18_883_124n,
        maxBlockRange: 0n,
        maxRangesPerRead: 10,
      },
    ])
    expect(getMorphoDiscovery({ MORPHO_DISCOVERY: '' })).toEqual([])
  })

  it('refuses what it cannot use', () => {
    const parse = (value: unknown) => () => getMorphoDiscovery({ MORPHO_DISCOVERY: JSON.stringify(value) })
    expect(parse([{ chainId: 31337 }])).toThrow(/no Morpho Blue deployment known on chain 31337/)
    expect(parse([{ chainId: 31337, morpho: MORPHO }])).toThrow(/no deployment block known on chain 31337/)
    expect(parse([{ chainId: 1, maxBlockRange: -1 }])).toThrow(
      'MORPHO_DISCOVERY[0].maxBlockRange must be a whole number.',
    )
    expect(parse([{ chainId: 1, maxRangesPerRead: 0 }])).toThrow(/maxRangesPerRead must be at least 1/)
  })
})

describe('decodeMorphoPosition', () => {
  const reference: MorphoReference = {
    chainId: 1,
    morpho: '0xBBBBBbbBBb9cC5e90e3b3Af64bdAF62C37EEFFCb',
    marketId: MARKET_ID,
    loanToken: { address: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', symbol: 'USDC', decimals: 6 },
    collateralToken: { address: '0x7f39C581F595B53c5cb19bD0b3f8dA6c935E2Ca0', symbol: 'wstETH', decimals: 18 },
    oracle: '0x0000000000000000000000000000000000000001',
    irm: '0x0000000000000000000000000000000000000002',
    lltv: '860000000000000000',
  }
  const assets = {
    loan: identifyAsset({ symbol: 'USDC', chainId: 1, address: reference.loanToken.address }),
    collateral: identifyAsset({ symbol: 'wstETH', chainId: 1, address: reference.collateralToken.address }),
    collateralRate: 1_200_000_000_000_000_000n,
  }
  const decode = (position: readonly [bigint, bigint, bigint], loanPriceUsd = '0.9999') =>
    decodeMorphoPosition({
      reference,
      account: '0x00000000000000000000000000000000000000a1',
      blockNumber: 100n,
      blockTimestamp: 1_764_000_000n,
      market: [10n ** 12n, 10n ** 18n, 5n * 10n ** 11n, 5n * 10n ** 17n, 1_763_990_000n, 0n],
      position,
      oraclePrice: 4_123_456_789n * 10n ** 18n, // 4,123.456789 USDC per wstETH
      borrowRate: 1_000_000_000n,
      loanPrice: { priceUsd: new D(loanPriceUsd), source: 'chainlink 0xfeed', timestampSec: 1_763_999_000 },
      assets,
    })

  it('is undefined for an account with nothing in the market', () => {
    expect(decode([0n, 0n, 0n])).toBeUndefined()
  })

  it('prices the collateral at oracle × loan price exactly, so the engine gets the oracle integer back', () => {
    const snapshot = decode([0n, 15_000n * 10n ** 12n, 10n * 10n ** 18n])
    if (!snapshot) throw new Error('expected a snapshot')
    expect(snapshot.marginAccountId).toBe(`market:${MARKET_ID}`)
    expect(snapshot.prices.wstETH?.priceUsd).toBe('4123.0444433211')
    expect(snapshot.prices.wstETH?.asset).toMatchObject({ underlying: 'ETH', exchangeRate: '1.2' })
    expect(snapshot.prices.USDC).toMatchObject({ priceUsd: '0.9999', source: 'chainlink 0xfeed', class: 'stable' })
    expect(computeOraclePrice({ snapshot })).toBe(4_123_456_789n * 10n ** 18n)
    const report = evaluateMarginAccount({ snapshot, nowSec: snapshot.asOfSec })
    expect(report.positions.map((position) => [position.id, position.underlying])).toEqual([
      ['collateral:wstETH', 'ETH'],
      ['debt:USDC', 'USD'],
    ])
  })
})
