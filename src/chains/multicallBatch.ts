import {
  type EvmReadPlan,
  type MulticallByChainParameters,
  type MulticallByChainReturnType,
  multicallByChain,
} from './multicall'

/** `multicallByChain`'s shape: what an adapter calls to read its plans. */
export type Multicall = (parameters: MulticallByChainParameters) => Promise<MulticallByChainReturnType>

export type MulticallBatch = {
  /**
   * Runs one reader (an EVM adapter's read) as a member of the batch. Its FIRST unpinned multicall waits
   * until every member has either made its own or finished without one, then all of them go out as ONE
   * `multicallByChain`: one `eth_call` per chain for every adapter together, all at one block. Later
   * rounds and pinned reads (`blockNumbers`) go out at once, as they depend on what the first read.
   * Members join synchronously, before any of them awaits (e.g. inside one `Promise.all`).
   */
  join<result>(read: (multicall: Multicall) => Promise<result>): Promise<result>
}

type Queued = {
  parameters: MulticallByChainParameters
  resolve: (results: MulticallByChainReturnType) => void
  reject: (error: unknown) => void
}

/**
 * A batch for the readers of one loader round (`underlying` reads: `multicallByChain` but in tests) (src/sources/createSourceLoader.ts): Aave and Morpho on the
 * same chain share their first `eth_call` instead of making one each. A member that fails or reads nothing
 * leaves the batch when it settles, so no member waits on it.
 *
 * @example
 * const batch = createMulticallBatch()
 * await Promise.all([batch.join((multicall) => readAave(multicall)), batch.join((multicall) => readMorpho(multicall))])
 */
export function createMulticallBatch(underlying: Multicall = multicallByChain): MulticallBatch {
  let waiting = 0
  let queued: Queued[] = []

  // After the current turn: members joining in the same turn (one Promise.all) are counted first.
  const flush = () => queueMicrotask(flushNow)
  const flushNow = () => {
    if (waiting > 0 || queued.length === 0) return
    const requests = queued
    queued = []
    // Requests with the same chain configuration and fetch go together; any other is read on its own.
    const groups: Queued[][] = []
    for (const request of requests) {
      const { config, fetch } = request.parameters
      const group = groups.find(([first]) => first?.parameters.config === config && first.parameters.fetch === fetch)
      if (group) group.push(request)
      else groups.push([request])
    }
    for (const group of groups) void readGroup(underlying, group)
  }

  return {
    async join(read) {
      waiting++
      let submitted = false
      const multicall: Multicall = (parameters) => {
        if (submitted || parameters.blockNumbers !== undefined) return underlying(parameters)
        submitted = true
        const promise = new Promise<MulticallByChainReturnType>((resolve, reject) => {
          queued.push({ parameters, resolve, reject })
        })
        waiting--
        flush()
        return promise
      }
      try {
        return await read(multicall)
      } finally {
        if (!submitted) {
          submitted = true
          waiting--
          flush()
        }
      }
    },
  }
}

/** One `multicallByChain` for the group's plans together, each request given back its own results. */
async function readGroup(underlying: Multicall, group: readonly Queued[]): Promise<void> {
  const [head] = group
  if (!head) return
  const plans: EvmReadPlan[] = group.flatMap((request) => [...request.parameters.plans])
  try {
    const results = await underlying({ ...head.parameters, plans })
    let at = 0
    for (const request of group) {
      request.resolve(results.slice(at, at + request.parameters.plans.length))
      at += request.parameters.plans.length
    }
  } catch (error) {
    for (const request of group) request.reject(error)
  }
}
