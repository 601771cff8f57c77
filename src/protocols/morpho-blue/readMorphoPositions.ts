import { type Address, zeroAddress } from 'viem'
import type { GetChainConfigReturnType } from '../../chains/getChainConfig'
import { type EvmCall, type EvmCallResult, type EvmPlanResult, multicallByChain } from '../../chains/multicall'
import type { Multicall } from '../../chains/multicallBatch'
import type { MorphoBluePreLiquidation } from '../../engine'
import { D, fromRaw } from '../../engine'
import { SolventError } from '../../errors/base'
import { aggregatorV3Abi } from '../aave-v3/abi'
import type { AssetOverride } from '../assets/getAssetOverrides'
import { type AssetMapping, identifyAsset } from '../assets/identifyAsset'
import { rateAbi } from '../assets/rateAbi'
import type { FeedReading, SourceInputs } from '../types'
import { morphoAbi, morphoAccrueAbi, morphoIrmAbi, morphoOracleAbi } from './abi'
import { decodeMorphoPosition, type MorphoLoanPrice } from './decodeMorphoPosition'
import type { MorphoReference } from './types'

export type MorphoPositionRequest = { reference: MorphoReference; account: Address }

export type ReadMorphoPositionsParameters = {
  config: GetChainConfigReturnType
  requests: readonly MorphoPositionRequest[]
  assetOverrides?: readonly AssetOverride[] | undefined
  fetch?: typeof fetch | undefined
  /**
   * false: read each market as stored and its IRM's rate (two rounds), so the engine accrues the interest
   * (`computeAccruedMarket`); the tests that hold that model to the contract read this way. Default true.
   */
  accrue?: boolean | undefined
  /** The multicall the first round reads through (a loader's batch); default `multicallByChain`. */
  multicall?: Multicall | undefined
}

export type ReadMorphoPositionsReturnType = (
  | {
      status: 'ok'
      snapshot: ReturnType<typeof decodeMorphoPosition>
      blockNumber: bigint
      blockTimestamp: bigint
      inputs: SourceInputs
    }
  | { status: 'error'; error: unknown }
)[]

type MarketState = readonly [bigint, bigint, bigint, bigint, bigint, bigint]

const marketKey = (reference: MorphoReference) => `${reference.chainId}:${reference.morpho}:${reference.marketId}`

function value(result: EvmCallResult | undefined, what: string): unknown {
  if (!result) throw new SolventError(`${what}: no result.`, { code: 'UPSTREAM_UNAVAILABLE' })
  if (result.status === 'failure') {
    throw new SolventError(`${what} failed.`, { code: 'UPSTREAM_UNAVAILABLE', cause: result.error })
  }
  return result.result
}

function mappings(reference: MorphoReference, overrides: readonly AssetOverride[]) {
  const of = (token: MorphoReference['loanToken']) =>
    identifyAsset({ symbol: token.symbol, chainId: reference.chainId, address: token.address, overrides })
  return { loan: of(reference.loanToken), collateral: of(reference.collateralToken) }
}

const marketParamsOf = (reference: MorphoReference) => ({
  loanToken: reference.loanToken.address,
  collateralToken: reference.collateralToken.address,
  oracle: reference.oracle,
  irm: reference.irm,
  lltv: BigInt(reference.lltv),
})

function rateCalls(assets: { loan: AssetMapping; collateral: AssetMapping }): EvmCall[] {
  return [assets.loan, assets.collateral].flatMap((asset) =>
    asset.rate.kind === 'onchain'
      ? [{ address: asset.rate.contract, abi: rateAbi, functionName: asset.rate.method } as EvmCall]
      : [],
  )
}

/**
 * Reads many accounts in many listed markets: ONE multicall per chain, pinned to the chain's latest
 * block, with each market's shared calls once (the contract's own `accrueInterest(params)`, then
 * `market(id)`, which so answers with the market accrued to the block's timestamp; the oracle's
 * `price()`, the loan USD feed, exchange rates) and one `position(id, account)` per account. Only where
 * `accrueInterest` failed (an IRM that reverts) and the market has a borrow, ONE more multicall per
 * chain pinned to the same block asks the IRM's `borrowRateView(params, market)` for the market as
 * stored, and the engine accrues it (`computeAccruedMarket`). Then a pure decode per account.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/Morpho.sol (accrueInterest)
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/interfaces/IIrm.sol
 */
