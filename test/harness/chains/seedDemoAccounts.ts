/**
 * Node-only: the demo accounts' Aave positions (test/harness/demoAccounts.ts), the same on every
 * build. Figures at the sandbox prices (WETH 3,000, WSTETH 3,400, WBTC 60,000, USDC 1 USD):
 *
 * - healthy, chain A: 10 WETH supplied (threshold 82.5%), 9,900 USDC borrowed: HF 2.5.
 * - near-liquidation, chain A: 10 WETH supplied, 23,571 USDC borrowed: HF ≈ 1.05.
 * - everywhere, chain A: 1 WBTC supplied, 5 WETH variable + 1,000 USDC stable debt: HF ≈ 2.81.
 *   chain B: ETH-correlated e-mode (threshold 93%, WETH price source), 10 WSTETH supplied,
 *   8 WETH borrowed: HF ≈ 1.16.
 * - morpho, chain A: 5 WETH supplied, 6,000 USDC borrowed: HF 2.0625 (its Morpho Blue positions are
 *   seedSandboxMorpho's, test/harness/morpho/seedSandboxMorpho.ts).
 */
import type { Address } from 'viem'
import { type AaveMarket, type AnvilClient, borrow, ETH_EMODE, setUserEMode, supply } from '../aave'
import { demoAccount } from '../demoAccounts'

const units = (market: AaveMarket, symbol: string, whole: bigint): bigint =>
  whole * 10n ** BigInt(market.reserves[symbol]?.decimals ?? 18)

/** Seeds chain A: every demo account has a position there. */
export async function seedChainA(client: AnvilClient, market: AaveMarket): Promise<void> {
  // First, so the older accounts' positions are the last ones seeded, as before there was a Morpho account.
  const morpho = demoAccount('morpho').address as Address
  await supply(client, market, { user: morpho, symbol: 'WETH', amount: units(market, 'WETH', 5n) })
  await borrow(client, market, { user: morpho, symbol: 'USDC', amount: units(market, 'USDC', 6_000n) })

  const healthy = demoAccount('healthy').address as Address
  await supply(client, market, { user: healthy, symbol: 'WETH', amount: units(market, 'WETH', 10n) })
  await borrow(client, market, { user: healthy, symbol: 'USDC', amount: units(market, 'USDC', 9_900n) })

  const near = demoAccount('near-liquidation').address as Address
  await supply(client, market, { user: near, symbol: 'WETH', amount: units(market, 'WETH', 10n) })
  await borrow(client, market, { user: near, symbol: 'USDC', amount: units(market, 'USDC', 23_571n) })

  const everywhere = demoAccount('everywhere').address as Address
  await supply(client, market, { user: everywhere, symbol: 'WBTC', amount: units(market, 'WBTC', 1n) })
  await borrow(client, market, { user: everywhere, symbol: 'WETH', amount: units(market, 'WETH', 5n) })
  await borrow(client, market, {
    user: everywhere,
    symbol: 'USDC',
    amount: units(market, 'USDC', 1_000n),
    mode: 'stable',
  })
}

/** Seeds chain B: only "everywhere" has a position there, in the ETH-correlated e-mode category. */
export async function seedChainB(client: AnvilClient, market: AaveMarket): Promise<void> {
  const everywhere = demoAccount('everywhere').address as Address
  await setUserEMode(client, market, { user: everywhere, categoryId: ETH_EMODE })
  await supply(client, market, { user: everywhere, symbol: 'WSTETH', amount: units(market, 'WSTETH', 10n) })
  await borrow(client, market, { user: everywhere, symbol: 'WETH', amount: units(market, 'WETH', 8n) })
}
