/**
 * The view functions the adapter reads, as typed ABIs (v3.0 signatures; v3.2+ Pools keep them as
 * `*Legacy` structs with the same layout, and add the e-mode collateral bitmap; v3.6 the e-mode
 * LTV-zero bitmap).
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/interfaces/IPool.sol
 * @see https://github.com/aave-dao/aave-v3-origin/blob/main/src/contracts/interfaces/IPool.sol
 */
import { parseAbi } from 'viem'

export const poolAbi = parseAbi([
  'struct ReserveConfigurationMap { uint256 data; }',
  'struct UserConfigurationMap { uint256 data; }',
  'struct ReserveData { ReserveConfigurationMap configuration; uint128 liquidityIndex; uint128 currentLiquidityRate; uint128 variableBorrowIndex; uint128 currentVariableBorrowRate; uint128 currentStableBorrowRate; uint40 lastUpdateTimestamp; uint16 id; address aTokenAddress; address stableDebtTokenAddress; address variableDebtTokenAddress; address interestRateStrategyAddress; uint128 accruedToTreasury; uint128 unbacked; uint128 isolationModeTotalDebt; }',
  'struct EModeCategory { uint16 ltv; uint16 liquidationThreshold; uint16 liquidationBonus; address priceSource; string label; }',
  'function getReservesList() view returns (address[])',
  'function getReserveData(address asset) view returns (ReserveData)',
  'function getUserConfiguration(address user) view returns (UserConfigurationMap)',
  'function getUserEMode(address user) view returns (uint256)',
  'function getEModeCategoryData(uint8 id) view returns (EModeCategory)',
  'function getEModeCategoryCollateralBitmap(uint8 id) view returns (uint128)',
  'function getEModeCategoryLtvzeroBitmap(uint8 id) view returns (uint128)',
  'function POOL_REVISION() view returns (uint256)',
  'function getUserAccountData(address user) view returns (uint256 totalCollateralBase, uint256 totalDebtBase, uint256 availableBorrowsBase, uint256 currentLiquidationThreshold, uint256 ltv, uint256 healthFactor)',
])

export const addressesProviderAbi = parseAbi([
  'function getPool() view returns (address)',
  'function getPriceOracle() view returns (address)',
  'function getPriceOracleSentinel() view returns (address)',
])

/** @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/configuration/PriceOracleSentinel.sol */
export const priceOracleSentinelAbi = parseAbi([
  'function getSequencerOracle() view returns (address)',
  'function getGracePeriod() view returns (uint256)',
])

/**
 * Chainlink's `AggregatorV3Interface` (price feeds and L2 sequencer uptime feeds alike).
 *
 * @see https://docs.chain.link/data-feeds/api-reference#latestrounddata
 */
export const aggregatorV3Abi = parseAbi([
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
])

export const oracleAbi = parseAbi([
  'function BASE_CURRENCY_UNIT() view returns (uint256)',
  'function getAssetPrice(address asset) view returns (uint256)',
  'function getAssetsPrices(address[] assets) view returns (uint256[])',
  'function getSourceOfAsset(address asset) view returns (address)',
])

export const erc20Abi = parseAbi(['function symbol() view returns (string)'])

export const scaledTokenAbi = parseAbi(['function scaledBalanceOf(address user) view returns (uint256)'])

export const stableDebtTokenAbi = parseAbi([
  'function principalBalanceOf(address user) view returns (uint256)',
  'function getUserStableRate(address user) view returns (uint256)',
  'function getUserLastUpdated(address user) view returns (uint40)',
])
