/**
 * Minimal typed ABIs of the Aave v3.0 contracts the test actions call; views come from the adapter's
 * src/protocols/aave-v3/abi.ts (deployment uses the full artifact ABIs).
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/interfaces/IPool.sol
 */
import { parseAbi } from 'viem'
import { poolAbi as poolViewAbi } from '../../../src/protocols/aave-v3/abi'

/** The adapter's Pool views (src) plus the user actions and events the tests drive. */
export const poolAbi = [
  ...poolViewAbi,
  ...parseAbi([
    'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
    'function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)',
    'function repay(address asset, uint256 amount, uint256 interestRateMode, address onBehalfOf) returns (uint256)',
    'function setUserEMode(uint8 categoryId)',
    'function setUserUseReserveAsCollateral(address asset, bool useAsCollateral)',
    'function liquidationCall(address collateralAsset, address debtAsset, address user, uint256 debtToCover, bool receiveAToken)',
    'event LiquidationCall(address indexed collateralAsset, address indexed debtAsset, address indexed user, uint256 debtToCover, uint256 liquidatedCollateralAmount, address liquidator, bool receiveAToken)',
  ]),
]

export const erc20Abi = parseAbi([
  'function symbol() view returns (string)',
  'function decimals() view returns (uint8)',
  'function balanceOf(address account) view returns (uint256)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function mint(address account, uint256 value) returns (bool)',
])

export const poolConfiguratorAbi = parseAbi([
  'function configureReserveAsCollateral(address asset, uint256 ltv, uint256 liquidationThreshold, uint256 liquidationBonus)',
  'function setEModeCategory(uint8 categoryId, uint16 ltv, uint16 liquidationThreshold, uint16 liquidationBonus, address oracle, string label)',
])

export const aTokenAbi = parseAbi([
  'function scaledBalanceOf(address user) view returns (uint256)',
  'function balanceOf(address user) view returns (uint256)',
])

/** @see https://github.com/aave/aave-v3-core/blob/master/contracts/mocks/oracle/SequencerOracle.sol */
export const sequencerOracleAbi = parseAbi(['function setAnswer(bool isDown, uint256 timestamp)'])
