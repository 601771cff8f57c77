import {
  type Abi,
  type AbiParameter,
  type Address,
  BaseError,
  type ContractFunctionParameters,
  type Hex,
  HttpRequestError,
  hexToBigInt,
  numberToHex,
  RpcRequestError,
  TimeoutError,
} from 'viem'
import {
  decodeAggregate3,
  decodeCallResult,
  encodeAggregate3Call,
  encodeAggregate3Tuples,
  encodeCall,
  GET_BLOCK_NUMBER_CALLDATA,
  GET_CURRENT_BLOCK_TIMESTAMP_CALLDATA,
  toDeploylessAggregate3,
} from './aggregate3'
import { ChainUnavailableError, RpcEndpointsFailedError } from './errors'
import { type GetChainRpcReturnType, getChainRpc } from './getChainClient'
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
 * Groups plans by chain and makes ONE `multicall` (one `eth_call` of `aggregate3`) per chain
 * (per MAX_CALLS_PER_MULTICALL calls for very large reads), all at one block: the chain's latest
 * unless `blockNumbers` pins it. With Multicall3 (every production chain) the read is ONE JSON-RPC
 * request: the first `aggregate3` also calls Multicall3's `getBlockNumber()` and
 * `getCurrentBlockTimestamp()`, which answer for the block the `eth_call` runs on (the timestamp the
 * engine evaluates at), and further chunks are pinned to that block. Without Multicall3, viem's
 * deployless multicall, its first call a block probe placed by a state override (`BLOCK_PROBE`):
 * one request too (two, header first, where the nodes refuse state overrides). `allowFailure: true`: a
 * reverting call fails alone; an unreachable chain fails every plan of that chain only. A chain whose
 * plans have no call and no pinned block is not read (its plans fail with "not read").
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
  if (pinned === undefined && plans.every((plan) => plan.calls.length === 0)) {
    // Nothing to read and no block asked for (e.g. a later round for markets whose chain already failed):
    // no request, so a chain that is down costs its timeout once per read, not once per round.
    return {
      status: 'error',
      error: new ChainUnavailableError({
        chainId,
        reason: `Chain ${chainId} was not read: no calls were planned on it.`,
      }),
    }
  }
  let rpc: ChainRpc
  try {
    rpc = getChainRpc({ config, chainId, fetch: fetchFn })
  } catch (error) {
    return { status: 'error', error: toChainError(chainId, error) }
  }
  try {
    const multicall3 = rpc.chain.contracts?.multicall3?.address
    if (multicall3) {
      // The first chunk carries the block; the others (reads over MAX_CALLS_PER_MULTICALL) are pinned to it.
      const [first = [], ...rest] = chunkPlans(plans, MAX_CALLS_PER_MULTICALL, () => 1)
      const head = await aggregate3({
        rpc,
        multicall3,
        calls: encodePlans(first),
        block: pinned ?? 'latest',
        withBlock: true,
      })
      if (!head.block) throw new Error(`Multicall3 at ${multicall3} did not answer its block number.`)
      const { blockNumber, blockTimestamp } = head.block
      const others = await mapWithConcurrency(rest, CHUNKS_IN_FLIGHT, async (chunk) =>
        sliceByPlan(
          chunk,
          (
            await aggregate3({
              rpc,
              multicall3,
              calls: encodePlans(chunk),
              block: blockNumber,
              withBlock: false,
            })
          ).results,
        ),
      )
      return {
        status: 'ok',
        blockNumber,
        blockTimestamp,
        results: [...sliceByPlan(first, head.results), ...others.flat()],
      }
    }
    const [first = [], ...rest] = chunkPlans(plans, DEPLOYLESS_RESULT_BYTES, estimateResultBytes)
    // The first chunk carries the block probe: its block and the reads in one request, as with Multicall3.
    const head = refusesStateOverride.has(chainId)
      ? undefined
      : await deploylessWithBlock({ rpc, chainId, calls: encodePlans(first), pinned })
    if (head === undefined) {
      // The node refuses state overrides: the block header first, then every chunk pinned to it (two rounds).
      const block = await getBlock(rpc, pinned)
      const chunks = await mapWithConcurrency([first, ...rest], CHUNKS_IN_FLIGHT, (chunk) =>
        readDeploylessChunk({ rpc, chainId, chunk, blockNumber: block.number }),
      )
      return { status: 'ok', blockNumber: block.number, blockTimestamp: block.timestamp, results: chunks.flat() }
    }
    const { blockNumber, blockTimestamp } = head
    const others = await mapWithConcurrency(rest, CHUNKS_IN_FLIGHT, (chunk) =>
      readDeploylessChunk({ rpc, chainId, chunk, blockNumber }),
    )
    return {
      status: 'ok',
      blockNumber,
      blockTimestamp,
      results: [...sliceByPlan(first, head.results), ...others.flat()],
    }
  } catch (error) {
    return { status: 'error', error: toChainError(chainId, error) }
  }
}

