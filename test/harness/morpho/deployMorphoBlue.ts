/**
 * Node-only: Morpho Blue on a local anvil, compiled from the npm sources (compileMorphoBlue), with
 * its own OracleMock per market and IrmMock, and markets created as the owner does on mainnet
 * (enableIrm, enableLltv, createMarket).
 *
 * Tokens are Aave's MintableERC20 (symbol, decimals, mint) rather than Morpho's ERC20Mock, which
 * has no `symbol()` or `decimals()`: the adapter reads both, as every production token has them.
 * A deployment may also reuse tokens already on the chain (the sandbox's Aave reserves), so one
 * account can hold the same WETH in both protocols.
 */
import { type Address, encodeAbiParameters, type Hex, keccak256, parseEventLogs } from 'viem'
import { loadArtifact } from '../aave/artifacts'
import { ANVIL_DEPLOYER, type AnvilClient, expectSuccess } from '../aave/createAnvilClient'
import { morphoAbi } from './abis'
import { type CompiledContract, compileMorphoBlue } from './compileMorphoBlue'

/** Fixed gas of the owner's calls, as the actions use (an estimate at the pending block can fall short). */
const TX_GAS = 3_000_000n

export type MorphoTokenConfig = { symbol: string; decimals: number }

export type MorphoMarketConfig = {
  /** Names the market in the deployment, e.g. `WETH/USDC`. */
  name: string
  loan: string
  collateral: string
  /** WAD. */
  lltv: bigint
  /** Initial `OracleMock.price()`: loan token wei per collateral token wei, scaled by 1e36. */
  oraclePrice: bigint
}

export type MorphoDeploymentConfig = {
  tokens: readonly MorphoTokenConfig[]
  markets: readonly MorphoMarketConfig[]
  /** Tokens already deployed (by symbol); the others are deployed as MintableERC20. */
  existingTokens?: Readonly<Record<string, Address>> | undefined
}

export type MorphoMarketParams = {
  loanToken: Address
  collateralToken: Address
  oracle: Address
  irm: Address
  lltv: bigint
}

export type MorphoDeployedMarket = {
  name: string
  /** `MarketParamsLib.id`: keccak256 of the ABI-encoded params. */
  id: Hex
  params: MorphoMarketParams
  loan: MorphoTokenConfig & { address: Address }
  collateral: MorphoTokenConfig & { address: Address }
}

export type MorphoDeployment = {
  morpho: Address
  irm: Address
  owner: Address
  tokens: Record<string, MorphoTokenConfig & { address: Address }>
  markets: Record<string, MorphoDeployedMarket>
}

/** `1e36 × loan wei per collateral wei` for a price of `loanPerCollateral` whole loan tokens per whole collateral token. */
export function oraclePriceOf(loanPerCollateral: bigint, loanDecimals: number, collateralDecimals: number): bigint {
  return loanPerCollateral * 10n ** BigInt(36 + loanDecimals - collateralDecimals)
}

/** The sandbox markets of issue 12: WETH/USDC at 86 % LLTV and WBTC/USDC at 77 %. */
export const SANDBOX_MORPHO: MorphoDeploymentConfig = {
  tokens: [
    { symbol: 'USDC', decimals: 6 },
    { symbol: 'WETH', decimals: 18 },
    { symbol: 'WBTC', decimals: 8 },
  ],
  markets: [
    {
      name: 'WETH/USDC',
      loan: 'USDC',
      collateral: 'WETH',
      lltv: 860n * 10n ** 15n,
      oraclePrice: oraclePriceOf(3_000n, 6, 18),
    },
    {
      name: 'WBTC/USDC',
      loan: 'USDC',
      collateral: 'WBTC',
      lltv: 770n * 10n ** 15n,
      oraclePrice: oraclePriceOf(60_000n, 6, 8),
    },
  ],
}

/** `MarketParamsLib.id`. @see https://github.com/morpho-org/morpho-blue/blob/main/src/libraries/MarketParamsLib.sol */
export function marketIdOf(params: MorphoMarketParams): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'address' }, { type: 'address' }, { type: 'address' }, { type: 'address' }, { type: 'uint256' }],
      [params.loanToken, params.collateralToken, params.oracle, params.irm, params.lltv],
    ),
  )
}

