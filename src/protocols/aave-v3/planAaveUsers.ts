import { type Address, zeroAddress } from 'viem'
import type { EvmCall } from '../../chains/multicall'
import { aaveV3Features } from '../../engine'
import type { AssetMapping } from '../assets/identifyAsset'
import { aggregatorV3Abi, oracleAbi, poolAbi, scaledTokenAbi, stableDebtTokenAbi } from './abi'
import { planAaveRates, resolveAaveAssets } from './resolveAaveAssets'
import type { AaveReference } from './types'

/**
 * Pure: the market-wide calls of the user round, in the order `decodeAaveUser` reads them:
 * per reserve `getReserveData` (configuration, indexes, rates), per reserve `getAssetPrice` (one
 * call each rather than `getAssetsPrices`, so that a reserve whose feed answers <= 0, which makes
 * the oracle revert without a fallback oracle, fails alone), per e-mode category
 * `getEModeCategoryData`, then (v3.3+) its collateral bitmap, then (v3.6+) its LTV-zero bitmap,
 * then the oracle price of each category price source, then the exchange rate of each reserve the
 * asset registry reads one for (liquid staking tokens: `resolveAaveAssets`), in the same block.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/GenericLogic.sol
 * @example
 * const calls = planAaveMarket(reference)
 */
export function planAaveMarket(
  reference: AaveReference,
  assets: readonly AssetMapping[] = resolveAaveAssets(reference),
): EvmCall[] {
  const { pool, oracle } = reference
  return [
    ...reference.reserves.map(
      (r) => ({ address: pool, abi: poolAbi, functionName: 'getReserveData', args: [r.underlying] }) as const,
    ),
    ...reference.reserves.map(
      (r) => ({ address: oracle, abi: oracleAbi, functionName: 'getAssetPrice', args: [r.underlying] }) as const,
    ),
    ...reference.eModeCategories.map(
      (c) => ({ address: pool, abi: poolAbi, functionName: 'getEModeCategoryData', args: [c.id] }) as const,
    ),
    ...(readsCollateralBitmaps(reference)
      ? reference.eModeCategories.map(
          (c) =>
            ({ address: pool, abi: poolAbi, functionName: 'getEModeCategoryCollateralBitmap', args: [c.id] }) as const,
        )
      : []),
    ...(aaveV3Features(reference.rules).eModeDecoupled
      ? reference.eModeCategories.map(
          (c) =>
            ({ address: pool, abi: poolAbi, functionName: 'getEModeCategoryLtvzeroBitmap', args: [c.id] }) as const,
        )
      : []),
    ...priceSources(reference).map(
      (source) => ({ address: oracle, abi: oracleAbi, functionName: 'getAssetPrice', args: [source] }) as const,
    ),
    ...planAaveRates(assets),
  ]
}

/**
 * E-mode membership is a per-category collateral bitmap from v3.2 on; the engine's `v3.0-3.2`
 * rules keep the v3.0–3.1 per-reserve category (the Pools Solvent proves them on), so the bitmaps
 * are read from v3.3.
 */
export function readsCollateralBitmaps(reference: Pick<AaveReference, 'rules'>): boolean {
  return reference.rules !== 'v3.0-3.2'
}

/** Category price sources to price (v3.0–3.1), in category order, each once. */
export function priceSources(reference: AaveReference): Address[] {
  return [...new Set(reference.eModeCategories.map((c) => c.priceSource).filter((s) => s !== zeroAddress))]
}

/** The sequencer uptime feed a market's figures are judged against, and how long it waits after the sequencer comes back. */
export type AaveSequencerFeed = { feed: Address; gracePeriodSec: number; sentinel: Address | null }

/**
 * Pure: the market's sequencer feed: its PriceOracleSentinel's oracle when it has one, else the
 * chain's entry in `sequencerFeeds` (`getSequencerFeeds`) with the default grace period; none on
 * chains without one (L1).
 */
export function aaveSequencerFeed(
  reference: AaveReference,
  sequencerFeeds: ReadonlyMap<number, Address>,
  defaultGracePeriodSec: number,
): AaveSequencerFeed | undefined {
  if (reference.sentinel)
    return {
      feed: reference.sentinel.sequencerOracle,
      gracePeriodSec: reference.sentinel.gracePeriodSec,
      sentinel: reference.sentinel.address,
    }
  const feed = sequencerFeeds.get(reference.chainId)
  return feed ? { feed, gracePeriodSec: defaultGracePeriodSec, sentinel: null } : undefined
}

/** Every price feed of the market (reserves', then e-mode price sources'), each once, zero addresses left out. */
export function marketPriceFeeds(reference: AaveReference): Address[] {
  return [
    ...new Set(
      [...reference.reserves.map((r) => r.priceFeed), ...reference.eModeCategories.map((c) => c.priceFeed)].filter(
        (feed) => feed !== zeroAddress,
      ),
    ),
  ]
}

/**
 * Pure: the feed calls of the user round, planned beside `planAaveMarket` so they land in the same
 * multicall and block: `latestRoundData()` of each of `marketPriceFeeds`, then of the sequencer feed.
 *
 * @see https://docs.chain.link/data-feeds/api-reference#latestrounddata
 * @example
 * const calls = planAaveFeeds(reference, aaveSequencerFeed(reference, getSequencerFeeds(env), 3600))
 */
export function planAaveFeeds(reference: AaveReference, sequencer: AaveSequencerFeed | undefined): EvmCall[] {
  return [...marketPriceFeeds(reference), ...(sequencer ? [sequencer.feed] : [])].map(
    (feed) => ({ address: feed, abi: aggregatorV3Abi, functionName: 'latestRoundData' }) as const,
  )
}

/**
 * Pure: one account's calls of the user round: `getUserConfiguration`, `getUserEMode`, then per
 * reserve the scaled aToken and variable debt balances and, where the reserve has a stable debt
 * token, its principal, rate and last update.
 *
 * @example
 * const calls = planAaveAccount(reference, '0x70997970C51812dc3A010C7d01b50e0d17dc79C8')
 */
export function planAaveAccount(reference: AaveReference, account: Address): EvmCall[] {
  const { pool } = reference
  return [
    { address: pool, abi: poolAbi, functionName: 'getUserConfiguration', args: [account] } as const,
    { address: pool, abi: poolAbi, functionName: 'getUserEMode', args: [account] } as const,
    ...reference.reserves.flatMap((r) => [
      { address: r.aToken, abi: scaledTokenAbi, functionName: 'scaledBalanceOf', args: [account] } as const,
      { address: r.variableDebtToken, abi: scaledTokenAbi, functionName: 'scaledBalanceOf', args: [account] } as const,
      ...(r.stableDebtToken === zeroAddress
        ? []
        : ([
            {
              address: r.stableDebtToken,
              abi: stableDebtTokenAbi,
              functionName: 'principalBalanceOf',
              args: [account],
            },
            { address: r.stableDebtToken, abi: stableDebtTokenAbi, functionName: 'getUserStableRate', args: [account] },
            {
              address: r.stableDebtToken,
              abi: stableDebtTokenAbi,
              functionName: 'getUserLastUpdated',
              args: [account],
            },
          ] as const)),
    ]),
  ]
}
