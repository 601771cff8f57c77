import { type Address, erc20Abi, getAddress, zeroAddress } from 'viem'
import type { GetChainConfigReturnType } from '../../chains/getChainConfig'
import { type EvmCall, type EvmCallResult, multicallByChain } from '../../chains/multicall'
import { SolventError } from '../../errors/base'
import { morphoAbi, preLiquidationAbi } from './abi'
import type { MorphoMarketConfig, MorphoPreLiquidationReference, MorphoReference, MorphoReferenceToken } from './types'

const feedDecimalsAbi = [
  {
    type: 'function',
    name: 'decimals',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ type: 'uint8' }],
  },
] as const

export type ReadMorphoReferencesParameters = {
  config: GetChainConfigReturnType
  markets: readonly MorphoMarketConfig[]
  fetch?: typeof fetch | undefined
}

export type ReadMorphoReferencesReturnType = (
  | { status: 'ok'; reference: MorphoReference }
  | { status: 'error'; error: unknown }
)[]

function resultOf(result: EvmCallResult | undefined, what: string): unknown {
  if (!result) throw new SolventError(`${what}: no result.`, { code: 'UPSTREAM_UNAVAILABLE' })
  if (result.status === 'failure') {
    throw new SolventError(`${what} failed.`, { code: 'UPSTREAM_UNAVAILABLE', cause: result.error })
  }
  return result.result
}

/**
 * Reads what the listed markets ARE, in two rounds of ONE multicall per chain: the params of each
 * market id (`idToMarketParams`), then the symbol and decimals of its tokens and the decimals of
 * its loan USD feed. A market id that Morpho does not know (zero params) is a `NOT_FOUND` error.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/Morpho.sol (idToMarketParams)
 */
export async function readMorphoReferences({
  config,
  markets,
  fetch: fetchFn,
}: ReadMorphoReferencesParameters): Promise<ReadMorphoReferencesReturnType> {
  const first = await multicallByChain({
    config,
    plans: markets.map((market) => ({
      chainId: market.chainId,
      calls: [
        { address: market.morpho, abi: morphoAbi, functionName: 'idToMarketParams', args: [market.marketId] },
      ] as EvmCall[],
    })),
    fetch: fetchFn,
  })
  type Params = { loanToken: Address; collateralToken: Address; oracle: Address; irm: Address; lltv: bigint }
  const params: (Params | Error)[] = first.map((plan, i) => {
    try {
      if (plan.status === 'error') throw plan.error
      const [loanToken, collateralToken, oracle, irm, lltv] = resultOf(plan.results[0], 'idToMarketParams') as [
        Address,
        Address,
        Address,
        Address,
        bigint,
      ]
      if (loanToken === zeroAddress) {
        const market = markets[i] as MorphoMarketConfig
        throw new SolventError(`No Morpho Blue market ${market.marketId} on chain ${market.chainId}.`, {
          code: 'NOT_FOUND',
        })
      }
      return { loanToken, collateralToken, oracle, irm, lltv }
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error))
    }
  })

  const tokenCalls = (token: Address): EvmCall[] => [
    { address: token, abi: erc20Abi, functionName: 'symbol' },
    { address: token, abi: erc20Abi, functionName: 'decimals' },
  ]
  const readable = markets.flatMap((market, i) => {
    const found = params[i]
    return found instanceof Error || !found ? [] : [{ index: i, market, params: found }]
  })
  const second = await multicallByChain({
    config,
    plans: readable.map(({ market, params }) => ({
      chainId: market.chainId,
      calls: [
        ...tokenCalls(params.loanToken),
        ...tokenCalls(params.collateralToken),
        ...(market.loanUsdFeed
          ? ([{ address: market.loanUsdFeed, abi: feedDecimalsAbi, functionName: 'decimals' }] as EvmCall[])
          : []),
        ...(market.preLiquidations ?? []).flatMap(
          (contract) =>
            [
              { address: contract, abi: preLiquidationAbi, functionName: 'ID' },
              { address: contract, abi: preLiquidationAbi, functionName: 'preLiquidationParams' },
            ] as EvmCall[],
        ),
      ],
    })),
    fetch: fetchFn,
  })

  const out: ReadMorphoReferencesReturnType = params.map((found) => ({
    status: 'error',
    error: found instanceof Error ? found : new Error('not read'),
  }))
  readable.forEach(({ index, market, params }, k) => {
    const plan = second[k]
    try {
      if (!plan) throw new Error('No multicall result.')
      if (plan.status === 'error') throw plan.error
      const token = (address: Address, offset: number): MorphoReferenceToken => ({
        address: getAddress(address),
        symbol: String(resultOf(plan.results[offset], `symbol() of ${address}`)),
        decimals: Number(resultOf(plan.results[offset + 1], `decimals() of ${address}`)),
      })
      let offset = market.loanUsdFeed ? 5 : 4
      const preLiquidations = (market.preLiquidations ?? []).map((contract): MorphoPreLiquidationReference => {
        const id = resultOf(plan.results[offset++], `ID() of pre-liquidation ${contract}`) as string
        const p = resultOf(plan.results[offset++], `preLiquidationParams() of ${contract}`) as {
          preLltv: bigint
          preLCF1: bigint
          preLCF2: bigint
          preLIF1: bigint
          preLIF2: bigint
          preLiquidationOracle: Address
        }
        if (id.toLowerCase() !== market.marketId.toLowerCase()) {
          throw new SolventError(`Pre-liquidation contract ${contract} is for market ${id}, not ${market.marketId}.`, {
            code: 'INTERNAL',
          })
        }
        return {
          contract: getAddress(contract),
          preLltv: p.preLltv.toString(),
          preLCF1: p.preLCF1.toString(),
          preLCF2: p.preLCF2.toString(),
          preLIF1: p.preLIF1.toString(),
          preLIF2: p.preLIF2.toString(),
          preLiquidationOracle: getAddress(p.preLiquidationOracle),
        }
      })
      out[index] = {
        status: 'ok',
        reference: {
          chainId: market.chainId,
          morpho: market.morpho,
          marketId: market.marketId,
          loanToken: token(params.loanToken, 0),
          collateralToken: token(params.collateralToken, 2),
          oracle: getAddress(params.oracle),
          irm: getAddress(params.irm),
          lltv: params.lltv.toString(),
          ...(market.loanUsdFeed
            ? {
                loanUsdFeed: {
                  address: market.loanUsdFeed,
                  decimals: Number(resultOf(plan.results[4], `decimals() of feed ${market.loanUsdFeed}`)),
                },
              }
            : {}),
          ...(preLiquidations.length > 0 ? { preLiquidations } : {}),
        },
      }
    } catch (error) {
      out[index] = { status: 'error', error }
    }
  })
  return out
}
