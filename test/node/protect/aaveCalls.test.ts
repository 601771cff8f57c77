/**
 * `protect` on the real Aave v3.0 contracts of the sandbox (chain A): the calls returned for each
 * option, sent as they are from the account itself (an anvil dev account), bring the Pool's own
 * health factor to the target; and each option, applied through the `simulate` path, reaches the
 * target while one unit less does not.
 */
import { type Address, parseAbi } from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { forgetEndpointHealth } from '../../../src/chains/endpointHealth'
import { D } from '../../../src/engine'
import { evaluateEntries } from '../../../src/portfolio/evaluateEntries'
import { type ProtectiveActionView, protectEvaluated } from '../../../src/portfolio/protectPortfolio'
import { simulateEvaluated } from '../../../src/portfolio/simulatePortfolio'
import { clearAaveReferenceCache } from '../../../src/protocols/aave-v3'
import { planProtectiveCalls } from '../../../src/protocols/actions/planProtectiveCalls'
import { expectSuccess, poolAbi, readAaveV3Snapshot } from '../../harness/aave'
import { type SandboxChain, type StartChainsReturnType, startChains } from '../../harness/chains'
import { demoAccount } from '../../harness/demoAccounts'

const mintAbi = parseAbi(['function mint(address account, uint256 value) returns (bool)'])
const TARGET = new D('1.5')
const WAD = 10n ** 18n

let chains: StartChainsReturnType
let a: SandboxChain
let baseline: `0x${string}` | undefined

beforeAll(async () => {
  chains = await startChains()
  a = chains.chains.a
}, 600_000)

afterAll(async () => {
  await chains?.close()
})

beforeEach(async () => {
  if (baseline) await a.client.revert({ id: baseline })
  baseline = await a.client.snapshot()
  clearAaveReferenceCache()
  forgetEndpointHealth()
})

async function protectNearLiquidation() {
  const user = demoAccount('near-liquidation').address
  const snapshot = await readAaveV3Snapshot(a.client, {
    addressesProvider: a.market.addressesProvider,
    user,
    stableSymbols: ['USDC', 'DAI', 'USDT'],
  })
  if (!snapshot) throw new Error('near-liquidation holds nothing on chain A')
  const before = evaluateEntries([{ snapshot, source: null }], [])
  const protection = protectEvaluated(
    { nowMs: snapshot.asOfSec * 1000 },
    {
      before,
      warnings: [],
      views: before.views,
      target: { kind: 'healthFactor', value: TARGET },
      volatilities: new Map(),
    },
  )
  return { user, before, protection: protection.marginAccounts[0] }
}

const hfOf = (action: { after: { report: { healthFactor: unknown } } }) => {
  const hf = action.after.report.healthFactor as { kind: string; value?: D } | null
  return hf?.kind === 'finite' ? (hf.value as D) : null
}

describe('protect on the real Aave v3.0 Pool', () => {
  it('offers supply and repay options, each minimal to the token unit through the simulate path', async () => {
    const { before, protection } = await protectNearLiquidation()
    expect(protection?.status).toBe('actions')
    const options = protection?.options ?? []
    expect(options.some((o) => o.kind === 'addCollateral')).toBe(true)
    expect(options.some((o) => o.kind === 'repay' && o.fundedFrom === null)).toBe(true)
    for (const option of options) {
      // The option's own figures are the simulate path's.
      expect(hfOf(option)?.gte(TARGET)).toBe(true)
      // One unit less, through the same path, misses the target.
      const less = lessBy(option, option.unit)
      const simulation = simulateEvaluated(
        { nowMs: 0 },
        before,
        [],
        [{ marginAccount: option.marginAccount, change: less }],
      )
      const after = simulation.marginAccounts[0]
      const hf = after?.report.healthFactor
      expect(
        hf?.kind === 'finite' && hf.value.lt(TARGET),
        `${option.kind} ${option.asset} ${option.amount} − 1 unit`,
      ).toBe(true)
    }
  }, 600_000)

  it('the calls, sent from the account, bring the Pool’s health factor to the target', async () => {
    const { protection } = await protectNearLiquidation()
    const sendable = (protection?.options ?? []).filter(
      (o) => o.kind === 'addCollateral' || (o.kind === 'repay' && o.fundedFrom === null),
    )
    expect(sendable.length).toBeGreaterThanOrEqual(2)
    for (const option of sendable) {
      await a.client.revert({ id: baseline as `0x${string}` })
      baseline = await a.client.snapshot()
      const user = option.before.snapshot.account as Address
      const calls = planProtectiveCalls(option.before.snapshot, option)
      expect(calls.map((c) => c.description.split('(')[0])).toEqual(
        option.kind === 'addCollateral'
          ? [`${option.asset}.approve`, 'Pool.supply']
          : [`${option.asset}.approve`, 'Pool.repay'],
      )
      // External funds: the account first receives the tokens it pays with (the sandbox tokens are mintable).
      const token = calls[0]?.to as Address
      const amount = BigInt(option.amount.mul(new D(10).pow(decimalsOf(option))).toFixed(0))
      await expectSuccess(
        a.client,
        await a.client.writeContract({
          address: token,
          abi: mintAbi,
          functionName: 'mint',
          args: [user, amount],
          account: user,
          chain: a.client.chain,
        }),
      )
      for (const call of calls)
        await expectSuccess(
          a.client,
          await a.client.sendTransaction({
            account: user,
            to: call.to,
            data: call.data,
            value: call.value,
            chain: a.client.chain,
            gas: 3_000_000n,
          }),
        )
      const [, , , , , healthFactor] = await a.client.readContract({
        address: a.market.pool,
        abi: poolAbi,
        functionName: 'getUserAccountData',
        args: [user],
      })
      const onChain = new D(healthFactor.toString()).div(WAD.toString())
      // Interest accrues for the few seconds between the read and the mined calls: within 1e-6 of the target.
      expect(onChain.sub(TARGET).abs().div(TARGET).lt('1e-6'), `${option.kind} ${option.asset}: ${onChain}`).toBe(true)
    }
  }, 600_000)
})

function decimalsOf(option: ProtectiveActionView): number {
  const snapshot = option.before.snapshot
  if (snapshot.model !== 'aave-v3') throw new Error('not Aave')
  const reserve = snapshot.reserves.find((r) => r.symbol === option.asset)
  if (!reserve) throw new Error(`no reserve ${option.asset}`)
  return reserve.decimals
}

/** The option's change with `unit` less. */
function lessBy(option: ProtectiveActionView, unit: D) {
  const change = option.change
  if (change.kind === 'deposit' || change.kind === 'repay')
    return { ...change, amount: new D(change.amount).sub(unit).toFixed() }
  throw new Error(change.kind)
}