/** Each plan's slice of the results of its chunk's calls, in plan order. */
function sliceByPlan(chunk: readonly EvmReadPlan[], flat: readonly EvmCallResult[]): EvmCallResult[][] {
  let offset = 0
  return chunk.map((plan) => {
    const slice = flat.slice(offset, offset + plan.calls.length)
    offset += plan.calls.length
    return slice
  })
}

/** One deployless multicall for consecutive plans; each plan gets its slice of the results. */
async function readDeploylessChunk({
  rpc,
  chainId,
  chunk,
  blockNumber,
}: {
  rpc: ChainRpc
  chainId: number
  chunk: readonly EvmReadPlan[]
  blockNumber: bigint
}): Promise<EvmCallResult[][]> {
  const calls = encodePlans(chunk)
  if (calls.contracts.length === 0) return chunk.map(() => [])
  return sliceByPlan(chunk, await deploylessMulticall({ rpc, chainId, calls, blockNumber }))
}

/**
 * One `aggregate3` eth_call at Multicall3, encoded and decoded by ./aggregate3.ts (the hot path of a
 * cron tick). A transport failure throws: the chain failed, not the calls. Read at `latest` (or
 * asked to, any block), it first calls Multicall3's own block getters and returns the block with
 * the results: the read and its block in one request.
 */
async function aggregate3({
  rpc,
  multicall3,
  calls: { contracts, encoded },
  block,
  withBlock,
}: {
  rpc: ChainRpc
  multicall3: Address
  calls: EncodedCalls
  /** A block number, or `latest`. */
  block: bigint | 'latest'
  /** Also answer the block's number and timestamp (Multicall3's getters, first in the same call). */
  withBlock: boolean
}): Promise<{ results: EvmCallResult[]; block?: { blockNumber: bigint; blockTimestamp: bigint } | undefined }> {
  const head = withBlock ? HEAD_CALLS.length : 0
  const data = encodeAggregate3Tuples([
    ...(head > 0 ? HEAD_CALLS.map((callData) => encodeAggregate3Call(multicall3, callData)) : []),
    ...encoded.map((item) => ('tuple' in item ? item.tuple : encodeAggregate3Call(multicall3, '0x'))),
  ])
  const answer = await rpc.request('eth_call', [
    { to: multicall3, data },
    block === 'latest' ? 'latest' : numberToHex(block),
  ])
  const all = decodeAggregate3(callData(answer))
  if (all.length !== contracts.length + head)
    throw new Error(`aggregate3 answered ${all.length} results for ${contracts.length + head} calls.`)
  const [blockNumber, blockTimestamp] = all.slice(0, head).map(({ success, returnData }) => {
    if (!success || returnData.length !== 66) throw new Error('Multicall3 block getters failed.')
    return BigInt(returnData)
  })
  const results = decodeResults(contracts, encoded, all.slice(head))
  return {
    results,
    block: blockNumber === undefined || blockTimestamp === undefined ? undefined : { blockNumber, blockTimestamp },
  }
}

/** Multicall3's getters of the block an `eth_call` runs on, first in a read that needs its block. */
const HEAD_CALLS: readonly Hex[] = [GET_BLOCK_NUMBER_CALLDATA, GET_CURRENT_BLOCK_TIMESTAMP_CALLDATA]

/** A sub-call reverted (its revert data kept for logs). */
export class CallRevertedError extends Error {
  override name = 'CallRevertedError'
  readonly revertData: Hex
  constructor(call: EvmCall, revertData: Hex) {
    super(
      `${call.functionName} on ${call.address} reverted${revertData === '0x' ? '' : ` (${revertData.slice(0, 74)})`}.`,
    )
    this.revertData = revertData
  }
}

