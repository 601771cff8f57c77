/**
 * Node-only: deploys a real Aave v3.6 market on anvil from `@aave-dao/aave-v3-origin@3.6.0`, compiled
 * from its Solidity sources (compileAaveOrigin.ts): PoolAddressesProvider, ACLManager, PoolInstance and
 * PoolConfiguratorInstance behind the provider's proxies (libraries linked from the compiler's link
 * references), the market-wide DefaultReserveInterestRateStrategyV2 (v3.4+: one strategy per pool,
 * rates per reserve), AaveOracle over the sandbox's Chainlink-style feeds (../aave/priceFeed.ts),
 * AaveProtocolDataProvider, ATokenInstance and VariableDebtTokenInstance (no stable debt since v3.2),
 * mintable ERC20 underlyings, reserves configured, and e-mode categories as bitmaps: collateral,
 * borrowable and the v3.6 LTV-zero bitmap.
 *
 * The shape mirrors ../aave/deployAaveMarket.ts (v3.0); reading is readAaveOriginSnapshot.ts.
 */
import { type Abi, type Address, concatHex, encodeAbiParameters, getAddress, keccak256, slice, zeroAddress } from 'viem'
import { linkBytecode } from '../aave/artifacts'
import { ANVIL_DEPLOYER, type AnvilClient, expectSuccess } from '../aave/createAnvilClient'
import { TREASURY } from '../aave/deployAaveMarket'
import { installPriceFeed } from '../aave/priceFeed'
import { type AaveOriginArtifacts, type AaveOriginContractName, compileAaveOrigin } from './compileAaveOrigin'

/** Interest rate parameters of one reserve, in bps (DefaultReserveInterestRateStrategyV2.InterestRateData). */
export type AaveOriginRateConfig = {
  /** 100..9900. */
  optimalUsageRatio: number
  baseVariableBorrowRate: number
  variableRateSlope1: number
  /** ≥ slope 1; base + slope 1 + slope 2 ≤ 100000 (1000%). */
  variableRateSlope2: number
}

export type AaveOriginReserveConfig = {
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
  /** Whole tokens; default 0 (no cap). */
  supplyCap?: bigint | undefined
  borrowCap?: bigint | undefined
  /** Default 80% optimal usage, 0% base, 4% / 75% slopes. */
  rate?: AaveOriginRateConfig | undefined
  /**
   * v3.6 reserve-level LTV zero (`PoolConfigurator.setReserveLtvzero`): the configured LTV moves to the
   * configurator's pending LTV and the reserve's LTV becomes 0. Applied after the e-mode categories.
   */
  ltvzero?: boolean | undefined
}

export type AaveOriginEModeConfig = {
  id: number
  label: string
  /** Bps; the category's LTV must be > 0 (v3.2+). */
  ltv: number
  liquidationThreshold: number
  liquidationBonus: number
  /** Symbols that count as collateral in the category (collateral bitmap). */
  collateral: readonly string[]
  /** Symbols borrowable in the category (borrowable bitmap). */
  borrowable: readonly string[]
  /**
   * Collateral symbols whose LTV is 0 in the category (v3.6 LTV-zero bitmap); each must be in `collateral`.
   * Users holding one of them as collateral cannot enter the category (`InvalidCollateralInEmode`).
   */
  ltvzero?: readonly string[] | undefined
}

export type AaveOriginMarketConfig = {
  marketId?: string | undefined
  reserves: readonly AaveOriginReserveConfig[]
  eModeCategories?: readonly AaveOriginEModeConfig[] | undefined
}

export type AaveOriginMarketReserve = {
  symbol: string
  decimals: number
  underlying: Address
  aToken: Address
  variableDebtToken: Address
  /**
   * The feed the AaveOracle reads for the reserve (`AaveOracle.getSourceOfAsset`); its answer is in
   * storage slot 0 (`setOriginPrice`).
   */
  aggregator: Address
}

