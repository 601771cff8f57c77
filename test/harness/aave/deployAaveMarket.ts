/**
 * Node-only: deploys a real Aave v3 market (the @aave/core-v3 artifacts, v3.0.x) on anvil:
 * PoolAddressesProvider, ACLManager, Pool and PoolConfigurator behind their proxies (libraries
 * linked by hand), AaveOracle fed by Chainlink-style feeds (priceFeed.ts), AaveProtocolDataProvider, token
 * implementations, one interest rate strategy, mintable ERC20 underlyings, reserves configured
 * with LTV / threshold / bonus / fees, and e-mode categories.
 *
 * Deployment knows nothing about reading: see readAaveV3Snapshot.ts for that.
 */
import { type Abi, type Address, concatHex, getAddress, type Hex, keccak256, slice } from 'viem'
import { linkBytecode, loadArtifact } from './artifacts'
import { ANVIL_DEPLOYER, type AnvilClient, expectSuccess } from './createAnvilClient'
import { installPriceFeed } from './priceFeed'

/** Receives the protocol's share of interest and liquidation bonuses. */
export const TREASURY: Address = '0x000000000000000000000000000000000000Fee5'

export type AaveReserveConfig = {
  symbol: string
  decimals: number
  /** Initial oracle answer: USD with 8 decimals per whole token. */
  priceRaw: bigint
  /** Bps. */
  ltv: number
  liquidationThreshold: number
  /** Bps above 100.00%, e.g. 10500. */
  liquidationBonus: number
  /** Bps; default 1000. */
  reserveFactor?: number | undefined
  /** Bps of the bonus for the treasury; default 1000. */
  liquidationProtocolFee?: number | undefined
  /** Default true. */
  borrowingEnabled?: boolean | undefined
  /** Default false. */
  stableBorrowingEnabled?: boolean | undefined
  /** E-mode category id (must be listed in `eModeCategories`). */
  eModeCategory?: number | undefined
}

export type AaveEModeConfig = {
  id: number
  label: string
  ltv: number
  liquidationThreshold: number
  liquidationBonus: number
  /** Symbol of a reserve whose oracle price becomes the category's price source. */
  priceSource?: string | undefined
}

export type AaveMarketConfig = {
  marketId?: string | undefined
  reserves: readonly AaveReserveConfig[]
  eModeCategories?: readonly AaveEModeConfig[] | undefined
}

export type AaveMarketReserve = {
  symbol: string
  decimals: number
  underlying: Address
  aToken: Address
  variableDebtToken: Address
  stableDebtToken: Address
  /**
   * The price feed the AaveOracle reads for the reserve (`AaveOracle.getSourceOfAsset`): move it
   * with `setPrice`, make it stale with `freezeFeed`. Its answer is in storage slot 0.
   */
  aggregator: Address
}

export type AaveMarket = {
  addressesProvider: Address
  aclManager: Address
  pool: Address
  poolConfigurator: Address
  oracle: Address
  dataProvider: Address
  treasury: Address
  admin: Address
  reserves: Record<string, AaveMarketReserve>
}

const RAY = 10n ** 27n
const ZERO_ADDRESS: Address = '0x0000000000000000000000000000000000000000'

/** Where a reserve's feed lives: derived from its underlying, so two markets on one chain never share one. */
function priceFeedAddress(underlying: Address): Address {
  return getAddress(slice(keccak256(concatHex(['0xfeed', underlying])), 12))
}

async function deploy(
  client: AnvilClient,
  contractName: string,
  args: readonly unknown[] = [],
  libraries: Record<string, Address> = {},
): Promise<Address> {
  const artifact = loadArtifact(contractName)
  const bytecode: Hex = Object.keys(artifact.linkReferences).length
    ? linkBytecode(artifact, libraries)
    : artifact.bytecode
  const hash = await client.deployContract({ abi: artifact.abi, bytecode, args, account: ANVIL_DEPLOYER })
  const receipt = await expectSuccess(client, hash)
  if (!receipt.contractAddress) throw new Error(`${contractName} has no address`)
  return receipt.contractAddress
}

