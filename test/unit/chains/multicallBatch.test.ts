import { describe, expect, it } from 'vitest'
import { getChainConfig } from '../../../src/chains/getChainConfig'
import type { EvmPlanResult, EvmReadPlan, MulticallByChainParameters } from '../../../src/chains/multicall'
import { createMulticallBatch, type Multicall } from '../../../src/chains/multicallBatch'

const config = getChainConfig({ RPC_URLS: '{"31337":["http://127.0.0.1:1"]}' })

/** A stand-in for `multicallByChain` that records each call and answers each plan with its call count. */
function recording() {
  const calls: MulticallByChainParameters[] = []
  const underlying: Multicall = async (parameters) => {
    calls.push(parameters)
    return parameters.plans.map(
      (plan): EvmPlanResult => ({
        status: 'ok',
        chainId: plan.chainId,
        blockNumber: 7n,
        blockTimestamp: 70n,
        results: plan.calls.map(() => ({ status: 'success', result: plan.calls.length })),
      }),
    )
  }
  return { calls, underlying }
}

const plan = (calls: number): EvmReadPlan => ({
  chainId: 31337,
  calls: Array.from(
    { length: calls },
    () => ({ address: '0x0000000000000000000000000000000000000001', abi: [], functionName: 'x' }) as never,
  ),
})

const yieldTurns = async (n: number) => {
  for (let i = 0; i < n; i++) await Promise.resolve()
}

describe('createMulticallBatch', () => {
  it('sends the first round of every member as ONE multicall and gives each its own results back', async () => {
    const { calls, underlying } = recording()
    const batch = createMulticallBatch(underlying)
    const [a, b] = await Promise.all([
      batch.join(async (multicall) => multicall({ config, plans: [plan(1), plan(2)] })),
      batch.join(async (multicall) => {
        await yieldTurns(5) // reaches its read later than the other member
        return multicall({ config, plans: [plan(3)] })
      }),
    ])
    expect(calls).toHaveLength(1)
    expect(calls[0]?.plans.map((p) => p.calls.length)).toEqual([1, 2, 3])
    expect(a?.map((r) => (r.status === 'ok' ? r.results.length : -1))).toEqual([1, 2])
    expect(b?.map((r) => (r.status === 'ok' ? r.results.length : -1))).toEqual([3])
  })

  it('does not wait for a member that settles without reading (a failure, nothing to read)', async () => {
    const { calls, underlying } = recording()
    const batch = createMulticallBatch(underlying)
    const [read, failed] = await Promise.allSettled([
      batch.join(async (multicall) => multicall({ config, plans: [plan(1)] })),
      batch.join(async () => {
        await yieldTurns(3)
        throw new Error('reference read failed')
      }),
    ])
    expect(read.status).toBe('fulfilled')
    expect(failed.status).toBe('rejected')
    expect(calls).toHaveLength(1)
  })

  it('later rounds and pinned reads go out at once, on their own', async () => {
    const { calls, underlying } = recording()
    const batch = createMulticallBatch(underlying)
    await Promise.all([
      batch.join(async (multicall) => {
        // Pinned to a block: not the member's first round, and nobody waits on it.
        await multicall({ config, plans: [plan(1)], blockNumbers: new Map([[31337, 5n]]) })
        await multicall({ config, plans: [plan(2)] })
        await multicall({ config, plans: [plan(4)] }) // second round: depends on the first
      }),
      batch.join(async (multicall) => multicall({ config, plans: [plan(3)] })),
    ])
    expect(calls.map((c) => c.plans.map((p) => p.calls.length).sort())).toEqual([[1], [2, 3], [4]])
  })

  it('a failing batched read fails every member in it', async () => {
    const batch = createMulticallBatch(async () => {
      throw new Error('chain down')
    })
    const results = await Promise.allSettled([
      batch.join(async (multicall) => multicall({ config, plans: [plan(1)] })),
      batch.join(async (multicall) => multicall({ config, plans: [plan(1)] })),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
  })
})
