/**
 * Node-only: Morpho Blue in the sandbox (chain A): the real Morpho contract compiled from
 * @morpho-org/morpho-blue@1.0.0, the two markets of issue 12 (WETH/USDC at 86 % LLTV, WBTC/USDC at 77 %)
 * over the SAME WETH, WBTC and USDC tokens as the chain's Aave `Sandbox` market (so one account holds one
 * WETH in both protocols), each market with its own OracleMock set to the Aave oracle's price of its
 * collateral (3,000 and 60,000 USDC), the IrmMock, liquidity from the Aave liquidity provider, and the
 * Morpho demo account's two positions.
 *
 * Part of the cached chain build (test/harness/chains/chainsState.ts), so it costs nothing after the first
 * start of the day; the compile itself is cached in .cache/solc.
 */
import type { Address, Hex } from 'viem'
import { type AaveMarket, ANVIL_DEPLOYER, type AnvilClient, expectSuccess } from '../aave'
import { morphoAbi } from './abis'
import { borrow, supplyCollateral, supplyLoan } from './actions'
import { compilePreLiquidationStub } from './compilePreLiquidationStub'
import { deployMorphoBlue, type MorphoDeployment, SANDBOX_MORPHO } from './deployMorphoBlue'

/** One sandbox Morpho market as `.sandbox/sandbox.json` and the chain state name it (JSON-safe: `lltv` is a string). */
export type SandboxMorphoMarket = {
  /** `WETH/USDC`, `WBTC/USDC`. */
  name: string
  /** `MarketParamsLib.id(params)`. */
  id: Hex
  loanToken: Address
  collateralToken: Address
  /** The market's OracleMock: `price()` is storage slot 0 (1e36-scaled loan wei per collateral wei). */
  oracle: Address
  irm: Address
  /** WAD integer string (`"860000000000000000"`). */
  lltv: string
  loan: { symbol: string; decimals: number }
  collateral: { symbol: string; decimals: number }
  /** PreLiquidationStub contracts of the market (the documented `preLiquidationParams()` only: the real ones are not on npm). */
  preLiquidations: { contract: Address; params: Record<keyof typeof SANDBOX_PRE_LIQUIDATION, string> }[]
}

/** The sandbox's Morpho Blue deployment, as the chain state keeps it. */
export type SandboxMorpho = {
  morpho: Address
  irm: Address
  owner: Address
  markets: SandboxMorphoMarket[]
}

/**
 * The Morpho demo account's positions (token wei), at the sandbox prices WETH 3,000 and WBTC 60,000 USDC.
 * Health is LLTV-weighted collateral over debt (`Morpho._isHealthy`).
 */
export const SANDBOX_MORPHO_POSITIONS: Record<string, { collateral: bigint; borrowed: bigint }> = {
  /** 10 WETH, 21,000 USDC borrowed: health 30,000 × 0.86 / 21,000 ≈ 1.229. */
  'WETH/USDC': { collateral: 10n * 10n ** 18n, borrowed: 21_000n * 10n ** 6n },
  /** 0.5 WBTC, 20,000 USDC borrowed: health 30,000 × 0.77 / 20,000 = 1.155. */
  'WBTC/USDC': { collateral: 50_000_000n, borrowed: 20_000n * 10n ** 6n },
}

/**
 * The WETH/USDC market's pre-liquidation parameters (WAD; oracle: the market's own), which the Morpho demo
 * account authorizes: above 80 % LTV (LLTV 86 %) a pre-liquidator may close 10 % to 50 % of the debt with a
 * 1 % to 4 % incentive. The health at preLLTV is 30,000 × 0.80 / 21,000 ≈ 1.143 as seeded.
 */
export const SANDBOX_PRE_LIQUIDATION = {
  preLltv: 800n * 10n ** 15n,
  preLCF1: 100n * 10n ** 15n,
  preLCF2: 500n * 10n ** 15n,
  preLIF1: 1010n * 10n ** 15n,
  preLIF2: 1040n * 10n ** 15n,
} as const

/** USDC each market's lender supplies: utilization, hence the IrmMock's rate, stays near 2 % a year. */
const SANDBOX_MORPHO_LIQUIDITY_USDC = 1_000_000n

export type SeedSandboxMorphoParameters = {
  /** The chain's Aave `Sandbox` market, whose WETH, WBTC and USDC Morpho lends and takes as collateral. */
  aave: AaveMarket
  /** Supplies each market's loan liquidity. */
  provider: Address
  /** The Morpho demo account (test/harness/demoAccounts.ts). */
  borrower: Address
}

