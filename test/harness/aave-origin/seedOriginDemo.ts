/**
 * Node-only: demo positions on an `ORIGIN_MARKET` deployment that exercise the rules v3.3–v3.6 added:
 *
 * - `eModeLtvzero`: WETH + wstETH collateral in the ETH e-mode, WETH debt, then wstETH flagged LTV zero
 *   in the category (v3.6): its LTV counts 0 (available borrows shrink) while its e-mode liquidation
 *   threshold still counts, and it must be withdrawn before any other collateral;
 * - `small`: collateral and debt each worth under USD 2,000 (`MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD`, v3.3,
 *   compared per reserve of the liquidated pair): once below HF 1 it is liquidated in full, whatever its
 *   health factor;
 * - `nearLiquidation`: WBTC collateral against USDC debt with the WBTC price set so that HF is just
 *   above 0.95 (`CLOSE_FACTOR_HF_THRESHOLD`): liquidatable at the 50% close factor, a small move from 100%.
 *
 * The sandbox seeds them in its `Origin` market on chain A (test/harness/chains/chainsState.ts) for the demo
 * accounts `v36-emode-ltvzero`, `v36-small` and `v36-near-095`. The WBTC price move touches every WBTC holder of
 * the market.
 */
import type { Address } from 'viem'
import type { AnvilClient } from '../aave/createAnvilClient'
import { borrow, setAssetLtvzeroInEMode, setPrice, setUserEMode, supply } from './actions'
import type { AaveOriginMarket } from './deployAaveOriginMarket'
import { ORIGIN_ETH_EMODE, provideOriginLiquidity } from './originMarket'

export type SeedOriginDemoParameters = {
  /** Supplies the market's liquidity (`ORIGIN_LIQUIDITY`); skip with `undefined` when already done. */
  provider?: Address | undefined
  eModeLtvzero: Address
  small: Address
  nearLiquidation: Address
  /** HF the near-liquidation account is set to, wad; default 0.955e18. */
  nearHealthFactor?: bigint | undefined
}

export type SeedOriginDemoReturnType = Record<
  'eModeLtvzero' | 'small' | 'nearLiquidation',
  { address: Address; healthFactor: bigint; totalCollateralBase: bigint; totalDebtBase: bigint }
>

const WAD = 10n ** 18n

async function accountData(client: AnvilClient, market: AaveOriginMarket, user: Address) {
  const [totalCollateralBase, totalDebtBase, , , , healthFactor] = (await client.readContract({
    address: market.pool,
    abi: market.artifacts.contracts.PoolInstance.abi,
    functionName: 'getUserAccountData',
    args: [user],
  })) as readonly bigint[]
  return {
    totalCollateralBase: totalCollateralBase ?? 0n,
    totalDebtBase: totalDebtBase ?? 0n,
    healthFactor: healthFactor ?? 0n,
  }
}

/**
 * Opens the three demo positions and returns their account data as the Pool reports it.
 * @example
 * const demo = await seedOriginDemo(client, market, { provider, eModeLtvzero: a, small: b, nearLiquidation: c })
 */
export async function seedOriginDemo(
  client: AnvilClient,
  market: AaveOriginMarket,
  { provider, eModeLtvzero, small, nearLiquidation, nearHealthFactor = 955n * 10n ** 15n }: SeedOriginDemoParameters,
): Promise<SeedOriginDemoReturnType> {
  for (const symbol of ['WETH', 'WSTETH', 'USDC', 'DAI', 'WBTC'])
    if (!market.reserves[symbol]) throw new Error(`seedOriginDemo needs an ORIGIN_MARKET deployment (no ${symbol})`)
  const units = (symbol: string, amount: bigint, scale = 1n) =>
    (amount * 10n ** BigInt(market.reserves[symbol]?.decimals ?? 18)) / scale
  if (provider) await provideOriginLiquidity(client, market, provider)

  // E-mode entry is refused while a collateral has LTV zero in the category, so the flag comes last.
  await supply(client, market, { user: eModeLtvzero, symbol: 'WETH', amount: units('WETH', 10n) })
  await supply(client, market, { user: eModeLtvzero, symbol: 'WSTETH', amount: units('WSTETH', 10n) })
  await setUserEMode(client, market, { user: eModeLtvzero, categoryId: ORIGIN_ETH_EMODE })
  await borrow(client, market, { user: eModeLtvzero, symbol: 'WETH', amount: units('WETH', 15n) })
  await setAssetLtvzeroInEMode(client, market, { symbol: 'WSTETH', categoryId: ORIGIN_ETH_EMODE, ltvzero: true })

  // About USD 1,500 of DAI (LTV 63%) against USD 900 of USDC: HF ≈ 1.28.
  await supply(client, market, { user: small, symbol: 'DAI', amount: units('DAI', 1_500n) })
  await borrow(client, market, { user: small, symbol: 'USDC', amount: units('USDC', 900n) })

  // 0.1 WBTC (USD 6,000) against USD 4,000 of USDC, then the WBTC price that makes HF = target:
  // HF = value × LT / debt, so price = target × debt / (amount × LT).
  const wbtcAmount = units('WBTC', 1n, 10n)
  await supply(client, market, { user: nearLiquidation, symbol: 'WBTC', amount: wbtcAmount })
  await borrow(client, market, { user: nearLiquidation, symbol: 'USDC', amount: units('USDC', 4_000n) })
  const { totalDebtBase } = await accountData(client, market, nearLiquidation)
  const { data: wbtcConfiguration } = (await client.readContract({
    address: market.pool,
    abi: market.artifacts.contracts.PoolInstance.abi,
    functionName: 'getConfiguration',
    args: [market.reserves.WBTC?.underlying],
  })) as { data: bigint }
  const threshold = (wbtcConfiguration >> 16n) & 0xffffn // liquidation threshold, bps (ReserveConfiguration bits 16-31)
  const wbtcUnit = 10n ** BigInt(market.reserves.WBTC?.decimals ?? 8)
  const denominator = wbtcAmount * threshold * WAD
  let priceRaw = (nearHealthFactor * totalDebtBase * wbtcUnit * 10_000n + denominator - 1n) / denominator
  // The collateral's value is floored and the debt keeps accruing, so nudge the price up until HF ≥ target.
  for (let attempt = 0; ; attempt++) {
    await setPrice(client, market, { symbol: 'WBTC', priceRaw })
    await client.mine({ blocks: 1 })
    const { healthFactor } = await accountData(client, market, nearLiquidation)
    if (healthFactor >= nearHealthFactor) break
    if (attempt === 5) throw new Error(`HF ${healthFactor} stays below ${nearHealthFactor}`)
    priceRaw += (priceRaw * (nearHealthFactor - healthFactor)) / healthFactor + 1n
  }

  return {
    eModeLtvzero: { address: eModeLtvzero, ...(await accountData(client, market, eModeLtvzero)) },
    small: { address: small, ...(await accountData(client, market, small)) },
    nearLiquidation: { address: nearLiquidation, ...(await accountData(client, market, nearLiquidation)) },
  }
}