export type AaveOriginMarket = {
  addressesProvider: Address
  aclManager: Address
  pool: Address
  poolConfigurator: Address
  oracle: Address
  dataProvider: Address
  /** The pool-wide DefaultReserveInterestRateStrategyV2 (`Pool.RESERVE_INTEREST_RATE_STRATEGY`). */
  interestRateStrategy: Address
  treasury: Address
  /** ACL admin, pool admin and emergency admin: anvil's first account. */
  admin: Address
  /** Deployed logic libraries by name (BorrowLogic, ...). */
  libraries: Record<string, Address>
  reserves: Record<string, AaveOriginMarketReserve>
  /** The compiled contracts the market runs (ABIs for actions and reads). */
  artifacts: AaveOriginArtifacts
}

const DEFAULT_RATE: AaveOriginRateConfig = {
  optimalUsageRatio: 8000,
  baseVariableBorrowRate: 0,
  variableRateSlope1: 400,
  variableRateSlope2: 7500,
}

const RATE_COMPONENTS = [
  { name: 'optimalUsageRatio', type: 'uint16' },
  { name: 'baseVariableBorrowRate', type: 'uint32' },
  { name: 'variableRateSlope1', type: 'uint32' },
  { name: 'variableRateSlope2', type: 'uint32' },
] as const

/** Where a reserve's feed lives: derived from its underlying, so two markets on one chain never share one. */
function priceFeedAddress(underlying: Address): Address {
  return getAddress(slice(keccak256(concatHex(['0xfeed', underlying])), 12))
}

type Deployer = {
  deploy(name: AaveOriginContractName, args?: readonly unknown[]): Promise<Address>
  send(address: Address, abi: Abi, functionName: string, args: readonly unknown[]): Promise<unknown>
  read<T>(address: Address, abi: Abi, functionName: string, args?: readonly unknown[]): Promise<T>
}

function createDeployer(client: AnvilClient, artifacts: AaveOriginArtifacts, libraries: Record<string, Address>) {
  const deployer: Deployer = {
    async deploy(name, args = []) {
      const artifact = artifacts.contracts[name]
      const hash = await client.deployContract({
        abi: artifact.abi,
        bytecode: linkBytecode(artifact, libraries),
        args,
        account: ANVIL_DEPLOYER,
      })
      const receipt = await expectSuccess(client, hash)
      if (!receipt.contractAddress) throw new Error(`${name} has no address`)
      return getAddress(receipt.contractAddress)
    },
    async send(address, abi, functionName, args) {
      const hash = await client.writeContract({
        address,
        abi,
        functionName,
        args,
        account: ANVIL_DEPLOYER,
        chain: client.chain,
      })
      return await expectSuccess(client, hash)
    },
    async read<T>(address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []) {
      return (await client.readContract({ address, abi, functionName, args })) as T
    },
  }
  return deployer
}

/**
 * Deploys every library `names` link against, dependencies first (FlashLoanLogic links BorrowLogic),
 * into `libraries`.
 */
async function deployLibraries(
  deployer: Deployer,
  artifacts: AaveOriginArtifacts,
  names: readonly AaveOriginContractName[],
  libraries: Record<string, Address>,
) {
  const visit = async (name: AaveOriginContractName) => {
    for (const libs of Object.values(artifacts.contracts[name].linkReferences)) {
      for (const library of Object.keys(libs)) {
        if (libraries[library]) continue
        if (!(library in artifacts.contracts)) throw new Error(`${name} links ${library}, which was not compiled`)
        await visit(library as AaveOriginContractName)
        libraries[library] = await deployer.deploy(library as AaveOriginContractName)
      }
    }
  }
  for (const name of names) await visit(name)
}

/**
 * Compiles (or reads the compile cache), deploys the market and returns its addresses. Everything is
 * sent from anvil's first account, which becomes ACL admin, pool admin and emergency admin.
 * @example
 * const market = await deployAaveOriginMarket(client, ORIGIN_MARKET)
 */
