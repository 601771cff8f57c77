/**
 * The calls that carry out one protective action on an EVM venue, encoded with viem for a wallet to
 * send from the account itself: approve + supply, approve + repay, repayWithATokens on an Aave v3
 * Pool; approve + supplyCollateral, approve + repay on Morpho Blue. Nothing is signed or sent here.
 */
import { encodeFunctionData, getAddress, parseAbi } from 'viem'
import { type AaveV3Snapshot, type D, type MarginAccountSnapshot, type MorphoBlueSnapshot, toRaw } from '../../engine'

/** One EVM call, in the order to send. */
export type PlannedCall = {
  chainId: number
  to: `0x${string}`
  data: `0x${string}`
  value: bigint
  description: string
}

/** What a protective action asks of the venue (the `protect` domain's action, without its figures). */
export type ProtectiveActionPlan = {
  kind: 'addCollateral' | 'repay' | 'reducePerp' | 'closePerp' | 'reduceOption' | 'closeOption'
  /** Token symbol (deposit, repay). */
  asset: string
  /** Units of `asset`; a multiple of its 10^−decimals. */
  amount: D
  fundedFrom: string | null
  rateMode: 'variable' | 'stable' | null
}

/**
 * IPool of Aave v3: the same four signatures from v3.0 to v3.6 (v3.6 keeps `interestRateMode`
 * although only 2, variable, is accepted from v3.2 on, when stable debt was removed).
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/interfaces/IPool.sol
 * @see https://github.com/aave-dao/aave-v3-origin/blob/main/src/contracts/interfaces/IPool.sol
 */
export const aavePoolWriteAbi = parseAbi([
  'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
  'function repay(address asset, uint256 amount, uint256 interestRateMode, address onBehalfOf) returns (uint256)',
  'function repayWithATokens(address asset, uint256 amount, uint256 interestRateMode) returns (uint256)',
])

/** @see https://github.com/morpho-org/morpho-blue/blob/main/src/interfaces/IMorpho.sol */
export const morphoWriteAbi = parseAbi([
  'struct MarketParams { address loanToken; address collateralToken; address oracle; address irm; uint256 lltv; }',
  'function supplyCollateral(MarketParams marketParams, uint256 assets, address onBehalf, bytes data)',
  'function repay(MarketParams marketParams, uint256 assets, uint256 shares, address onBehalf, bytes data) returns (uint256, uint256)',
])

export const erc20ApproveAbi = parseAbi(['function approve(address spender, uint256 amount) returns (bool)'])

/** `DataTypes.InterestRateMode`: 1 stable, 2 variable. */
const RATE_MODE = { stable: 1n, variable: 2n } as const

/**
 * The calls for `action` on `snapshot`'s venue, from the account `snapshot.account`. Empty when the
 * venue is off chain, or when the action needs a step no contract call expresses (repaying with a
 * different collateral needs a swap: its figures are given, its calls are not built).
 */
export function planProtectiveCalls(snapshot: MarginAccountSnapshot, action: ProtectiveActionPlan): PlannedCall[] {
  if (snapshot.model === 'aave-v3') return planAave(snapshot, action)
  if (snapshot.model === 'morpho-blue') return planMorpho(snapshot, action)
  return []
}

function approve(
  chainId: number,
  token: `0x${string}`,
  symbol: string,
  spender: `0x${string}`,
  spenderName: string,
  raw: bigint,
): PlannedCall {
  return {
    chainId,
    to: token,
    data: encodeFunctionData({ abi: erc20ApproveAbi, functionName: 'approve', args: [spender, raw] }),
    value: 0n,
    description: `${symbol}.approve(${spenderName} ${spender}, ${raw})`,
  }
}

