/**
 * The multicall layer's own coder (src/chains/aggregate3.ts) against viem's on real sandbox data: the
 * reads a cold `account` makes (every Aave market's figures, price feeds and the demo accounts'
 * positions), on chain A through Multicall3 and on chain B through the deployless multicall, decode to
 * exactly what viem's `multicall` decodes from the same calls at the same block (bigints and all).
 */
import { env } from 'cloudflare:workers'
import { createPublicClient, http } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { getChainConfig } from '../../src/chains/getChainConfig'
import {
  type EvmCallResult,
  type EvmPlanResult,
  type MulticallByChainParameters,
  multicallByChain,
} from '../../src/chains/multicall'
import { getAaveMarkets, readAaveReferences, readAaveUsers } from '../../src/protocols/aave-v3'
import type { AaveReference } from '../../src/protocols/aave-v3/types'
import { demoAccounts } from '../harness/demoAccounts'

const rpcUrls = JSON.parse(env.RPC_URLS ?? '{}') as Record<string, string[]>
const config = getChainConfig(env)
const recorded: { parameters: MulticallByChainParameters; results: EvmPlanResult[] }[] = []

beforeAll(async () => {
  const references = (await readAaveReferences({ config, markets: getAaveMarkets(env) })).flatMap((r) =>
    r.status === 'ok' ? [r.reference] : [],
  )
  const requests = references.flatMap((reference: AaveReference) =>
    demoAccounts.slice(0, 3).map((account) => ({ reference, account: account.address })),
  )
  await readAaveUsers({
    config,
    requests,
    multicall: async (parameters) => {
      const results = await multicallByChain(parameters)
      recorded.push({ parameters, results })
      return results
    },
  })
}, 120_000)

/** What a result says, errors reduced to "failed" (the coders word their errors differently). */
const outcome = (r: EvmCallResult | { status: 'success' | 'failure'; result?: unknown }) =>
  r.status === 'success' ? { status: 'success', result: r.result } : { status: 'failure' }

describe('the aggregate3 coder on real data', () => {
  it('decodes every call of a cold read exactly as viem does, on both chains', async () => {
    const chains = new Set<number>()
    let compared = 0
    for (const { parameters, results } of recorded) {
      for (const [i, plan] of parameters.plans.entries()) {
        const ours = results[i]
        if (ours?.status !== 'ok') throw new Error(`chain ${plan.chainId} failed: ${JSON.stringify(ours)}`)
        const client = createPublicClient({ transport: http(rpcUrls[String(plan.chainId)]?.[0]) })
        const viems = await client.multicall({
          contracts: plan.calls,
          allowFailure: true,
          blockNumber: ours.blockNumber,
          deployless: true,
          batchSize: 0,
        })
        expect(ours.results.map(outcome)).toEqual(viems.map(outcome))
        chains.add(plan.chainId)
        compared += plan.calls.length
      }
    }
    expect([...chains].sort()).toEqual([31337, 31338])
    expect(compared).toBeGreaterThan(100)
  })
})
