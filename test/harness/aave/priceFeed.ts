/**
 * Node-only: the sandbox's Chainlink-style price feed, in place of @aave/core-v3's MockAggregator
 * (which has `latestAnswer()` only). It answers:
 *
 * - `latestAnswer()`: storage slot 0 (`int256`, the same slot MockAggregator keeps its answer in,
 *   so `setPrice` and state overrides of slot 0 work unchanged);
 * - `latestRoundData()`: `(roundId, answer, startedAt, updatedAt, answeredInRound)` with
 *   `updatedAt` = slot 1 when set (a frozen feed), else the block timestamp (a live feed that keeps
 *   updating on its heartbeat); `startedAt` = `updatedAt`, and the round id is `updatedAt` too, so
 *   it grows as the feed updates;
 * - `latestTimestamp()`: `updatedAt`; `decimals()`: 8; anything else reverts.
 *
 * It is hand-assembled runtime code (no compiler in the toolchain), installed with `anvil_setCode`
 * and made part of the dumped chain state, like `deployRateProvider`. The assembler below resolves
 * jump labels, so the listing reads as the program.
 *
 * @see https://docs.chain.link/data-feeds/api-reference
 */
import { type Address, concatHex, type Hex, numberToHex, pad, toFunctionSelector } from 'viem'
import type { AnvilClient } from './createAnvilClient'

/** Decimals every sandbox feed answers with (USD, like Chainlink's USD feeds). */
export const PRICE_FEED_DECIMALS = 8

/** Storage slots of the feed. */
export const PRICE_FEED_SLOTS = { answer: 0n, frozenUpdatedAt: 1n } as const

const OP = {
  EQ: 0x14,
  SHR: 0x1c,
  CALLDATALOAD: 0x35,
  TIMESTAMP: 0x42,
  POP: 0x50,
  MSTORE: 0x52,
  SLOAD: 0x54,
  JUMPI: 0x57,
  JUMPDEST: 0x5b,
  DUP1: 0x80,
  RETURN: 0xf3,
  REVERT: 0xfd,
} as const

type Instruction = keyof typeof OP | { push: bigint | number; size?: number } | { label: string } | { to: string }

/** Assembles instructions: `{ push }` is the smallest PUSHn (or `size`), `{ to }` a PUSH2 of a label's offset. */
function assemble(program: readonly Instruction[]): Hex {
  const size = (i: Instruction) => {
    if (typeof i === 'string') return 1
    if ('label' in i) return 1
    if ('to' in i) return 3
    return 1 + (i.size ?? Math.max(1, Math.ceil(BigInt(i.push).toString(16).length / 2)))
  }
  const labels = new Map<string, number>()
  let offset = 0
  for (const i of program) {
    if (typeof i === 'object' && 'label' in i) labels.set(i.label, offset)
    offset += size(i)
  }
  const bytes = program.map((i): Hex => {
    if (typeof i === 'string') return numberToHex(OP[i], { size: 1 })
    if ('label' in i) return numberToHex(OP.JUMPDEST, { size: 1 })
    if ('to' in i) {
      const at = labels.get(i.to)
      if (at === undefined) throw new Error(`No label ${i.to}`)
      return concatHex([numberToHex(0x61, { size: 1 }), numberToHex(at, { size: 2 })])
    }
    const n = size(i) - 1
    return concatHex([numberToHex(0x5f + n, { size: 1 }), numberToHex(BigInt(i.push), { size: n })])
  })
  return concatHex(bytes)
}

/** Leaves `updatedAt` on the stack: slot 1 when non-zero, else the block timestamp. */
const updatedAt = (label: string): Instruction[] => [
  { push: PRICE_FEED_SLOTS.frozenUpdatedAt },
  'SLOAD',
  'DUP1',
  { to: label },
  'JUMPI',
  'POP',
  'TIMESTAMP',
  { label },
]

const returnWord: Instruction[] = [{ push: 0 }, 'MSTORE', { push: 32 }, { push: 0 }, 'RETURN']

const dispatch = (signature: string, label: string): Instruction[] => [
  'DUP1',
  { push: BigInt(toFunctionSelector(signature)), size: 4 },
  'EQ',
  { to: label },
  'JUMPI',
]

/** The feed's runtime code. */
export const PRICE_FEED_CODE: Hex = assemble([
  { push: 0 },
  'CALLDATALOAD',
  { push: 0xe0 },
  'SHR',
  ...dispatch('latestAnswer()', 'latestAnswer'),
  ...dispatch('latestRoundData()', 'latestRoundData'),
  ...dispatch('latestTimestamp()', 'latestTimestamp'),
  ...dispatch('decimals()', 'decimals'),
  { push: 0 },
  'DUP1',
  'REVERT',

  { label: 'latestAnswer' },
  { push: PRICE_FEED_SLOTS.answer },
  'SLOAD',
  ...returnWord,

  { label: 'decimals' },
  { push: PRICE_FEED_DECIMALS },
  ...returnWord,

  { label: 'latestTimestamp' },
  ...updatedAt('latestTimestamp.updatedAt'),
  ...returnWord,

  { label: 'latestRoundData' },
  ...updatedAt('latestRoundData.updatedAt'),
  // roundId, startedAt, updatedAt, answeredInRound = updatedAt; answer = slot 0.
  'DUP1',
  { push: 0x00 },
  'MSTORE',
  'DUP1',
  { push: 0x40 },
  'MSTORE',
  'DUP1',
  { push: 0x60 },
  'MSTORE',
  'DUP1',
  { push: 0x80 },
  'MSTORE',
  { push: PRICE_FEED_SLOTS.answer },
  'SLOAD',
  { push: 0x20 },
  'MSTORE',
  { push: 0xa0 },
  { push: 0 },
  'RETURN',
])

const word = (value: bigint): Hex => numberToHex(value, { size: 32, signed: value < 0n })

/**
 * Installs a live feed answering `answerRaw` at `address` (no transaction: anvil cheats).
 * @example
 * await installPriceFeed(client, '0x…', 3_000_00000000n)
 */
export async function installPriceFeed(client: AnvilClient, address: Address, answerRaw: bigint): Promise<void> {
  await client.setCode({ address, bytecode: PRICE_FEED_CODE })
  await setPriceFeedAnswer(client, address, answerRaw)
}

/** Sets the feed's answer (any int256: zero and negative answers are how a broken feed looks). */
export async function setPriceFeedAnswer(client: AnvilClient, address: Address, answerRaw: bigint): Promise<void> {
  await client.setStorageAt({ address, index: Number(PRICE_FEED_SLOTS.answer), value: word(answerRaw) })
}

/** Freezes the feed's `updatedAt` at `updatedAtSec` (a stale feed); 0 makes it live again. */
export async function setPriceFeedUpdatedAt(
  client: AnvilClient,
  address: Address,
  updatedAtSec: number,
): Promise<void> {
  await client.setStorageAt({
    address,
    index: Number(PRICE_FEED_SLOTS.frozenUpdatedAt),
    value: pad(numberToHex(updatedAtSec)),
  })
}
