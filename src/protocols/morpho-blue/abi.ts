/**
 * The Morpho Blue views the adapter reads, and the oracle and IRM interfaces every market names.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/interfaces/IMorpho.sol
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/interfaces/IOracle.sol
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/interfaces/IIrm.sol
 */
import { parseAbi } from 'viem'

export const morphoAbi = parseAbi([
  'struct MarketParams { address loanToken; address collateralToken; address oracle; address irm; uint256 lltv; }',
  'function idToMarketParams(bytes32 id) view returns (address loanToken, address collateralToken, address oracle, address irm, uint256 lltv)',
  'function market(bytes32 id) view returns (uint128 totalSupplyAssets, uint128 totalSupplyShares, uint128 totalBorrowAssets, uint128 totalBorrowShares, uint128 lastUpdate, uint128 fee)',
  'function position(bytes32 id, address user) view returns (uint256 supplyShares, uint128 borrowShares, uint128 collateral)',
  'function isAuthorized(address authorizer, address authorized) view returns (bool)',
])

/**
 * A PreLiquidation contract's views (morpho-org/pre-liquidation; not on npm: the documented interface).
 * @see https://github.com/morpho-org/pre-liquidation/blob/main/src/interfaces/IPreLiquidation.sol
 */
export const preLiquidationAbi = parseAbi([
  'struct PreLiquidationParams { uint256 preLltv; uint256 preLCF1; uint256 preLCF2; uint256 preLIF1; uint256 preLIF2; address preLiquidationOracle; }',
  'function ID() view returns (bytes32)',
  'function preLiquidationParams() view returns (PreLiquidationParams)',
])

/**
 * `accrueInterest(params)`, a state-changing function, read inside the same `eth_call` before `market(id)`:
 * the call's state is thrown away, and `market(id)` after it answers with the market as the contract accrues it
 * to the block's own timestamp (with its IRM, its fee shares, its rounding). Declared `view` here only so it
 * can sit in a read plan: an `eth_call` never commits a state change.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/Morpho.sol (accrueInterest, _accrueInterest)
 */
export const morphoAccrueAbi = parseAbi([
  'struct MarketParams { address loanToken; address collateralToken; address oracle; address irm; uint256 lltv; }',
  'function accrueInterest(MarketParams marketParams) view',
])

export const morphoOracleAbi = parseAbi(['function price() view returns (uint256)'])

export const morphoIrmAbi = parseAbi([
  'struct MarketParams { address loanToken; address collateralToken; address oracle; address irm; uint256 lltv; }',
  'struct Market { uint128 totalSupplyAssets; uint128 totalSupplyShares; uint128 totalBorrowAssets; uint128 totalBorrowShares; uint128 lastUpdate; uint128 fee; }',
  'function borrowRateView(MarketParams marketParams, Market market) view returns (uint256)',
])
