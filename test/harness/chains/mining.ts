/**
 * Node-only: the sandbox chains' clock. They follow the wall clock: anvil's interval mining stamps a block
 * every `SANDBOX_BLOCK_TIME_SEC` with the current time, so the latest block is at most that old and a figure
 * computed at its timestamp is a figure of now. Stopping the miner lets the latest block age, which is how a
 * chain that stopped producing blocks (a stale source) is produced on purpose.
 *
 * A transaction waits for the next block, as on a real chain, unless its sender mines it: the harness's
 * `expectSuccess` does, so tests and `npm run sandbox` never wait for the interval, nor hang on a stopped chain.
 * (anvil 1.7's `--mixed-mining` also mines transactions at once, but no RPC method returns to it once mining was
 * stopped; `evm_setIntervalMining` alone can stop and start, so the sandbox runs it and mines its own transactions.)
 *
 * Everything here is JSON-RPC on the chain itself, so a separate process (the sandbox CLI) can drive it too.
 */
import type { AnvilClient } from '../aave/createAnvilClient'

/** Seconds between two blocks of a running sandbox chain. */
export const SANDBOX_BLOCK_TIME_SEC = 2

export type MiningStatus = {
  /** Seconds between blocks, or null when the chain mines only what its senders mine. */
  blockTimeSec: number | null
  latestBlock: bigint
  latestTimestamp: number
  /** Wall clock minus the latest block's timestamp, seconds. */
  ageSec: number
}

/**
 * Mines one block stamped with the wall clock (never earlier than the latest block), so the chain's clock
 * is the wall clock again: after a restore from a dump, or an `evm_revert`, which takes anvil's clock back
 * to the snapshot's.
 */
export async function syncChainClock(client: AnvilClient, nowMs: number = Date.now()): Promise<bigint> {
  const latest = await client.getBlock({ blockTag: 'latest' })
  const nowSec = BigInt(Math.floor(nowMs / 1000))
  await client.setNextBlockTimestamp({ timestamp: nowSec > latest.timestamp ? nowSec : latest.timestamp + 1n })
  await client.mine({ blocks: 1 })
  return latest.number + 1n
}

/** A block now (the chain catches up with the wall clock), then one every `blockTimeSec`. */
export async function startMining(client: AnvilClient, blockTimeSec: number = SANDBOX_BLOCK_TIME_SEC): Promise<void> {
  await syncChainClock(client)
  await client.setIntervalMining({ interval: blockTimeSec })
}

/**
 * No more blocks but those a sender mines: the latest block ages, and the Worker's reads see a chain that
 * has stopped. Transactions sent through the harness still go through (`expectSuccess` mines them).
 */
export async function stopMining(client: AnvilClient): Promise<void> {
  await client.setIntervalMining({ interval: 0 })
}

export async function getMiningStatus(client: AnvilClient, nowMs: number = Date.now()): Promise<MiningStatus> {
  // anvil answers the interval in seconds, or null when it does not mine on a timer.
  const interval: unknown = await client.request({ method: 'anvil_getIntervalMining' } as never)
  const latest = await client.getBlock({ blockTag: 'latest' })
  return {
    blockTimeSec: typeof interval === 'number' && interval > 0 ? interval : null,
    latestBlock: latest.number,
    latestTimestamp: Number(latest.timestamp),
    ageSec: Math.floor(nowMs / 1000) - Number(latest.timestamp),
  }
}
