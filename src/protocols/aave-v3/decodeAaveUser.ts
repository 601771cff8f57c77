import { type Address, getAddress, zeroAddress } from 'viem'
import type { EvmCallResult } from '../../chains/multicall'
import {
  type AaveV3EModeCategory,
  type AaveV3Reserve,
  type AaveV3Snapshot,
  aaveV3Features,
  fromRaw,
  type PriceClass,
  type PriceQuote,
  toDecimalString,
} from '../../engine'
import { type AssetMapping, identifyAsset, toAssetIdentity } from '../assets/identifyAsset'
import { required } from './decodeAaveReference'
import { decodeReserveConfiguration } from './decodeReserveConfiguration'
import { AaveReadError } from './errors'
import { priceSources, readsCollateralBitmaps } from './planAaveUsers'
import { resolveAaveAssets } from './resolveAaveAssets'
import type { AaveReference } from './types'

/** Raw answers of the user round for one account in one market (see planAaveMarket / planAaveAccount). */
export type AaveUserRaw = {
  reference: AaveReference
  account: Address
  /** The registry's mapping of the reserves the market round was planned with; default: no overrides. */
  assets?: readonly AssetMapping[] | undefined
  blockNumber: bigint
  /** Unix seconds of the block: the snapshot's `asOfSec`. */
  blockTimestamp: bigint
  /** `planAaveMarket(reference)` answers. */
  market: readonly EvmCallResult[]
  /** `planAaveAccount(reference, account)` answers. */
  user: readonly EvmCallResult[]
  /** Feed answers read in the same block (`decodeAaveFeeds`), by feed: they explain a failed price. */
  feeds?: ReadonlyMap<Address, { answer: bigint | null }> | undefined
}

type ReserveDataRaw = {
  configuration: { data: bigint }
  liquidityIndex: bigint
  currentLiquidityRate: bigint
  variableBorrowIndex: bigint
  currentVariableBorrowRate: bigint
  lastUpdateTimestamp: number
  id: number
}

type EModeCategoryRaw = {
  ltv: number
  liquidationThreshold: number
  liquidationBonus: number
  priceSource: Address
  label: string
}

export type AaveHolding = {
  scaledATokenBalance: bigint
  scaledVariableDebt: bigint
  principalStableDebt: bigint
  stableBorrowRate: bigint
  stableBorrowLastUpdateTimestamp: number
}

/** Whether the account has a balance in the reserve (supplied, or borrowed at either rate). */
export const holds = (h: AaveHolding): boolean =>
  h.scaledATokenBalance !== 0n || h.scaledVariableDebt !== 0n || h.principalStableDebt !== 0n

/**
 * Pure: the account's side of the user round (`planAaveAccount` answers): its configuration bitmap,
 * its e-mode category and, per reserve in reference order, its balances.
 *
 * @throws {AaveReadError} when one of those calls failed.
 */
export function decodeAaveHoldings(raw: Pick<AaveUserRaw, 'reference' | 'account' | 'user'>): {
  userConfig: bigint
  userEMode: number
  held: AaveHolding[]
} {
  const userConfig = required<{ data: bigint }>(raw.user[0], 'Pool.getUserConfiguration').data
  const userEMode = Number(required<bigint>(raw.user[1], 'Pool.getUserEMode'))
  let cursor = 2
  const held = raw.reference.reserves.map((r) => {
    const what = (call: string) => `${call}(${raw.account}) of ${r.symbol}`
    const scaledATokenBalance = required<bigint>(raw.user[cursor++], what('AToken.scaledBalanceOf'))
    const scaledVariableDebt = required<bigint>(raw.user[cursor++], what('VariableDebtToken.scaledBalanceOf'))
    let principalStableDebt = 0n
    let stableBorrowRate = 0n
    let stableBorrowLastUpdateTimestamp = 0
    if (r.stableDebtToken !== zeroAddress) {
      principalStableDebt = required<bigint>(raw.user[cursor++], what('StableDebtToken.principalBalanceOf'))
      stableBorrowRate = required<bigint>(raw.user[cursor++], what('StableDebtToken.getUserStableRate'))
      stableBorrowLastUpdateTimestamp = Number(
        required<number>(raw.user[cursor++], what('StableDebtToken.getUserLastUpdated')),
      )
    }
    return {
      scaledATokenBalance,
      scaledVariableDebt,
      principalStableDebt,
      stableBorrowRate,
      stableBorrowLastUpdateTimestamp,
    }
  })
  return { userConfig, userEMode, held }
}

/**
 * Why `AaveOracle.getAssetPrice(asset)` failed, in the words of its feed when the feed was read:
 * a feed answering <= 0 sends the oracle to its fallback oracle, and without one it reverts.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/misc/AaveOracle.sol
 */