/**
 * A contract of 13 bytes that answers any call with `(block.number, block.timestamp)`:
 * `NUMBER PUSH1 0 MSTORE TIMESTAMP PUSH1 32 MSTORE PUSH1 64 PUSH1 0 RETURN` (no PUSH0, so it runs
 * before Shanghai too). A deployless multicall cannot call Multicall3's block getters (Multicall3
 * is not there), so this code is placed for the one `eth_call` by its state override (the call's
 * third parameter: geth, Erigon, Nethermind, Besu, reth and anvil take it) at an address nothing
 * uses, and called first: the reads and their block in one request.
 * @see https://geth.ethereum.org/docs/interacting-with-geth/rpc/ns-eth#eth-call (state override set)
 */
const BLOCK_PROBE = {
  address: '0x00000000000000000000000000000000b10cb10c',
  code: '0x436000524260205260406000f3',
  abi: [
    {
      type: 'function',
      name: 'block',
      stateMutability: 'view',
      inputs: [],
      outputs: [
        { name: 'number', type: 'uint256' },
        { name: 'timestamp', type: 'uint256' },
      ],
    },
  ],
} as const

/** The probe's call, first in a deployless read with its block (one array: encoded once). */
const PROBE_CALLS: readonly EvmCall[] = [
  { address: BLOCK_PROBE.address, abi: BLOCK_PROBE.abi, functionName: 'block' } as EvmCall,
]

/**
 * Chains whose nodes refused the probe's state override (the request, not the chain: every endpoint
 * answered with a JSON-RPC error). Reads there go the two-round way for the isolate's life.
 */
const refusesStateOverride = new Set<number>()

/**
 * One deployless multicall with the block probe first: the block (the one asked for, or the
 * latest) and the chunk's results. `undefined` when the nodes refuse the probe (then remembered).
 */
async function deploylessWithBlock({
  rpc,
  chainId,
  calls,
  pinned,
}: {
  rpc: ChainRpc
  chainId: number
  calls: EncodedCalls
  pinned: bigint | undefined
}): Promise<{ blockNumber: bigint; blockTimestamp: bigint; results: EvmCallResult[] } | undefined> {
  let settled: EvmCallResult[]
  try {
    settled = await deploylessMulticall({
      rpc,
      chainId,
      calls: {
        contracts: [...PROBE_CALLS, ...calls.contracts],
        encoded: [...encodeCalls(PROBE_CALLS), ...calls.encoded],
      },
      blockNumber: pinned,
      stateOverride: [{ address: BLOCK_PROBE.address, code: BLOCK_PROBE.code }],
    })
  } catch (error) {
    if (!answeredWithRpcErrors(error)) throw error
    refusesStateOverride.add(chainId)
    return undefined
  }
  const [block, ...results] = settled
  if (block?.status !== 'success') {
    refusesStateOverride.add(chainId)
    return undefined
  }
  const [blockNumber, blockTimestamp] = block.result as readonly [bigint, bigint]
  return { blockNumber, blockTimestamp, results }
}

/** Every endpoint answered, each with a JSON-RPC error: the nodes refuse the request's shape; none is down. */
function answeredWithRpcErrors(error: unknown): boolean {
  const cause = error instanceof ChainUnavailableError ? error.cause : error
  const failed =
    cause instanceof BaseError
      ? (cause.walk((e) => e instanceof RpcEndpointsFailedError) as RpcEndpointsFailedError | null)
      : null
  return Boolean(failed && failed.failures.length > 0 && failed.failures.every((f) => f.kind === 'rpc'))
}

/**
 * Chains without Multicall3 (the sandbox's chain B): the deployless multicall, which sends the
 * Multicall3 bytecode with the calls (the `eth_call` viem's `multicall({ deployless: true })` makes:
 * `call({ code: multicall3Bytecode, data: aggregate3(calls) })`), encoded (`encodeDeploylessAggregate3`) and
 * decoded by ./aggregate3.ts like the Multicall3 path, not by viem's general coder (most of a cold read's CPU).
 * A transport failure throws (the chain failed); a failure of the whole call that is not one (the
 * node ran it and it failed) fails every call, as viem's multicall does with `allowFailure`.
 */