export async function readMorphoPositions({
  config,
  requests,
  assetOverrides = [],
  fetch: fetchFn,
  accrue = true,
  multicall = multicallByChain,
}: ReadMorphoPositionsParameters): Promise<ReadMorphoPositionsReturnType> {
  type MarketPlan = { plan: number; reference: MorphoReference; assets: ReturnType<typeof mappings> }
  /** Where `market(id)` sits in a market's calls: after `accrueInterest` when the contract accrues. */
  const marketAt = accrue ? 1 : 0
  const markets = new Map<string, MarketPlan>()
  const plans: { chainId: number; calls: EvmCall[] }[] = []
  for (const { reference } of requests) {
    const key = marketKey(reference)
    if (markets.has(key)) continue
    const assets = mappings(reference, assetOverrides)
    markets.set(key, { plan: plans.length, reference, assets })
    plans.push({
      chainId: reference.chainId,
      calls: [
        // First: the contract accrues the market to the block's time, so `market(id)` reads it accrued.
        ...(accrue
          ? [
              {
                address: reference.morpho,
                abi: morphoAccrueAbi,
                functionName: 'accrueInterest',
                args: [marketParamsOf(reference)],
              } as EvmCall,
            ]
          : []),
        { address: reference.morpho, abi: morphoAbi, functionName: 'market', args: [reference.marketId] },
        { address: reference.oracle, abi: morphoOracleAbi, functionName: 'price' },
        ...(reference.loanUsdFeed
          ? [
              {
                address: reference.loanUsdFeed.address,
                abi: aggregatorV3Abi,
                functionName: 'latestRoundData',
              } as EvmCall,
            ]
          : []),
        ...rateCalls(assets),
        // Last: each known pre-liquidation contract's oracle price (read after the rates' variable count).
        ...(reference.preLiquidations ?? []).map(
          (pre) => ({ address: pre.preLiquidationOracle, abi: morphoOracleAbi, functionName: 'price' }) as EvmCall,
        ),
      ],
    })
  }
  const positionPlans = requests.map(({ reference, account }) => {
    plans.push({
      chainId: reference.chainId,
      calls: [
        { address: reference.morpho, abi: morphoAbi, functionName: 'position', args: [reference.marketId, account] },
        ...(reference.preLiquidations ?? []).map(
          (pre) =>
            ({
              address: reference.morpho,
              abi: morphoAbi,
              functionName: 'isAuthorized',
              args: [account, pre.contract],
            }) as EvmCall,
        ),
      ],
    })
    return plans.length - 1
  })
  const first = await multicall({ config, plans, fetch: fetchFn })

  // Second round, only where the contract could not accrue: the IRM's rate for the market as stored, at the same block.
  const rated: { key: string; chainId: number; call: EvmCall }[] = []
  const blockNumbers = new Map<number, bigint>()
  for (const [key, { plan, reference }] of markets) {
    const result = first[plan]
    if (result?.status !== 'ok' || reference.irm === zeroAddress) continue
    const accrued = accrue && result.results[0]?.status === 'success'
    const state = result.results[marketAt]
    if (accrued || state?.status !== 'success') continue
    const [totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee] =
      state.result as MarketState
    if (totalBorrowAssets === 0n) continue // no borrow, no interest whatever the rate
    blockNumbers.set(reference.chainId, result.blockNumber)
    rated.push({
      key,
      chainId: reference.chainId,
      call: {
        address: reference.irm,
        abi: morphoIrmAbi,
        functionName: 'borrowRateView',
        args: [
          marketParamsOf(reference),
          { totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee },
        ],
      },
    })
  }
  const second =
    rated.length === 0
      ? []
      : await multicallByChain({
          config,
          plans: rated.map(({ chainId, call }) => ({ chainId, calls: [call] })),
          fetch: fetchFn,
          blockNumbers,
        })
  const rates = new Map<string, EvmPlanResult>()
  rated.forEach(({ key }, i) => {
    const result = second[i]
    if (result) rates.set(key, result)
  })

  return requests.map(({ reference, account }, i) => {
    try {
      const { plan, assets } = markets.get(marketKey(reference)) as MarketPlan
      const market = first[plan]
      const user = first[positionPlans[i] as number]
      if (!market || !user) throw new Error('No multicall result.')
      if (market.status === 'error') throw market.error
      if (user.status === 'error') throw user.error
      const accrued = accrue && market.results[0]?.status === 'success'
      const state = value(market.results[marketAt], `market(${reference.marketId})`) as MarketState
      const oraclePrice = value(market.results[marketAt + 1], `price() of oracle ${reference.oracle}`) as bigint
      let offset = marketAt + 2
      const feeds: FeedReading[] = []
      let loanPrice: MorphoLoanPrice
      if (reference.loanUsdFeed) {
        const [, answer, , updatedAt] = value(
          market.results[offset++],
          `latestRoundData() of feed ${reference.loanUsdFeed.address}`,
        ) as readonly [bigint, bigint, bigint, bigint, bigint]
        feeds.push({
          asset: reference.loanToken.symbol,
          feed: reference.loanUsdFeed.address,
          answer: answer.toString(),
          updatedAtSec: Number(updatedAt),
        })
        if (answer <= 0n) {
          throw new SolventError(`The USD feed of ${reference.loanToken.symbol} answered ${answer}.`, {
            code: 'UPSTREAM_UNAVAILABLE',
          })
        }
        loanPrice = {
          priceUsd: fromRaw(answer, reference.loanUsdFeed.decimals),
          source: `chainlink ${reference.loanUsdFeed.address}`,
          timestampSec: Number(updatedAt),
        }
      } else if (assets.loan.underlying === 'USD' && assets.loan.rate.kind === 'par') {
        loanPrice = { priceUsd: new D(1), source: 'par', timestampSec: Number(market.blockTimestamp) }
      } else {
        throw new SolventError(
          `No USD price for ${reference.loanToken.symbol}, the loan token of Morpho market ${reference.marketId}: set loanUsdFeed in MORPHO_MARKETS.`,
          { code: 'INTERNAL' },
        )
      }
      const rateOf = (asset: AssetMapping): bigint | undefined => {
        if (asset.rate.kind !== 'onchain') return undefined
        const result = market.results[offset++]
        return result?.status === 'success' ? (result.result as bigint) : undefined
      }
      const loanRate = rateOf(assets.loan)
      const collateralRate = rateOf(assets.collateral)
      // The first known pre-liquidation contract the account authorized on Morpho (modeled: see computePreLiquidation).
      let preLiquidation: MorphoBluePreLiquidation | undefined
      for (const [k, pre] of (reference.preLiquidations ?? []).entries()) {
        const price = value(market.results[offset++], `price() of oracle ${pre.preLiquidationOracle}`) as bigint
        const authorized = value(user.results[1 + k], `isAuthorized(${account}, ${pre.contract})`) as boolean
        if (authorized && !preLiquidation) {
          const { contract, preLltv, preLCF1, preLCF2, preLIF1, preLIF2, preLiquidationOracle } = pre
          const oracle = preLiquidationOracle
          preLiquidation = {
            contract,
            preLltv,
            preLCF1,
            preLCF2,
            preLIF1,
            preLIF2,
            preLiquidationOracle: oracle,
            oraclePrice: price.toString(),
          }
        }
      }
      // Accrued by the contract to the block's time: no interest is left to accrue, whatever the rate.
      let borrowRate = 0n
      const rate = rates.get(marketKey(reference))
      if (rate) {
        if (rate.status === 'error') throw rate.error
        borrowRate = value(rate.results[0], `borrowRateView of IRM ${reference.irm}`) as bigint
      } else if (!accrued && reference.irm !== zeroAddress && state[2] !== 0n) {
        throw new Error('No IRM rate read.')
      }
      const snapshot = decodeMorphoPosition({
        reference,
        account,
        blockNumber: market.blockNumber,
        blockTimestamp: market.blockTimestamp,
        market: state,
        position: value(user.results[0], `position(${reference.marketId}, ${account})`) as readonly [
          bigint,
          bigint,
          bigint,
        ],
        oraclePrice,
        borrowRate,
        loanPrice,
        assets: { ...assets, loanRate, collateralRate },
      })
      return {
        status: 'ok',
        snapshot: snapshot && preLiquidation ? { ...snapshot, preLiquidation } : snapshot,
        blockNumber: market.blockNumber,
        blockTimestamp: market.blockTimestamp,
        inputs: feeds.length > 0 ? { feeds } : {},
      }
    } catch (error) {
      return { status: 'error', error }
    }
  })
}
