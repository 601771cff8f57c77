import { type Address, getAddress, parseAbi } from 'viem'
import { aggregatorV3Abi } from '../../../src/protocols/aave-v3/abi'
import { setSequencer } from '../aave/actions'
import { createAnvilClient } from '../aave/createAnvilClient'
import type { SandboxFile } from '../sandbox'

/** How long ago the sequencer came back with `up` and `graceOver`: a day, as the seeded chain has it. */
const LONG_AGO_SEC = 86_400

export type SetSandboxSequencerParameters = {
  /** `down`: down since now; `up`: back up since now (in the grace period) or, with `graceOver`, since long ago. */
  action: 'down' | 'up' | 'status'
  /** `up`: the sequencer came back a day ago (or longer, past a longer grace period): liquidations allowed. */
  graceOver?: boolean | undefined
  /** The wall clock, ms: "now" for the change and the ages returned. Default `Date.now()`. */
  nowMs?: number | undefined
}

export type SandboxSequencerStatus = {
  name: string
  chainId: number
  oracle: Address
  sentinel: Address
  /** `latestRoundData().answer` is 0. */
  up: boolean
  /** `latestRoundData().updatedAt`: since when it is in that state, unix seconds (the v3.0 sentinel's reading). */
  sinceSec: number
  /** Wall clock minus `sinceSec`, seconds. */
  ageSec: number
  gracePeriodSec: number
  /** The market's PriceOracleSentinel, asked on the latest block: up and past the grace period. */
  liquidationAllowed: boolean
}

export type SetSandboxSequencerReturnType = SandboxSequencerStatus[]

const sentinelAbi = parseAbi(['function isLiquidationAllowed() view returns (bool)'])

/**
 * `npm run sandbox -- sequencer down|up`: moves the L2 sequencer uptime oracle of the chains that have one
 * (chain B) through one transaction from its owner (`setSequencer`, mined at once by `expectSuccess`): down
 * since now (the Worker reports SEQUENCER_DOWN), up since now (SEQUENCER_GRACE: the market's
 * PriceOracleSentinel holds liquidations for its grace period), or up since a day ago (grace over). "Now" is
 * the wall clock, or the chain's latest block's time when the chain is behind it (a stopped chain, or anvil's
 * clock a second behind), so that the sentinel never reads a change from its future (its
 * `block.timestamp - updatedAt` would revert). `npm run sandbox -- reset` puts the seeded state back (up for
 * a day). Returns each oracle's `latestRoundData` as read back, and the sentinel's verdict.
 *
 * @throws {Error} when the sandbox file names no sequencer oracle (written before it did: restart `npm run dev`).
 * @example
 * await setSandboxSequencer(file, { action: 'up' }) // SEQUENCER_GRACE for the next hour
 */
export async function setSandboxSequencer(
  file: SandboxFile,
  { action, graceOver = false, nowMs = Date.now() }: SetSandboxSequencerParameters,
): Promise<SetSandboxSequencerReturnType> {
  const chains = file.chains.flatMap((c) => (c.sequencer ? [{ ...c, sequencer: c.sequencer }] : []))
  if (chains.length === 0)
    throw new Error(
      'No chain of the sandbox file has a sequencer oracle (the file predates them): restart `npm run dev`.',
    )
  const nowSec = Math.floor(nowMs / 1000)
  return await Promise.all(
    chains.map(async (c): Promise<SandboxSequencerStatus> => {
      const client = createAnvilClient(c)
      const oracle = getAddress(c.sequencer.oracle)
      const sentinel = getAddress(c.sequencer.sentinel)
      if (action !== 'status') {
        const latest = await client.getBlock({ blockTag: 'latest' })
        // Never after the latest block: anvil may stamp the next block with the same second (under load), and
        // the sentinel's `block.timestamp - updatedAt` must not underflow.
        const chainNowSec = Math.min(nowSec, Number(latest.timestamp))
        const sinceSec =
          action === 'up' && graceOver
            ? chainNowSec - Math.max(LONG_AGO_SEC, c.sequencer.gracePeriodSec + 1)
            : chainNowSec
        await setSequencer(client, { sequencerOracle: oracle }, { up: action === 'up', sinceSec })
      }
      const [[, answer, , updatedAt], liquidationAllowed] = await Promise.all([
        client.readContract({ address: oracle, abi: aggregatorV3Abi, functionName: 'latestRoundData' }),
        client.readContract({ address: sentinel, abi: sentinelAbi, functionName: 'isLiquidationAllowed' }),
      ])
      return {
        name: c.name,
        chainId: c.chainId,
        oracle,
        sentinel,
        up: answer === 0n,
        sinceSec: Number(updatedAt),
        ageSec: nowSec - Number(updatedAt),
        gracePeriodSec: c.sequencer.gracePeriodSec,
        liquidationAllowed,
      }
    }),
  )
}