async function deploylessMulticall({
  rpc,
  chainId,
  calls: { contracts, encoded },
  blockNumber,
  stateOverride,
}: {
  rpc: ChainRpc
  chainId: number
  calls: EncodedCalls
  /** The block to read at; the latest when undefined. */
  blockNumber: bigint | undefined
  stateOverride?: { address: Address; code: Hex }[] | undefined
}): Promise<EvmCallResult[]> {
  const data = toDeploylessAggregate3(
    encodeAggregate3Tuples(
      encoded.map((item) => ('tuple' in item ? item.tuple : encodeAggregate3Call(NO_OP_TARGET, '0x'))),
    ),
  )
  let answer: Hex
  try {
    const block = blockNumber === undefined ? 'latest' : numberToHex(blockNumber)
    answer = callData(
      await rpc.request(
        'eth_call',
        stateOverride
          ? [{ data }, block, Object.fromEntries(stateOverride.map(({ address, code }) => [address, { code }]))]
          : [{ data }, block],
      ),
    )
  } catch (error) {
    if (isTransportError(error)) throw toChainError(chainId, error)
    const failure = error instanceof Error ? error : new Error(String(error))
    return contracts.map(() => ({ status: 'failure', error: failure }))
  }
  const all = decodeAggregate3(answer)
  if (all.length !== contracts.length)
    throw new Error(`aggregate3 answered ${all.length} results for ${contracts.length} calls.`)
  return decodeResults(contracts, encoded, all)
}

/** The chain's JSON-RPC requests (no viem client: ./aggregate3.ts encodes and decodes the calls). */
type ChainRpc = GetChainRpcReturnType

/** An `eth_call`'s answer: its return data (an empty answer is `0x`). */
function callData(answer: unknown): Hex {
  if (typeof answer !== 'string' || !answer.startsWith('0x')) throw new Error('eth_call answered no return data.')
  return answer as Hex
}

/**
 * The block (number and timestamp) at `pinned`, or the latest: `eth_getBlockByNumber` without its
 * transactions, for nodes that refuse the block probe's state override.
 */
async function getBlock(rpc: ChainRpc, pinned: bigint | undefined): Promise<{ number: bigint; timestamp: bigint }> {
  const block = (await rpc.request('eth_getBlockByNumber', [
    pinned === undefined ? 'latest' : numberToHex(pinned),
    false,
  ])) as { number?: unknown; timestamp?: unknown } | null
  if (typeof block?.number !== 'string' || typeof block.timestamp !== 'string')
    throw new Error(`Block ${pinned ?? 'latest'} was not found.`)
  return { number: hexToBigInt(block.number as Hex), timestamp: hexToBigInt(block.timestamp as Hex) }
}

/** A call that cannot be encoded is sent as a no-op (an empty call to an address with no code) and answered as a failure. */
const NO_OP_TARGET: Address = '0x0000000000000000000000000000000000000000'

/** A call's calldata and its aggregate3 tuple, or why it cannot be encoded (that call then fails alone, as with viem's multicall). */
type EncodedCall = { callData: Hex; tuple: string } | { error: Error }

/** Calls to send in one multicall, each with its encoding (same order). */
type EncodedCalls = { contracts: readonly EvmCall[]; encoded: readonly EncodedCall[] }

/** The calls of consecutive plans, encoded. */
function encodePlans(plans: readonly EvmReadPlan[]): EncodedCalls {
  return { contracts: plans.flatMap((plan) => plan.calls), encoded: plans.flatMap((plan) => encodeCalls(plan.calls)) }
}

/**
 * Encodings per planned calls array, per isolate: an adapter that plans a market's shared calls once per
 * reference (Aave's, src/protocols/aave-v3/readAaveUsers.ts) has them encoded once per reference too, not on every read.
 * Plans are not changed once made (they are data handed to the multicall).
 */
const encodings = new WeakMap<readonly EvmCall[], readonly EncodedCall[]>()

function encodeCalls(calls: readonly EvmCall[]): readonly EncodedCall[] {
  let encoded = encodings.get(calls)
  if (encoded === undefined) {
    encoded = calls.map((call): EncodedCall => {
      try {
        if (!/^0x[0-9a-fA-F]{40}$/.test(call.address)) throw new Error(`"${call.address}" is not an address.`)
        const callData = encodeCall(call)
        return { callData, tuple: encodeAggregate3Call(call.address, callData) }
      } catch (error) {
        return { error: error instanceof Error ? error : new Error(String(error)) }
      }
    })
    encodings.set(calls, encoded)
  }
  return encoded
}

/** Each call's outcome from its (success, returnData): a revert or an undecodable answer is that call's failure. */
function decodeResults(
  contracts: readonly EvmCall[],
  encoded: readonly EncodedCall[],
  answered: readonly { success: boolean; returnData: Hex }[],
): EvmCallResult[] {
  return answered.map(({ success, returnData }, i): EvmCallResult => {
    const call = contracts[i] as EvmCall
    const item = encoded[i]
    if (item && 'error' in item) return { status: 'failure', error: item.error }
    if (!success) return { status: 'failure', error: new CallRevertedError(call, returnData) }
    try {
      return { status: 'success', result: decodeCallResult(call, returnData) }
    } catch (error) {
      return { status: 'failure', error: error instanceof Error ? error : new Error(String(error)) }
    }
  })
}