export async function deployAaveOriginMarket(
  client: AnvilClient,
  config: AaveOriginMarketConfig,
): Promise<AaveOriginMarket> {
  const artifacts = await compileAaveOrigin()
  const abi = (name: AaveOriginContractName) => artifacts.contracts[name].abi
  const libraries: Record<string, Address> = {}
  const deployer = createDeployer(client, artifacts, libraries)
  const { deploy, send, read } = deployer
  const admin = ANVIL_DEPLOYER

  // Access control: the ACL admin must be set before the ACLManager reads it in its constructor.
  const addressesProvider = await deploy('PoolAddressesProvider', [config.marketId ?? 'Solvent v3.6', admin])
  const providerAbi = abi('PoolAddressesProvider')
  await send(addressesProvider, providerAbi, 'setACLAdmin', [admin])
  const aclManager = await deploy('ACLManager', [addressesProvider])
  await send(addressesProvider, providerAbi, 'setACLManager', [aclManager])
  await send(aclManager, abi('ACLManager'), 'addPoolAdmin', [admin])
  await send(aclManager, abi('ACLManager'), 'addEmergencyAdmin', [admin])

  // The Pool takes the market's one rate strategy in its constructor (immutable).
  const interestRateStrategy = await deploy('DefaultReserveInterestRateStrategyV2', [addressesProvider])
  await deployLibraries(deployer, artifacts, ['PoolInstance', 'PoolConfiguratorInstance'], libraries)
  const poolImpl = await deploy('PoolInstance', [addressesProvider, interestRateStrategy])
  await send(addressesProvider, providerAbi, 'setPoolImpl', [poolImpl])
  const pool = await read<Address>(addressesProvider, providerAbi, 'getPool')
  const configuratorImpl = await deploy('PoolConfiguratorInstance')
  await send(addressesProvider, providerAbi, 'setPoolConfiguratorImpl', [configuratorImpl])
  const poolConfigurator = await read<Address>(addressesProvider, providerAbi, 'getPoolConfigurator')

  // Underlyings and their feeds, then the oracle over them (USD base, 8 decimals).
  const reserves: Record<string, AaveOriginMarketReserve> = {}
  for (const reserve of config.reserves) {
    if (reserves[reserve.symbol]) throw new Error(`Reserve ${reserve.symbol} is listed twice`)
    const underlying = await deploy('MintableERC20', [reserve.symbol, reserve.symbol, reserve.decimals])
    const aggregator = priceFeedAddress(underlying)
    await installPriceFeed(client, aggregator, reserve.priceRaw)
    reserves[reserve.symbol] = {
      symbol: reserve.symbol,
      decimals: reserve.decimals,
      underlying,
      aggregator,
      aToken: zeroAddress,
      variableDebtToken: zeroAddress,
    }
  }
  const reserveOf = (symbol: string) => {
    const reserve = reserves[symbol]
    if (!reserve) throw new Error(`No reserve ${symbol} in the market config`)
    return reserve
  }
  const listed = config.reserves.map((r) => reserveOf(r.symbol))
  const oracle = await deploy('AaveOracle', [
    addressesProvider,
    listed.map((r) => r.underlying),
    listed.map((r) => r.aggregator),
    zeroAddress,
    zeroAddress,
    10n ** 8n,
  ])
  await send(addressesProvider, providerAbi, 'setPriceOracle', [oracle])
  const dataProvider = await deploy('AaveProtocolDataProvider', [addressesProvider])
  await send(addressesProvider, providerAbi, 'setPoolDataProvider', [dataProvider])

  // Token implementations: the treasury is an immutable of the aToken implementation since v3.4.
  const aTokenImpl = await deploy('ATokenInstance', [pool, zeroAddress, TREASURY])
  const variableDebtImpl = await deploy('VariableDebtTokenInstance', [pool, zeroAddress])
  const configuratorAbi = abi('PoolConfiguratorInstance')
  await send(poolConfigurator, configuratorAbi, 'initReserves', [
    config.reserves.map((reserve) => {
      const rate = reserve.rate ?? DEFAULT_RATE
      return {
        aTokenImpl,
        variableDebtTokenImpl: variableDebtImpl,
        underlyingAsset: reserveOf(reserve.symbol).underlying,
        aTokenName: `Aave ${reserve.symbol}`,
        aTokenSymbol: `a${reserve.symbol}`,
        variableDebtTokenName: `Aave variable debt ${reserve.symbol}`,
        variableDebtTokenSymbol: `variableDebt${reserve.symbol}`,
        params: '0x',
        interestRateData: encodeAbiParameters(
          [{ type: 'tuple', components: RATE_COMPONENTS }],
          [
            {
              optimalUsageRatio: rate.optimalUsageRatio,
              baseVariableBorrowRate: rate.baseVariableBorrowRate,
              variableRateSlope1: rate.variableRateSlope1,
              variableRateSlope2: rate.variableRateSlope2,
            },
          ],
        ),
      }
    }),
  ])

  for (const reserve of config.reserves) {
    const asset = reserveOf(reserve.symbol).underlying
    await send(poolConfigurator, configuratorAbi, 'configureReserveAsCollateral', [
      asset,
      reserve.ltv,
      reserve.liquidationThreshold,
      reserve.liquidationBonus,
    ])
    if (reserve.borrowingEnabled ?? true)
      await send(poolConfigurator, configuratorAbi, 'setReserveBorrowing', [asset, true])
    await send(poolConfigurator, configuratorAbi, 'setReserveFactor', [asset, reserve.reserveFactor ?? 1000])
    await send(poolConfigurator, configuratorAbi, 'setLiquidationProtocolFee', [
      asset,
      reserve.liquidationProtocolFee ?? 1000,
    ])
    if (reserve.supplyCap) await send(poolConfigurator, configuratorAbi, 'setSupplyCap', [asset, reserve.supplyCap])
    if (reserve.borrowCap) await send(poolConfigurator, configuratorAbi, 'setBorrowCap', [asset, reserve.borrowCap])
  }

  for (const category of config.eModeCategories ?? []) {
    await send(poolConfigurator, configuratorAbi, 'setEModeCategory', [
      category.id,
      category.ltv,
      category.liquidationThreshold,
      category.liquidationBonus,
      category.label,
    ])
    for (const symbol of category.collateral) {
      await send(poolConfigurator, configuratorAbi, 'setAssetCollateralInEMode', [
        reserveOf(symbol).underlying,
        category.id,
        true,
      ])
    }
    for (const symbol of category.borrowable) {
      await send(poolConfigurator, configuratorAbi, 'setAssetBorrowableInEMode', [
        reserveOf(symbol).underlying,
        category.id,
        true,
      ])
    }
    // The configurator requires an LTV-zero asset to be collateral in the category (MustBeEmodeCollateral).
    for (const symbol of category.ltvzero ?? []) {
      await send(poolConfigurator, configuratorAbi, 'setAssetLtvzeroInEMode', [
        reserveOf(symbol).underlying,
        category.id,
        true,
      ])
    }
  }
  for (const reserve of config.reserves) {
    if (reserve.ltvzero)
      await send(poolConfigurator, configuratorAbi, 'setReserveLtvzero', [reserveOf(reserve.symbol).underlying, true])
  }

  const poolAbi = abi('PoolInstance')
  for (const reserve of Object.values(reserves)) {
    reserve.aToken = await read<Address>(pool, poolAbi, 'getReserveAToken', [reserve.underlying])
    reserve.variableDebtToken = await read<Address>(pool, poolAbi, 'getReserveVariableDebtToken', [reserve.underlying])
  }

  return {
    addressesProvider,
    aclManager,
    pool,
    poolConfigurator,
    oracle,
    dataProvider,
    interestRateStrategy,
    treasury: TREASURY,
    admin,
    libraries,
    reserves,
    artifacts,
  }
}
