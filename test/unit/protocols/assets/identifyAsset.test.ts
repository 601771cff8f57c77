/**
 * The asset registry: address (per chain) before symbol, the documented table, Hyperliquid k
 * coins, per-deployment overrides, and rates that are never made up.
 */
import { AaveV3Arbitrum, AaveV3Ethereum } from '@aave-dao/aave-address-book'
import { getAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import { ASSET_TABLE, assetDefinition } from '../../../../src/protocols/assets/assetTable'
import { AssetOverridesConfigError, getAssetOverrides } from '../../../../src/protocols/assets/getAssetOverrides'
import { identifyAsset, toAssetIdentity } from '../../../../src/protocols/assets/identifyAsset'
import { RATE_METHODS } from '../../../../src/protocols/assets/rateAbi'

const mainnet = AaveV3Ethereum.ASSETS
const SOMEWHERE = '0x00000000000000000000000000000000000000e1'

describe('identifyAsset', () => {
  it('maps wrapped and pegged assets onto ETH, BTC and USD at par', () => {
    for (const [symbol, underlying] of [
      ['WETH', 'ETH'],
      ['stETH', 'ETH'],
      ['WBTC', 'BTC'],
      ['cbBTC', 'BTC'],
      ['tBTC', 'BTC'],
      ['USDC', 'USD'],
      ['USDC.e', 'USD'],
      ['USDT', 'USD'],
      ['DAI', 'USD'],
      ['GHO', 'USD'],
    ] as const) {
      const identity = toAssetIdentity(identifyAsset({ symbol }))
      expect(identity, symbol).toMatchObject({ symbol, underlying, exchangeRate: '1', rateSource: 'par' })
    }
  })

  it('reads the liquid staking tokens’ rates on Ethereum from the token itself', () => {
    for (const [key, method] of [
      ['wstETH', 'stEthPerToken'],
      ['rETH', 'getExchangeRate'],
      ['cbETH', 'exchangeRate'],
      ['weETH', 'getRate'],
    ] as const) {
      const address = mainnet[key].UNDERLYING
      expect(identifyAsset({ symbol: key, chainId: 1, address }), key).toMatchObject({
        underlying: 'ETH',
        rate: { kind: 'onchain', method, contract: address },
      })
    }
  })

  it('matches by address per chain before the symbol', () => {
    // A token the address book knows is what it is, whatever symbol() says.
    expect(identifyAsset({ symbol: 'XYZ', chainId: 1, address: mainnet.WETH.UNDERLYING }).underlying).toBe('ETH')
    // Arbitrum's address book `USDC` is the bridged USDC.e, `USDCn` the native one: both are USD.
    expect(
      identifyAsset({ symbol: 'USDC', chainId: 42161, address: AaveV3Arbitrum.ASSETS.USDCn.UNDERLYING }),
    ).toMatchObject({
      underlying: 'USD',
    })
    // The same address on another chain is not that token.
    expect(identifyAsset({ symbol: 'XYZ', chainId: 10, address: mainnet.WETH.UNDERLYING }).underlying).toBe('XYZ')
  })

  it('matches every address book asset the table names onto the table’s underlying', () => {
    for (const [key, asset] of Object.entries(mainnet)) {
      const definition = assetDefinition(key)
      if (!definition) continue
      expect(identifyAsset({ symbol: key, chainId: 1, address: asset.UNDERLYING }).underlying, key).toBe(
        definition.underlying,
      )
    }
  })

  it('keeps a bridged LST without a rate source as its own underlying, and says why', () => {
    const identity = toAssetIdentity(
      identifyAsset({ symbol: 'wstETH', chainId: 42161, address: AaveV3Arbitrum.ASSETS.wstETH.UNDERLYING }),
    )
    expect(identity).toMatchObject({ underlying: 'wstETH', exchangeRate: '1' })
    expect(identity.rateSource).toMatch(/^unavailable: no exchange-rate source for wstETH on chain 42161/)
  })

  it('leaves an unknown asset its own underlying and maps Hyperliquid k coins with a factor of 1,000', () => {
    expect(toAssetIdentity(identifyAsset({ symbol: 'LINK' }))).toMatchObject({ underlying: 'LINK', rateSource: 'own' })
    expect(toAssetIdentity(identifyAsset({ symbol: 'kPEPE', kiloPrefix: true }))).toMatchObject({
      symbol: 'kPEPE',
      underlying: 'PEPE',
      exchangeRate: '1000',
    })
    expect(identifyAsset({ symbol: 'kPEPE' }).underlying).toBe('kPEPE')
  })

  it('takes a deployment’s override: a rate contract for the sandbox WSTETH, an underlying for a custom token', () => {
    const overrides = getAssetOverrides({
      ASSET_OVERRIDES: JSON.stringify([
        { chainId: 31337, address: SOMEWHERE, rateContract: '0x0000000000000000000000000000000057e7e7a1' },
        { chainId: 31337, address: '0x00000000000000000000000000000000000000e2', underlying: 'BTC' },
      ]),
    })
    expect(identifyAsset({ symbol: 'WSTETH', chainId: 31337, address: SOMEWHERE, overrides })).toMatchObject({
      underlying: 'ETH',
      rate: {
        kind: 'onchain',
        method: 'stEthPerToken',
        contract: getAddress('0x0000000000000000000000000000000057e7e7a1'),
      },
    })
    expect(
      identifyAsset({
        symbol: 'XBT',
        chainId: 31337,
        address: '0x00000000000000000000000000000000000000e2',
        overrides,
      }),
    ).toMatchObject({ underlying: 'BTC', rate: { kind: 'par' } })
  })
})

describe('toAssetIdentity', () => {
  const wsteth = identifyAsset({ symbol: 'wstETH', chainId: 1, address: mainnet.wstETH.UNDERLYING })

  it('turns the 18-decimal rate into the exchange rate and names the call', () => {
    expect(toAssetIdentity(wsteth, 1_180_000_000_000_000_000n)).toMatchObject({
      underlying: 'ETH',
      exchangeRate: '1.18',
      rateSource: `stEthPerToken() at ${mainnet.wstETH.UNDERLYING}`,
    })
  })

  it('never takes a failed or zero rate as 1 for the underlying: the asset stays its own', () => {
    for (const [raw, why] of [
      [undefined, 'failed'],
      [0n, 'answered 0'],
    ] as const) {
      const identity = toAssetIdentity(wsteth, raw)
      expect(identity).toMatchObject({ underlying: 'wstETH', exchangeRate: '1' })
      expect(identity.rateSource).toContain(why)
    }
  })
})

describe('the table and its config', () => {
  it('names a known rate method for every on-chain rate', () => {
    for (const definition of Object.values(ASSET_TABLE))
      if (definition.rate.kind === 'onchain') expect(RATE_METHODS).toContain(definition.rate.method)
  })

  it('refuses a malformed ASSET_OVERRIDES', () => {
    for (const value of [
      '{',
      '{}',
      '[{"chainId": 1}]',
      `[{"chainId": 1, "address": "${SOMEWHERE}", "rateMethod": "price"}]`,
    ])
      expect(() => getAssetOverrides({ ASSET_OVERRIDES: value }), value).toThrow(AssetOverridesConfigError)
    expect(getAssetOverrides({ ASSET_OVERRIDES: '' })).toEqual([])
  })
})