/**
 * Deploys Morpho Blue over the Aave market's tokens, supplies liquidity and seeds the demo account.
 * @example
 * const morpho = await seedSandboxMorpho(client, { aave: market, provider, borrower: demoAccount('morpho').address })
 */
export async function seedSandboxMorpho(
  client: AnvilClient,
  { aave, provider, borrower }: SeedSandboxMorphoParameters,
): Promise<SandboxMorpho> {
  const existingTokens = Object.fromEntries(
    SANDBOX_MORPHO.tokens.map((token) => {
      const reserve = aave.reserves[token.symbol]
      if (!reserve || reserve.decimals !== token.decimals)
        throw new Error(`The Aave market has no ${token.symbol} with ${token.decimals} decimals.`)
      return [token.symbol, reserve.underlying]
    }),
  )
  const deployment = await deployMorphoBlue(client, { ...SANDBOX_MORPHO, existingTokens })
  for (const [name, position] of Object.entries(SANDBOX_MORPHO_POSITIONS)) {
    const market = deployment.markets[name]
    if (!market) throw new Error(`No sandbox Morpho market ${name}.`)
    const liquidity = SANDBOX_MORPHO_LIQUIDITY_USDC * 10n ** BigInt(market.loan.decimals)
    await supplyLoan(client, deployment, { market, user: provider, amount: liquidity })
    await supplyCollateral(client, deployment, { market, user: borrower, amount: position.collateral })
    await borrow(client, deployment, { market, user: borrower, amount: position.borrowed })
  }
  const weth = deployment.markets['WETH/USDC']
  if (!weth) throw new Error('No sandbox Morpho market WETH/USDC.')
  const stub = compilePreLiquidationStub()
  const deployed = await expectSuccess(
    client,
    await client.deployContract({
      abi: stub.abi,
      bytecode: stub.bytecode,
      args: [weth.id, { ...SANDBOX_PRE_LIQUIDATION, preLiquidationOracle: weth.params.oracle }],
      account: ANVIL_DEPLOYER,
    }),
  )
  const contract = deployed.contractAddress
  if (!contract) throw new Error('PreLiquidationStub deployment without a contract address')
  // `Morpho.setAuthorization`: the borrower opts into pre-liquidation by this contract.
  await expectSuccess(
    client,
    await client.writeContract({
      address: deployment.morpho,
      abi: morphoAbi,
      functionName: 'setAuthorization',
      args: [contract, true],
      account: borrower,
      chain: client.chain,
      gas: 3_000_000n,
    }),
  )
  const params = Object.fromEntries(
    Object.entries(SANDBOX_PRE_LIQUIDATION).map(([key, value]) => [key, value.toString()]),
  ) as Record<keyof typeof SANDBOX_PRE_LIQUIDATION, string>
  return toSandboxMorpho(deployment, { [weth.name]: [{ contract, params }] })
}

/** The deployment in JSON-safe form. */
export function toSandboxMorpho(
  deployment: MorphoDeployment,
  preLiquidations: Record<string, SandboxMorphoMarket['preLiquidations']> = {},
): SandboxMorpho {
  return {
    morpho: deployment.morpho,
    irm: deployment.irm,
    owner: deployment.owner,
    markets: Object.values(deployment.markets).map((market) => ({
      name: market.name,
      id: market.id,
      loanToken: market.params.loanToken,
      collateralToken: market.params.collateralToken,
      oracle: market.params.oracle,
      irm: market.params.irm,
      lltv: market.params.lltv.toString(),
      loan: { symbol: market.loan.symbol, decimals: market.loan.decimals },
      collateral: { symbol: market.collateral.symbol, decimals: market.collateral.decimals },
      preLiquidations: preLiquidations[market.name] ?? [],
    })),
  }
}

/** The `MORPHO_MARKETS` entries for the sandbox markets on `chainId`. */
export function sandboxMorphoMarketsVar(
  morpho: SandboxMorpho,
  chainId: number,
): { chainId: number; morpho: Address; marketId: Hex; preLiquidations?: Address[] }[] {
  return morpho.markets.map((market) => ({
    chainId,
    morpho: morpho.morpho,
    marketId: market.id,
    ...(market.preLiquidations.length > 0 ? { preLiquidations: market.preLiquidations.map((p) => p.contract) } : {}),
  }))
}