async function deploy(
  client: AnvilClient,
  contract: CompiledContract,
  args: readonly unknown[] = [],
): Promise<Address> {
  const hash = await client.deployContract({
    abi: contract.abi,
    bytecode: contract.bytecode,
    args,
    account: ANVIL_DEPLOYER,
  })
  const receipt = await expectSuccess(client, hash)
  if (!receipt.contractAddress) throw new Error('deployment without a contract address')
  return receipt.contractAddress
}

/**
 * Deploys Morpho (owner: anvil's first account), the IrmMock, one OracleMock per market and the
 * tokens, then enables the IRM and each LLTV and creates the markets.
 *
 * @example
 * const morpho = await deployMorphoBlue(client, SANDBOX_MORPHO)
 * morpho.markets['WETH/USDC']?.id // 0x…
 */
export async function deployMorphoBlue(client: AnvilClient, config: MorphoDeploymentConfig): Promise<MorphoDeployment> {
  const artifacts = await compileMorphoBlue()
  const owner = ANVIL_DEPLOYER
  const morpho = await deploy(client, artifacts.Morpho, [owner])
  const irm = await deploy(client, artifacts.IrmMock)
  const tokens: MorphoDeployment['tokens'] = {}
  const mintable = loadArtifact('MintableERC20')
  for (const token of config.tokens) {
    let address = config.existingTokens?.[token.symbol]
    if (!address) {
      address = await deploy(client, { abi: mintable.abi, bytecode: mintable.bytecode }, [
        token.symbol,
        token.symbol,
        token.decimals,
      ])
    }
    tokens[token.symbol] = { ...token, address }
  }
  const write = async (functionName: string, args: readonly unknown[]) => {
    const hash = await client.writeContract({
      address: morpho,
      abi: morphoAbi,
      functionName: functionName as 'enableIrm',
      args: args as [Address],
      account: owner,
      chain: client.chain,
      gas: TX_GAS,
    })
    return await expectSuccess(client, hash)
  }
  await write('enableIrm', [irm])
  for (const lltv of new Set(config.markets.map((market) => market.lltv))) await write('enableLltv', [lltv])

  const markets: MorphoDeployment['markets'] = {}
  for (const market of config.markets) {
    const loan = tokens[market.loan]
    const collateral = tokens[market.collateral]
    if (!loan || !collateral) throw new Error(`Market ${market.name} names an unknown token.`)
    const oracle = await deploy(client, artifacts.OracleMock)
    const setPrice = await client.writeContract({
      address: oracle,
      abi: artifacts.OracleMock.abi,
      functionName: 'setPrice',
      args: [market.oraclePrice],
      account: owner,
      chain: client.chain,
      gas: TX_GAS,
    })
    await expectSuccess(client, setPrice)
    const params: MorphoMarketParams = {
      loanToken: loan.address,
      collateralToken: collateral.address,
      oracle,
      irm,
      lltv: market.lltv,
    }
    const receipt = await write('createMarket', [params])
    const [created] = parseEventLogs({ abi: morphoAbi, logs: receipt.logs, eventName: 'CreateMarket' })
    const id = marketIdOf(params)
    if (created?.args.id !== id) throw new Error(`CreateMarket emitted ${created?.args.id}, expected ${id}`)
    markets[market.name] = { name: market.name, id, params, loan, collateral }
  }
  return { morpho, irm, owner, tokens, markets }
}

/**
 * The `MORPHO_MARKETS` entries that point Solvent at a deployment's markets on `chainId` (the
 * loan tokens here are USDC, read at par).
 *
 * @example env.MORPHO_MARKETS = JSON.stringify(morphoMarketsVar(deployment, 31341))
 */
export function morphoMarketsVar(
  deployment: Pick<MorphoDeployment, 'morpho' | 'markets'>,
  chainId: number,
): { chainId: number; morpho: Address; marketId: Hex }[] {
  return Object.values(deployment.markets).map((market) => ({
    chainId,
    morpho: deployment.morpho,
    marketId: market.id,
  }))
}
