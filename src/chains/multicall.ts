import {
  type Abi,
  BaseError,
  type ContractFunctionParameters,
  HttpRequestError,
  type PublicClient,
  RpcRequestError,
  TimeoutError,
} from 'viem'
import { ChainUnavailableError } from './errors'
import { getChainClient } from './getChainClient'
import type { GetChainConfigReturnType } from './getChainConfig'

/** One contract read; `abi` is any ABI with `functionName` in it. */
export type EvmCall = ContractFunctionParameters<Abi, 'view' | 'pure'>

/** The reads one source needs on one chain, merged with every other plan of that chain. */
export type EvmReadPlan = { chainId: number; calls: readonly EvmCall[] }

/** A sub-call's outcome: a failed one is a failure, never a zero. */
export type EvmCallResult = { status: 'success'; result: unknown } | { status: 'failure'; error: Error }

/** One plan's outcome: its calls' results (same order), or its chain's failure. */
export type EvmPlanResult =
  | { status: 'ok'; chainId: number; blockNumber: bigint; blockTimestamp: bigint; results: EvmCallResult[] }
  | { status: 'error'; chainId: number; error: ChainUnavailableError }

export type MulticallByChainParameters = {
  config: GetChainConfigReturnType
  plans: readonly EvmReadPlan[]
  fetch?: typeof fetch | undefined
  /** Pin each chain to this block instead of its latest (e.g. to re-read a reference at its block). */
  blockNumbers?: ReadonlyMap<number, bigint> | undefined
}

export type MulticallByChainReturnType = EvmPlanResult[]

/**
 * Groups plans by chain and makes ONE `multicall` (one `eth_call` of `aggregate3`) per chain,
 * pinned to one block: the chain's latest block (`eth_getBlockByNumber`, which also gives the
 * timestamp the engine evaluates at) unless `blockNumbers` pins it. Multicall3 where the chain
 * definition has it, viem's deployless multicall where it does not. `allowFailure: true`: a
 * reverting call fails alone; an unreachable chain fails every plan of that chain only.
 *
 * @see https://viem.sh/docs/contract/multicall
 * @see https://github.com/mds1/multicall3
 * @example
 * const [result] = await multicallByChain({ config, plans: [{ chainId: 1, calls }] })
 */
export async function multicallByChain({
  config,
  plans,
  fetch: fetchFn,
  blockNumbers,
}: MulticallByChainParameters): Promise<MulticallByChainReturnType> {
  const byChain = new Map<number, number[]>()
  plans.forEach((plan, i) => {
    const indexes = byChain.get(plan.chainId) ?? []
    indexes.push(i)
    byChain.set(plan.chainId, indexes)
  })
  const out = new Array<EvmPlanResult>(plans.length)
  await Promise.all(
    [...byChain].map(async ([chainId, indexes]) => {
      const chainPlans = indexes.map((i) => plans[i] as EvmReadPlan)
      const outcome = await readChain({
        config,
        chainId,
        plans: chainPlans,
        fetchFn,
        blockNumber: blockNumbers?.get(chainId),
      })
      indexes.forEach((planIndex, k) => {
        out[planIndex] =
          outcome.status === 'error'
            ? { status: 'error', chainId, error: outcome.error }
            : {
                status: 'ok',
                chainId,
                blockNumber: outcome.blockNumber,
                blockTimestamp: outcome.blockTimestamp,
                results: outcome.results[k] as EvmCallResult[],
              }
      })
    }),
  )
  return out
}

type ChainOutcome =
  | { status: 'ok'; blockNumber: bigint; blockTimestamp: bigint; results: EvmCallResult[][] }
  | { status: 'error'; error: ChainUnavailableError }

async function readChain({
  config,
  chainId,
  plans,
  fetchFn,
  blockNumber: pinned,
}: {
  config: GetChainConfigReturnType
  chainId: number
  plans: readonly EvmReadPlan[]
  fetchFn: typeof fetch | undefined
  blockNumber: bigint | undefined
}): Promise<ChainOutcome> {
  let client: PublicClient
  try {
    client = getChainClient({ config, chainId, fetch: fetchFn })
  } catch (error) {
    return { status: 'error', error: toChainError(chainId, error) }
  }
  try {
    const block = await client.getBlock(pinned === undefined ? { blockTag: 'latest' } : { blockNumber: pinned })
    const contracts = plans.flatMap((plan) => plan.calls)
    const settled =
      contracts.length === 0
        ? []
        : await client.multicall({
            contracts,
            allowFailure: true,
            blockNumber: block.number,
            // One eth_call for the whole chain: no chunking by calldata size.
            batchSize: 0,
            deployless: client.chain?.contracts?.multicall3 === undefined,
          })
    const first = settled[0]
    // With one chunk, a transport failure gives every result the same error: the chain failed, not the calls.
    if (first?.status === 'failure' && isTransportError(first.error) && settled.every((r) => r.error === first.error)) {
      return { status: 'error', error: toChainError(chainId, first.error) }
    }
    const flat: EvmCallResult[] = settled.map((r) =>
      r.status === 'success' ? { status: 'success', result: r.result } : { status: 'failure', error: r.error as Error },
    )
    let offset = 0
    const results = plans.map((plan) => {
      const slice = flat.slice(offset, offset + plan.calls.length)
      offset += plan.calls.length
      return slice
    })
    return { status: 'ok', blockNumber: block.number, blockTimestamp: block.timestamp, results }
  } catch (error) {
    return { status: 'error', error: toChainError(chainId, error) }
  }
}

function toChainError(chainId: number, error: unknown): ChainUnavailableError {
  return error instanceof ChainUnavailableError ? error : new ChainUnavailableError({ chainId, cause: error })
}

/** The request did not get an answer (network, timeout, RPC error), as opposed to a call that reverted. */
export function isTransportError(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false
  return Boolean(
    error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError || e instanceof RpcRequestError),
  )
}