function priceFailure(name: string, feed: Address | undefined, feeds: AaveUserRaw['feeds'], cause: unknown) {
  const answer = feed === undefined ? undefined : feeds?.get(feed)?.answer
  if (feed !== undefined && answer !== undefined && answer !== null && answer <= 0n)
    return new AaveReadError(
      `The price feed of ${name} (${feed}) answered ${answer} (<= 0): AaveOracle.getAssetPrice(${name}) reverted, its fallback oracle did not answer.`,
      { cause },
    )
  return new AaveReadError(`AaveOracle.getAssetPrice(${name}) failed.`, { cause })
}

/**
 * Pure: one account's answers -> the engine's `AaveV3Snapshot`, or `undefined` when the account
 * has nothing in the market (no supply, no debt). Price contract: `prices[key].priceUsd =
 * priceRaw / 10^baseCurrencyDecimals` exactly; keys are reserve symbols (the address when a
 * symbol repeats, or for a category price source that is not a reserve). Each price names its asset
 * (`AssetIdentity`: the reserve token, its underlying from the asset registry, and its exchange
 * rate as read in the same round; a failed rate call leaves the asset its own underlying, with
 * the reason, see `toAssetIdentity`).
 *
 * A reserve's price that failed (its feed answered <= 0 and the oracle has no fallback) is fatal
 * only when the account holds the reserve, or the category price source when the account is in
 * that category; otherwise that price is left out of `prices`.
 *
 * @throws {AaveReadError} when a call the snapshot needs failed (never read as zero).
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/configuration/UserConfiguration.sol
 * @example
 * const snapshot = decodeAaveUser(raw) // { model: 'aave-v3', marginAccountId: 'market:Core', … }
 */