async function send(client: AnvilClient, address: Address, abi: Abi, functionName: string, args: readonly unknown[]) {
  const hash = await client.writeContract({
    address,
    abi,
    functionName,
    args,
    account: ANVIL_DEPLOYER,
    chain: client.chain,
  })
  return await expectSuccess(client, hash)
}

async function read<T>(
  client: AnvilClient,
  address: Address,
  abi: Abi,
  functionName: string,
  args: readonly unknown[] = [],
) {
  return (await client.readContract({ address, abi, functionName, args })) as T
}

/**
 * Deploys the market and returns its addresses. Everything is sent from anvil's first account,
 * which becomes ACL admin and pool admin.
 * @example
 * const market = await deployAaveMarket(client, { reserves: [{ symbol: 'WETH', decimals: 18, priceRaw: 3000_00000000n, ltv: 8000, liquidationThreshold: 8250, liquidationBonus: 10500 }] })
 */
export async function deployAaveMarket(client: AnvilClient, config: AaveMarketConfig): Promise<AaveMarket> {
  const providerAbi = loadArtifact('PoolAddressesProvider').abi
  const configuratorAbi = loadArtifact('PoolConfigurator').abi
  const admin = ANVIL_DEPLOYER

  // Access control: the ACL admin must be set before the ACLManager reads it in its constructor.
  const addressesProvider = await deploy(client, 'PoolAddressesProvider', [config.marketId ?? 'Solvent', admin])
  await send(client, addressesProvider, providerAbi, 'setACLAdmin', [admin])
  const aclManager = await deploy(client, 'ACLManager', [addressesProvider])
  await send(client, addressesProvider, providerAbi, 'setACLManager', [aclManager])
  await send(client, aclManager, loadArtifact('ACLManager').abi, 'addPoolAdmin', [admin])

  // Pool: libraries first (FlashLoanLogic links BorrowLogic), then the proxy via setPoolImpl.
  const libraries: Record<string, Address> = {}
  for (const name of ['SupplyLogic', 'BorrowLogic', 'LiquidationLogic', 'EModeLogic', 'BridgeLogic', 'PoolLogic']) {
    libraries[name] = await deploy(client, name)
  }
  libraries.FlashLoanLogic = await deploy(client, 'FlashLoanLogic', [], libraries)
  const poolImpl = await deploy(client, 'Pool', [addressesProvider], libraries)
  await send(client, addressesProvider, providerAbi, 'setPoolImpl', [poolImpl])
  const pool = await read<Address>(client, addressesProvider, providerAbi, 'getPool')

  const configuratorLogic = await deploy(client, 'ConfiguratorLogic')
  const configuratorImpl = await deploy(client, 'PoolConfigurator', [], { ConfiguratorLogic: configuratorLogic })
  await send(client, addressesProvider, providerAbi, 'setPoolConfiguratorImpl', [configuratorImpl])
  const poolConfigurator = await read<Address>(client, addressesProvider, providerAbi, 'getPoolConfigurator')

  // Underlyings and their price feeds, then the oracle over them.
  const reserves: Record<string, AaveMarketReserve> = {}
  const underlyings: Address[] = []
  const aggregators: Address[] = []
  for (const reserve of config.reserves) {
    const underlying = await deploy(client, 'MintableERC20', [reserve.symbol, reserve.symbol, reserve.decimals])
    const aggregator = priceFeedAddress(underlying)
    await installPriceFeed(client, aggregator, reserve.priceRaw)
    underlyings.push(underlying)
    aggregators.push(aggregator)
    reserves[reserve.symbol] = {
      symbol: reserve.symbol,
      decimals: reserve.decimals,
      underlying,
      aggregator,
      aToken: ZERO_ADDRESS,
      variableDebtToken: ZERO_ADDRESS,
      stableDebtToken: ZERO_ADDRESS,
    }
  }
  const oracle = await deploy(client, 'AaveOracle', [
    addressesProvider,
    underlyings,
    aggregators,
    ZERO_ADDRESS,
    ZERO_ADDRESS,
    10n ** 8n,
  ])
  await send(client, addressesProvider, providerAbi, 'setPriceOracle', [oracle])
  const dataProvider = await deploy(client, 'AaveProtocolDataProvider', [addressesProvider])
  await send(client, addressesProvider, providerAbi, 'setPoolDataProvider', [dataProvider])

  // Token implementations and one rate strategy: 80% optimal usage, 4% / 75% variable slopes.
  const aTokenImpl = await deploy(client, 'AToken', [pool])
  const stableDebtImpl = await deploy(client, 'StableDebtToken', [pool])
  const variableDebtImpl = await deploy(client, 'VariableDebtToken', [pool])
  const strategy = await deploy(client, 'DefaultReserveInterestRateStrategy', [
    addressesProvider,
    (RAY * 80n) / 100n,
    0n,
    (RAY * 4n) / 100n,
    (RAY * 75n) / 100n,
    (RAY * 2n) / 100n,
    (RAY * 75n) / 100n,
    (RAY * 2n) / 100n,
    (RAY * 5n) / 100n,
    (RAY * 20n) / 100n,
  ])
  await send(client, poolConfigurator, configuratorAbi, 'initReserves', [
    config.reserves.map((reserve, i) => ({
      aTokenImpl,
      stableDebtTokenImpl: stableDebtImpl,
      variableDebtTokenImpl: variableDebtImpl,
      underlyingAssetDecimals: reserve.decimals,
      interestRateStrategyAddress: strategy,
      underlyingAsset: underlyings[i],
      treasury: TREASURY,
      incentivesController: ZERO_ADDRESS,
      aTokenName: `Aave ${reserve.symbol}`,
      aTokenSymbol: `a${reserve.symbol}`,
      variableDebtTokenName: `Aave variable debt ${reserve.symbol}`,
      variableDebtTokenSymbol: `variableDebt${reserve.symbol}`,
      stableDebtTokenName: `Aave stable debt ${reserve.symbol}`,
      stableDebtTokenSymbol: `stableDebt${reserve.symbol}`,
      params: '0x',
    })),
  ])

  for (const reserve of config.reserves) {
    const asset = reserves[reserve.symbol]?.underlying as Address
    await send(client, poolConfigurator, configuratorAbi, 'configureReserveAsCollateral', [
      asset,
      reserve.ltv,
      reserve.liquidationThreshold,
      reserve.liquidationBonus,
    ])
    if (reserve.borrowingEnabled ?? true)
      await send(client, poolConfigurator, configuratorAbi, 'setReserveBorrowing', [asset, true])
    if (reserve.stableBorrowingEnabled) {
      await send(client, poolConfigurator, configuratorAbi, 'setReserveStableRateBorrowing', [asset, true])
    }
    await send(client, poolConfigurator, configuratorAbi, 'setReserveFactor', [asset, reserve.reserveFactor ?? 1000])
    await send(client, poolConfigurator, configuratorAbi, 'setLiquidationProtocolFee', [
      asset,
      reserve.liquidationProtocolFee ?? 1000,
    ])
  }

  for (const category of config.eModeCategories ?? []) {
    const source = category.priceSource === undefined ? ZERO_ADDRESS : reserves[category.priceSource]?.underlying
    if (!source) throw new Error(`E-mode price source ${category.priceSource} is not a reserve`)
    await send(client, poolConfigurator, configuratorAbi, 'setEModeCategory', [
      category.id,
      category.ltv,
      category.liquidationThreshold,
      category.liquidationBonus,
      source,
      category.label,
    ])
  }
  for (const reserve of config.reserves) {
    if (!reserve.eModeCategory) continue
    const asset = reserves[reserve.symbol]?.underlying as Address
    await send(client, poolConfigurator, configuratorAbi, 'setAssetEModeCategory', [asset, reserve.eModeCategory])
  }

  const poolAbi = loadArtifact('Pool').abi
  for (const reserve of Object.values(reserves)) {
    const data = await read<{
      aTokenAddress: Address
      variableDebtTokenAddress: Address
      stableDebtTokenAddress: Address
    }>(client, pool, poolAbi, 'getReserveData', [reserve.underlying])
    reserve.aToken = data.aTokenAddress
    reserve.variableDebtToken = data.variableDebtTokenAddress
    reserve.stableDebtToken = data.stableDebtTokenAddress
  }

  return {
    addressesProvider,
    aclManager,
    pool,
    poolConfigurator,
    oracle,
    dataProvider,
    treasury: TREASURY,
    admin,
    reserves,
  }
}