function planAave(snapshot: AaveV3Snapshot, action: ProtectiveActionPlan): PlannedCall[] {
  const chainId = snapshot.chainId
  if (chainId === undefined) return []
  const reserve = snapshot.reserves.find((r) => r.symbol === action.asset || r.priceKey === action.asset)
  if (!reserve) return []
  const pool = getAddress(snapshot.pool)
  const token = getAddress(reserve.underlying)
  const account = getAddress(snapshot.account)
  const raw = toRaw(action.amount, reserve.decimals)
  if (action.kind === 'addCollateral')
    return [
      approve(chainId, token, reserve.symbol, pool, 'Pool', raw),
      {
        chainId,
        to: pool,
        data: encodeFunctionData({ abi: aavePoolWriteAbi, functionName: 'supply', args: [token, raw, account, 0] }),
        value: 0n,
        description: `Pool.supply(${reserve.symbol}, ${raw}, onBehalfOf ${account}, referralCode 0)`,
      },
    ]
  if (action.kind !== 'repay') return []
  const mode = RATE_MODE[action.rateMode ?? 'variable']
  if (action.fundedFrom === null)
    return [
      approve(chainId, token, reserve.symbol, pool, 'Pool', raw),
      {
        chainId,
        to: pool,
        data: encodeFunctionData({ abi: aavePoolWriteAbi, functionName: 'repay', args: [token, raw, mode, account] }),
        value: 0n,
        description: `Pool.repay(${reserve.symbol}, ${raw}, interestRateMode ${mode}, onBehalfOf ${account})`,
      },
    ]
  const source = snapshot.reserves.find((r) => r.symbol === action.fundedFrom || r.priceKey === action.fundedFrom)
  if (source !== reserve) return []
  // Repaying with the aTokens of the same asset: no approval (the Pool burns the caller's aTokens).
  return [
    {
      chainId,
      to: pool,
      data: encodeFunctionData({ abi: aavePoolWriteAbi, functionName: 'repayWithATokens', args: [token, raw, mode] }),
      value: 0n,
      description: `Pool.repayWithATokens(${reserve.symbol}, ${raw}, interestRateMode ${mode})`,
    },
  ]
}

function planMorpho(snapshot: MorphoBlueSnapshot, action: ProtectiveActionPlan): PlannedCall[] {
  const chainId = snapshot.chainId
  if (chainId === undefined) return []
  const morpho = getAddress(snapshot.morpho)
  const account = getAddress(snapshot.account)
  const params = snapshot.marketParams
  const marketParams = {
    loanToken: getAddress(params.loanToken),
    collateralToken: getAddress(params.collateralToken),
    oracle: getAddress(params.oracle),
    irm: getAddress(params.irm),
    lltv: BigInt(params.lltv),
  }
  if (action.kind === 'addCollateral') {
    const token = snapshot.collateralToken
    const raw = toRaw(action.amount, token.decimals)
    return [
      approve(chainId, getAddress(token.address), token.symbol, morpho, 'Morpho', raw),
      {
        chainId,
        to: morpho,
        data: encodeFunctionData({
          abi: morphoWriteAbi,
          functionName: 'supplyCollateral',
          args: [marketParams, raw, account, '0x'],
        }),
        value: 0n,
        description: `Morpho.supplyCollateral(market ${snapshot.marketId}, ${raw} ${token.symbol}, onBehalf ${account})`,
      },
    ]
  }
  if (action.kind !== 'repay' || action.fundedFrom !== null) return []
  const token = snapshot.loanToken
  const raw = toRaw(action.amount, token.decimals)
  return [
    approve(chainId, getAddress(token.address), token.symbol, morpho, 'Morpho', raw),
    {
      chainId,
      to: morpho,
      data: encodeFunctionData({
        abi: morphoWriteAbi,
        functionName: 'repay',
        args: [marketParams, raw, 0n, account, '0x'],
      }),
      value: 0n,
      description: `Morpho.repay(market ${snapshot.marketId}, ${raw} ${token.symbol}, shares 0, onBehalf ${account})`,
    },
  ]
}