/** Multicalls of one chain in flight at once: enough to overlap latency, few enough not to swamp a node. */
const CHUNKS_IN_FLIGHT = 4

/** `items.map(run)` with at most `limit` runs pending at a time; results in input order. */
async function mapWithConcurrency<item, result>(
  items: readonly item[],
  limit: number,
  run: (item: item) => Promise<result>,
): Promise<result[]> {
  const out = new Array<result>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      out[index] = await run(items[index] as item)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

/**
 * Most calls in one `eth_call`. Each sub-call costs a few thousand gas, and nodes cap `eth_call` gas
 * (geth's default RPC gas cap is 50M; anvil uses its 30M block gas limit), so a cron tick over thousands
 * of accounts is cut into several multicalls at the same block: requests grow by batch, not by account.
 */
export const MAX_CALLS_PER_MULTICALL = 1_000
/**
 * A deployless multicall runs as a contract creation whose "deployed code" is the results, so EIP-170 caps
 * the ENCODED RESULTS at 24,576 bytes (anvil answers CreateContractSizeLimit); chunks stay under this
 * budget by the size each call's outputs encode to (`estimateResultBytes`). The calls' own encoding
 * (EIP-3860: 49,152 bytes of initcode) is always smaller for the reads made here.
 */
const DEPLOYLESS_RESULT_BYTES = 22_000

/** Bytes one call adds to `aggregate3`'s encoded result: the (success, bytes) tuple head plus its outputs. */
function estimateResultBytes(call: EvmCall): number {
  let byName = resultBytes.get(call.abi)
  if (!byName) {
    byName = new Map()
    resultBytes.set(call.abi, byName)
  }
  let bytes = byName.get(call.functionName)
  if (bytes === undefined) {
    const item = call.abi.find((entry) => entry.type === 'function' && entry.name === call.functionName)
    const outputs = item && 'outputs' in item ? item.outputs : []
    bytes = 128 + outputs.reduce((total, output) => total + parameterBytes(output), 0)
    byName.set(call.functionName, bytes)
  }
  return bytes
}

/** `estimateResultBytes` per ABI and function, per isolate (the ABIs are module constants). */
const resultBytes = new WeakMap<object, Map<string, number>>()

/** Encoded size of one ABI parameter; dynamic arrays and strings are guessed at 8 words. */
function parameterBytes(parameter: AbiParameter): number {
  if (parameter.type.endsWith(']') || parameter.type === 'string' || parameter.type === 'bytes') return 32 * 8
  if (parameter.type === 'tuple' && 'components' in parameter)
    return parameter.components.reduce((total, component) => total + parameterBytes(component), 0)
  return 32
}

/** Consecutive plans grouped so each group weighs at most `budget` (a heavier plan stays whole). */
function chunkPlans(plans: readonly EvmReadPlan[], budget: number, weight: (call: EvmCall) => number): EvmReadPlan[][] {
  const chunks: EvmReadPlan[][] = []
  let current: EvmReadPlan[] = []
  let used = 0
  for (const plan of plans) {
    const planWeight = plan.calls.reduce((total, call) => total + weight(call), 0)
    if (current.length > 0 && used + planWeight > budget) {
      chunks.push(current)
      current = []
      used = 0
    }
    current.push(plan)
    used += planWeight
  }
  chunks.push(current)
  return chunks
}

/** The chain's failure, saying why when the transport knows (every endpoint timed out, lagged, …). */
function toChainError(chainId: number, error: unknown): ChainUnavailableError {
  if (error instanceof ChainUnavailableError) return error
  const failed =
    error instanceof BaseError
      ? (error.walk((e) => e instanceof RpcEndpointsFailedError) as RpcEndpointsFailedError | null)
      : null
  return new ChainUnavailableError({ chainId, reason: failed?.summary, cause: error })
}

/** The request did not get an answer (network, timeout, RPC error), as opposed to a call that reverted. */
export function isTransportError(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false
  return Boolean(
    error.walk(
      (e) =>
        e instanceof RpcEndpointsFailedError ||
        e instanceof HttpRequestError ||
        e instanceof TimeoutError ||
        e instanceof RpcRequestError,
    ),
  )
}
