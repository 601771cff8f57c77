import { type Address, erc20Abi, formatUnits, maxUint256 } from 'viem'
import { computeHealth } from '../../../src/engine/morpho-blue'
import { poolAbi } from '../../../src/protocols/aave-v3/abi'
import { createAnvilClient } from '../aave/createAnvilClient'
import { morphoAbi, oracleMockAbi } from '../morpho/abis'
import type { SandboxMorphoMarket } from '../morpho/seedSandboxMorpho'
import type { SandboxAaveMarket, SandboxFile } from '../sandbox'
import { sandboxAaveMarkets } from './sandboxAaveMarkets'

/** What one demo account holds on one venue (and chain), read from the running sandbox. */
export type AccountHolding = { venue: string; where: string; holds: string }

export type DescribedAccount = SandboxFile['demoAccounts'][number] & { holdings: AccountHolding[] }

/** Four decimals at most, trailing zeros trimmed: enough to recognize a position. */
const short = (text: string) => {
  const [whole, fraction = ''] = text.split('.')
  const trimmed = fraction.slice(0, 4).replace(/0+$/, '')
  return trimmed ? `${whole}.${trimmed}` : (whole ?? text)
}

/**
 * The demo accounts with what each holds right now, read from the sandbox itself (not through the
 * Worker): Aave supplies and debts per market and chain (aToken and debt-token balances, interest included)
 * with the health factor the Pool reports (`getUserAccountData`), Morpho Blue positions per market (`position`,
 * `market`, the oracle's `price()`), Hyperliquid positions (`clearinghouseState`) and dYdX subaccounts
 * (`/v4/addresses/…`).
 */
export async function describeAccounts(file: SandboxFile): Promise<DescribedAccount[]> {
  return await Promise.all(
    file.demoAccounts.map(async (account) => {
      const aave = await Promise.all(
        file.chains.flatMap((chain) =>
          sandboxAaveMarkets(chain).map((market) => aaveHolding(chain, market, account.address as Address)),
        ),
      )
      const morpho = await Promise.all(
        file.chains.flatMap((chain) =>
          (chain.morpho?.markets ?? []).map((market) =>
            morphoHolding(chain, chain.morpho?.morpho as Address, market, account.address as Address),
          ),
        ),
      )
      const [hyperliquid, dydx] = await Promise.all([
        hyperliquidHolding(file.simulators.hyperliquidUrl, account.address),
        account.dydxAddress ? dydxHolding(file.simulators.dydxIndexerUrl, account.dydxAddress) : [],
      ])
      return { ...account, holdings: [...aave.flat(), ...morpho.flat(), ...hyperliquid, ...dydx] }
    }),
  )
}

async function aaveHolding(
  chain: SandboxFile['chains'][number],
  market: SandboxAaveMarket,
  user: Address,
): Promise<AccountHolding[]> {
  const client = createAnvilClient(chain)
  const reserves = Object.values(market.reserves)
  const balance = (token: unknown) =>
    client.readContract({ address: token as Address, abi: erc20Abi, functionName: 'balanceOf', args: [user] })
  const lines = await Promise.all(
    reserves.map(async (reserve) => {
      // v3.2+ markets have no stable debt token.
      const [supplied, variable, stable] = await Promise.all([
        balance(reserve.aToken),
        balance(reserve.variableDebtToken),
        reserve.stableDebtToken ? balance(reserve.stableDebtToken) : 0n,
      ])
      const amount = (raw: bigint) => `${short(formatUnits(raw, reserve.decimals))} ${reserve.symbol}`
      return {
        supplies: supplied > 0n ? [amount(supplied)] : [],
        borrows: [
          ...(variable > 0n ? [`${amount(variable)} (variable)`] : []),
          ...(stable > 0n ? [`${amount(stable)} (stable)`] : []),
        ],
      }
    }),
  )
  const supplies = lines.flatMap((line) => line.supplies)
  const borrows = lines.flatMap((line) => line.borrows)
  if (supplies.length + borrows.length === 0) return []
  const [, , , , , healthFactor] = await client.readContract({
    address: market.pool as Address,
    abi: poolAbi,
    functionName: 'getUserAccountData',
    args: [user],
  })
  const holds = [
    supplies.length ? `supplies ${supplies.join(', ')}` : '',
    borrows.length ? `borrows ${borrows.join(', ')}` : '',
    // The Pool's own figure (no debt: max uint256).
    `health factor ${healthFactor === maxUint256 ? '∞' : short(formatUnits(healthFactor, 18))}`,
  ]
  return [
    {
      venue: `aave-v3 ${market.rules}`,
      where: `chain ${chain.chainId} ${market.market}`,
      holds: holds.filter(Boolean).join('; '),
    },
  ]
}