export function decodeAaveUser(raw: AaveUserRaw): AaveV3Snapshot | undefined {
  const { reference } = raw
  const n = reference.reserves.length
  const m = reference.eModeCategories.length
  const unitDigits = reference.baseCurrencyUnit
  if (!/^10*$/.test(unitDigits)) throw new AaveReadError(`Base currency unit ${unitDigits} is not a power of 10.`)
  const baseCurrencyDecimals = unitDigits.length - 1
  const asOfSec = Number(raw.blockTimestamp)

  // The account's side first: nothing held means no margin account here.
  const { userConfig, userEMode, held } = decodeAaveHoldings(raw)
  if (!held.some(holds)) return undefined

  const reserveData = reference.reserves.map((r, i) =>
    required<ReserveDataRaw>(raw.market[i], `Pool.getReserveData(${r.underlying})`),
  )
  // A reserve's price may fail alone (its feed answered <= 0): fatal only where the account holds it.
  const assetPrices = reference.reserves.map((r, i) => {
    const answer = raw.market[n + i]
    if (answer?.status === 'success') return answer.result as bigint
    if (holds(held[i] as AaveHolding)) throw priceFailure(r.symbol, r.priceFeed, raw.feeds, answer?.error)
    return undefined
  })
  const categoryData = reference.eModeCategories.map((c, k) =>
    required<EModeCategoryRaw>(raw.market[2 * n + k], `Pool.getEModeCategoryData(${c.id})`),
  )
  let offset = 2 * n + m
  const bitmaps = readsCollateralBitmaps(reference)
    ? reference.eModeCategories.map((c, k) =>
        required<bigint>(raw.market[offset + k], `Pool.getEModeCategoryCollateralBitmap(${c.id})`),
      )
    : undefined
  if (bitmaps) offset += m
  const ltvzeroBitmaps = aaveV3Features(reference.rules).eModeDecoupled
    ? reference.eModeCategories.map((c, k) =>
        required<bigint>(raw.market[offset + k], `Pool.getEModeCategoryLtvzeroBitmap(${c.id})`),
      )
    : undefined
  if (ltvzeroBitmaps) offset += m
  const sources = priceSources(reference)
  const sourcePrice = new Map(sources.map((s, k) => [s, raw.market[offset + k]]))
  offset += sources.length
  const assets = raw.assets ?? resolveAaveAssets(reference)
  const identities = assets.map((asset) => {
    if (asset.rate.kind !== 'onchain') return toAssetIdentity(asset)
    const answer = raw.market[offset++]
    return toAssetIdentity(asset, answer?.status === 'success' ? (answer.result as bigint) : undefined)
  })

  const symbolCount = new Map<string, number>()
  for (const r of reference.reserves) symbolCount.set(r.symbol, (symbolCount.get(r.symbol) ?? 0) + 1)
  const keyOf = new Map(
    reference.reserves.map((r) => [r.underlying, symbolCount.get(r.symbol) === 1 ? r.symbol : r.underlying]),
  )
  const prices: Record<string, PriceQuote> = {}
  const quote = (priceRaw: bigint, priceClass: PriceClass, asset: PriceQuote['asset']): PriceQuote => ({
    priceUsd: toDecimalString(fromRaw(priceRaw, baseCurrencyDecimals)),
    source: 'aave-oracle',
    timestampSec: asOfSec,
    class: priceClass,
    asset,
  })

  const reserves: AaveV3Reserve[] = reference.reserves.map((r, i) => {
    const data = reserveData[i] as ReserveDataRaw
    const h = held[i] as (typeof held)[number]
    const config = decodeReserveConfiguration(data.configuration.data)
    const priceKey = keyOf.get(r.underlying) as string
    const priceRaw = assetPrices[i]
    // A reserve the account does not hold and whose price failed has none: a what-if reaching it says so.
    if (priceRaw !== undefined)
      prices[priceKey] = quote(
        priceRaw,
        reference.stableSymbols.includes(r.symbol) ? 'stable' : 'crypto',
        identities[i],
      )
    return {
      underlying: r.underlying,
      symbol: r.symbol,
      priceKey,
      decimals: config.decimals,
      id: data.id,
      ltv: config.ltv,
      liquidationThreshold: config.liquidationThreshold,
      liquidationBonus: config.liquidationBonus,
      reserveFactor: config.reserveFactor,
      liquidationProtocolFee: config.liquidationProtocolFee,
      eModeCategory: config.eModeCategory,
      active: config.active,
      frozen: config.frozen,
      paused: config.paused,
      borrowingEnabled: config.borrowingEnabled,
      debtCeiling: config.debtCeiling.toString(),
      liquidityIndex: data.liquidityIndex.toString(),
      variableBorrowIndex: data.variableBorrowIndex.toString(),
      currentLiquidityRate: data.currentLiquidityRate.toString(),
      currentVariableBorrowRate: data.currentVariableBorrowRate.toString(),
      lastUpdateTimestamp: Number(data.lastUpdateTimestamp),
      user: {
        scaledATokenBalance: h.scaledATokenBalance.toString(),
        scaledVariableDebt: h.scaledVariableDebt.toString(),
        principalStableDebt: h.principalStableDebt.toString(),
        stableBorrowRate: h.stableBorrowRate.toString(),
        stableBorrowLastUpdateTimestamp: h.stableBorrowLastUpdateTimestamp,
        usageAsCollateralEnabled: ((userConfig >> BigInt(data.id * 2 + 1)) & 1n) === 1n,
      },
    }
  })

  const eModeCategories: AaveV3EModeCategory[] = reference.eModeCategories.map((c, k) => {
    const data = categoryData[k] as EModeCategoryRaw
    const category: AaveV3EModeCategory = {
      id: c.id,
      label: data.label,
      ltv: data.ltv,
      liquidationThreshold: data.liquidationThreshold,
      liquidationBonus: data.liquidationBonus,
    }
    const bitmap = bitmaps?.[k]
    if (bitmap !== undefined) category.collateralBitmap = bitmap.toString()
    const ltvzero = ltvzeroBitmaps?.[k]
    if (ltvzero !== undefined) category.ltvzeroBitmap = ltvzero.toString()
    // The source read with the users is the reference's; a category re-pointed since then needs a fresh reference.
    const source = getAddress(data.priceSource)
    if (source !== zeroAddress && source === c.priceSource) {
      const priceKey = keyOf.get(source) ?? source
      const answer = sourcePrice.get(source)
      if (answer?.status !== 'success') {
        // v3.0–3.1: the Pool prices every reserve of the account's category at the source.
        if (c.id === userEMode) throw priceFailure(priceKey, c.priceFeed, raw.feeds, answer?.error)
      } else if (!prices[priceKey]) {
        const asset = toAssetIdentity(identifyAsset({ symbol: source, chainId: reference.chainId, address: source }))
        prices[priceKey] = quote(answer.result as bigint, 'crypto', asset)
      }
      category.priceSource = source
      category.priceKey = priceKey
    } else if (source !== c.priceSource) {
      throw new AaveReadError(`E-mode category ${c.id} changed its price source: the reference is stale.`)
    }
    return category
  })

  return {
    model: 'aave-v3',
    venue: 'aave-v3',
    chainId: reference.chainId,
    account: getAddress(raw.account),
    marginAccountId: `market:${reference.market}`,
    asOfSec,
    blockNumber: raw.blockNumber.toString(),
    prices,
    rules: reference.rules,
    poolRevision: reference.poolRevision,
    pool: reference.pool,
    oracle: { baseCurrencyUnit: unitDigits, baseCurrencyDecimals },
    userEModeCategory: userEMode,
    eModeCategories,
    reserves,
  }
}
