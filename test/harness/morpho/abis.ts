/**
 * Typed ABIs of the Morpho Blue calls the harness makes: owner setup, user actions, liquidation and
 * its events, the mocks' setters. Views come from the adapter's src/protocols/morpho-blue/abi.ts;
 * deployment uses the compiled ABIs.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/interfaces/IMorpho.sol
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/libraries/EventsLib.sol
 */
import { parseAbi } from 'viem'
import { morphoAbi as morphoViewAbi } from '../../../src/protocols/morpho-blue/abi'

const MARKET_PARAMS =
  'struct MarketParams { address loanToken; address collateralToken; address oracle; address irm; uint256 lltv; }'

export const morphoAbi = [
  ...morphoViewAbi,
  ...parseAbi([
    MARKET_PARAMS,
    'function owner() view returns (address)',
    'function enableIrm(address irm)',
    'function enableLltv(uint256 lltv)',
    'function setFee(MarketParams marketParams, uint256 newFee)',
    'function setFeeRecipient(address newFeeRecipient)',
    'function createMarket(MarketParams marketParams)',
    'function setAuthorization(address authorized, bool newIsAuthorized)',
    'function accrueInterest(MarketParams marketParams)',
    'function supply(MarketParams marketParams, uint256 assets, uint256 shares, address onBehalf, bytes data) returns (uint256 assetsSupplied, uint256 sharesSupplied)',
    'function withdraw(MarketParams marketParams, uint256 assets, uint256 shares, address onBehalf, address receiver) returns (uint256 assetsWithdrawn, uint256 sharesWithdrawn)',
    'function borrow(MarketParams marketParams, uint256 assets, uint256 shares, address onBehalf, address receiver) returns (uint256 assetsBorrowed, uint256 sharesBorrowed)',
    'function repay(MarketParams marketParams, uint256 assets, uint256 shares, address onBehalf, bytes data) returns (uint256 assetsRepaid, uint256 sharesRepaid)',
    'function supplyCollateral(MarketParams marketParams, uint256 assets, address onBehalf, bytes data)',
    'function withdrawCollateral(MarketParams marketParams, uint256 assets, address onBehalf, address receiver)',
    'function liquidate(MarketParams marketParams, address borrower, uint256 seizedAssets, uint256 repaidShares, bytes data) returns (uint256, uint256)',
    'event CreateMarket(bytes32 indexed id, MarketParams marketParams)',
    'event AccrueInterest(bytes32 indexed id, uint256 prevBorrowRate, uint256 interest, uint256 feeShares)',
    'event Liquidate(bytes32 indexed id, address indexed caller, address indexed borrower, uint256 repaidAssets, uint256 repaidShares, uint256 seizedAssets, uint256 badDebtAssets, uint256 badDebtShares)',
  ]),
]

/** @morpho-org/morpho-blue src/mocks/ERC20Mock.sol (no symbol or decimals: the harness names them). */
export const erc20MockAbi = parseAbi([
  'function setBalance(address account, uint256 amount)',
  'function balanceOf(address account) view returns (uint256)',
  'function approve(address spender, uint256 amount) returns (bool)',
])

/** @morpho-org/morpho-blue src/mocks/OracleMock.sol */
export const oracleMockAbi = parseAbi([
  'function price() view returns (uint256)',
  'function setPrice(uint256 newPrice)',
])