/**
 * One Morpho Blue market's position: collateral, debt (`toAssetsUp` of the borrow shares on the market's totals
 * as stored, that is with interest to the market's last update) and the health `_isHealthy` judges, from the
 * engine's own `computeHealth` on the contract's integers.
 */
async function morphoHolding(
  chain: SandboxFile['chains'][number],
  morpho: Address,
  market: SandboxMorphoMarket,
  user: Address,
): Promise<AccountHolding[]> {
  const client = createAnvilClient(chain)
  const [[supplyShares, borrowShares, collateral], totals, oraclePrice] = await Promise.all([
    client.readContract({ address: morpho, abi: morphoAbi, functionName: 'position', args: [market.id, user] }),
    client.readContract({ address: morpho, abi: morphoAbi, functionName: 'market', args: [market.id] }),
    client.readContract({ address: market.oracle, abi: oracleMockAbi, functionName: 'price' }),
  ])
  if (collateral === 0n && borrowShares === 0n && supplyShares === 0n) return []
  const [totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee] = totals
  const { borrowAssets, healthFactor } = computeHealth({
    market: { totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee },
    position: { supplyShares, borrowShares, collateral },
    collateralPrice: oraclePrice,
    lltv: BigInt(market.lltv),
  })
  const holds = [
    `collateral ${short(formatUnits(collateral, market.collateral.decimals))} ${market.collateral.symbol}`,
    borrowAssets > 0n ? `borrows ${short(formatUnits(borrowAssets, market.loan.decimals))} ${market.loan.symbol}` : '',
    `health ${healthFactor === null ? '∞' : short(formatUnits(healthFactor, 18))}`,
  ]
  return [
    {
      venue: 'morpho-blue',
      where: `chain ${chain.chainId} ${market.name} (LLTV ${Number(formatUnits(BigInt(market.lltv), 16))}%)`,
      holds: holds.filter(Boolean).join('; '),
    },
  ]
}

type ClearinghouseState = {
  marginSummary: { accountValue: string }
  assetPositions: { position: { coin: string; szi: string; leverage: { type: string; value: number } } }[]
}

async function hyperliquidHolding(url: string, user: string): Promise<AccountHolding[]> {
  const response = await fetch(`${url}/info`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'clearinghouseState', user }),
  })
  if (!response.ok) throw new Error(`Hyperliquid simulator: HTTP ${response.status}`)
  const state = (await response.json()) as ClearinghouseState
  if (state.assetPositions.length === 0) return []
  const positions = state.assetPositions.map(
    ({ position: p }) => `${p.coin} ${p.szi} (${p.leverage.type} ${p.leverage.value}x)`,
  )
  return [
    {
      venue: 'hyperliquid',
      where: 'perps',
      holds: `${positions.join(', ')}; account value ${short(state.marginSummary.accountValue)} USD`,
    },
  ]
}

type DydxAddress = {
  subaccounts: { subaccountNumber: number; equity: string; openPerpetualPositions: Record<string, { size: string }> }[]
}

async function dydxHolding(url: string, address: string): Promise<AccountHolding[]> {
  const response = await fetch(`${url}/v4/addresses/${address}`)
  if (response.status === 404) {
    await response.body?.cancel()
    return []
  }
  if (!response.ok) throw new Error(`dYdX simulator: HTTP ${response.status}`)
  const { subaccounts } = (await response.json()) as DydxAddress
  return subaccounts.map((sub) => ({
    venue: 'dydx-v4',
    where: `subaccount ${sub.subaccountNumber}`,
    holds: `${Object.entries(sub.openPerpetualPositions)
      .map(([market, p]) => `${market} ${p.size}`)
      .join(', ')}; equity ${short(sub.equity)} USD`,
  }))
}
