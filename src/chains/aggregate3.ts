/**
 * Multicall3 `aggregate3` encoding and decoding for the hot path. A cron tick reads tens of thousands of
 * calls per chain, almost all of them one address in and one word out (balances, configurations), where
 * viem's general ABI coder spends most of the tick's CPU; here those are string slicing, and anything
 * else falls back to viem. Results have exactly the shapes viem's `decodeFunctionResult` returns
 * (test/unit/chains/aggregate3.test.ts compares them).
 *
 * @see https://github.com/mds1/multicall3 (aggregate3: (address target, bool allowFailure, bytes callData)[] → (bool success, bytes returnData)[])
 * @see https://docs.soliditylang.org/en/latest/abi-spec.html
 */
import {
  type AbiFunction,
  type AbiParameter,
  decodeFunctionResult,
  encodeFunctionData,
  getAddress,
  type Hex,
  hexToBytes,
  toFunctionSelector,
} from 'viem'
import type { EvmCall } from './multicall'
import { DEPLOYLESS_CALL_VIA_BYTECODE, MULTICALL3_BYTECODE } from './multicall3Bytecode'

/** `aggregate3((address,bool,bytes)[])` */
const AGGREGATE3_SELECTOR = '0x82ad56cb'

const word = (value: number | bigint) => value.toString(16).padStart(64, '0')
const WORD_1 = word(1)
const WORD_96 = word(96)
/** `bytes` as ABI-encoded in a tail: its length, then its bytes padded to whole words. */
const encodeBytes = (data: Hex) => {
  const bytes = (data.length - 2) / 2
  return `${word(bytes)}${data.slice(2).padEnd(Math.ceil(bytes / 32) * 64, '0')}`
}

/** aggregate3 calldata with allowFailure = true for every call. */
export function encodeAggregate3(calls: readonly { target: Hex; callData: Hex }[]): Hex {
  return encodeAggregate3Tuples(calls.map(({ target, callData }) => encodeAggregate3Call(target, callData)))
}

/**
 * One call's tuple in aggregate3's calldata: target, allowFailure (true), the offset of callData within
 * the tuple (3 words), then callData's length and bytes. A call's tuple does not depend on where it
 * sits, so a caller may keep it (src/chains/multicall.ts, per planned calls).
 */
export function encodeAggregate3Call(target: Hex, callData: Hex): string {
  return `${target.slice(2).toLowerCase().padStart(64, '0')}${WORD_1}${WORD_96}${encodeBytes(callData)}`
}

/** aggregate3 calldata from its calls' tuples (`encodeAggregate3Call`): the array's head (offsets), then the tuples. */
export function encodeAggregate3Tuples(tuples: readonly string[]): Hex {
  const heads: string[] = []
  let offset = tuples.length * 32
  for (const tuple of tuples) {
    heads.push(word(offset))
    offset += tuple.length / 2
  }
  return `${AGGREGATE3_SELECTOR}${word(32)}${word(tuples.length)}${heads.join('')}${tuples.join('')}`
}

/**
 * The deployless form of an aggregate3 call, for chains without Multicall3: what viem's
 * `call({ code: multicall3Bytecode, data })` sends (`to` left out): its deployless-call contract's
 * creation code with the constructor arguments `(bytes code, bytes data)`, whose constructor deploys
 * Multicall3 and returns what it answers to `data`. The constant part (Multicall3's code) is encoded once.
 */
export function encodeDeploylessAggregate3(calls: readonly { target: Hex; callData: Hex }[]): Hex {
  return toDeploylessAggregate3(encodeAggregate3(calls))
}

/** `encodeDeploylessAggregate3` of aggregate3 calldata already encoded. */
export function toDeploylessAggregate3(aggregate3Data: Hex): Hex {
  return `${DEPLOYLESS_PREFIX}${encodeBytes(aggregate3Data)}`
}

/** The deployless call's creation code, the two arguments' offsets and the first argument (Multicall3's code). */
const DEPLOYLESS_PREFIX: Hex = (() => {
  const code = encodeBytes(MULTICALL3_BYTECODE)
  return `${DEPLOYLESS_CALL_VIA_BYTECODE}${word(64)}${word(64 + code.length / 2)}${code}` as const
})()

/** aggregate3's return data: one (success, returnData) per call. */
export function decodeAggregate3(data: Hex): { success: boolean; returnData: Hex }[] {
  const answer = aggregate3Answer(data)
  return Array.from({ length: answer.length }, (_, i) => answer.resultAt(i))
}

/** The length of an aggregate3 answer and a reader of its i-th (success, returnData), without decoding the rest. */
function aggregate3Answer(data: Hex): { length: number; resultAt(i: number): { success: boolean; returnData: Hex } } {
  if (data.length < 2 + 128) throw new Error(`aggregate3 returned ${(data.length - 2) / 2} bytes, not an array.`)
  const hex = data.slice(2)
  const at = (byteOffset: number) => Number.parseInt(hex.slice(byteOffset * 2, byteOffset * 2 + 64), 16)
  const arrayStart = at(0)
  const base = arrayStart + 32
  return {
    length: at(arrayStart),
    resultAt(i) {
      const tuple = base + at(base + i * 32)
      const success = at(tuple) !== 0
      const bytesStart = tuple + at(tuple + 32)
      const size = at(bytesStart)
      return { success, returnData: `0x${hex.slice((bytesStart + 32) * 2, (bytesStart + 32 + size) * 2)}` }
    },
  }
}

/**
 * Multicall3's own `getBlockNumber()` and `getCurrentBlockTimestamp()`, placed first in a read at
 * `latest`: the block the state was read at comes back in the same `eth_call` as the state
 * (`eth_call` runs in the context of the block it reads), so a cold read is one JSON-RPC request.
 */
export const GET_BLOCK_NUMBER_CALLDATA: Hex = '0x42cbb15c'
export const GET_CURRENT_BLOCK_TIMESTAMP_CALLDATA: Hex = '0x0f28c97d'

/**
 * The block an `aggregate3` answer was read at, when the request's first call is the target
 * Multicall3's own `getBlockNumber()` (as `multicallByChain` sends it): the transport uses it to see an
 * endpoint's head without a separate request. Parses only the first call and the first result.
 */
export function blockNumberOfAggregate3(
  request: { to?: unknown; data?: unknown },
  answer: unknown,
): bigint | undefined {
  const { to, data } = request
  if (typeof to !== 'string' || typeof data !== 'string' || typeof answer !== 'string') return undefined
  if (!data.startsWith(AGGREGATE3_SELECTOR) || data.length < 10 + 64 * 8) return undefined
  const hex = data.slice(10)
  const at = (byteOffset: number) => Number.parseInt(hex.slice(byteOffset * 2, byteOffset * 2 + 64), 16)
  const base = at(0) + 32
  if (at(base - 32) < 1) return undefined
  const tuple = base + at(base)
  const target = `0x${hex.slice(tuple * 2 + 24, tuple * 2 + 64)}`
  const callData = tuple + at(tuple + 64)
  const selector = hex.slice((callData + 32) * 2, (callData + 32) * 2 + 8)
  if (target.toLowerCase() !== to.toLowerCase() || at(callData) !== 4 || `0x${selector}` !== GET_BLOCK_NUMBER_CALLDATA)
    return undefined
  const results = aggregate3Answer(answer as Hex)
  if (results.length < 1) return undefined
  const first = results.resultAt(0)
  return first.success && first.returnData.length === 66 ? BigInt(first.returnData) : undefined
}

type Coder = {
  item: AbiFunction
  selector: string
  /**
   * When every input is a static word or a tuple of them (Morpho's `MarketParams`): each input's
   * encoder by padding, its words in place.
   */
  fastInputs: ((value: unknown) => string)[] | undefined
  /**
   * When every output is a static word or a tuple of them (nested too, e.g. Aave's `ReserveData`): the
   * words the outputs take and their decoder by slicing, built once per function.
   */
  fastOutputs: { words: number; decode: (returnData: string) => unknown } | undefined
}

const coders = new WeakMap<object, Map<string, Coder>>()

function coderOf(call: EvmCall): Coder {
  let byName = coders.get(call.abi)
  if (!byName) {
    byName = new Map()
    coders.set(call.abi, byName)
  }
  let coder = byName.get(call.functionName)
  if (!coder) {
    const item = call.abi.find(
      (entry): entry is AbiFunction =>
        entry.type === 'function' &&
        entry.name === call.functionName &&
        entry.inputs.length === (call.args?.length ?? 0),
    )
    if (!item) throw new Error(`Function "${call.functionName}" is not in the ABI.`)
    const outputs = item.outputs.length === 1 && isTuple(item.outputs[0]) ? item.outputs[0].components : item.outputs
    coder = {
      item,
      selector: toFunctionSelector(item),
      fastInputs: item.inputs.every(isStaticParameter) ? item.inputs.map(compileInput) : undefined,
      fastOutputs:
        outputs.length > 0 && outputs.every(isStaticParameter)
          ? compileOutputs(item.outputs)
          : compileDynamicTuple(item.outputs),
    }
    byName.set(call.functionName, coder)
  }
  return coder
}

type TupleParameter = Extract<AbiParameter, { components: readonly AbiParameter[] }>
const isTuple = (parameter: AbiParameter | undefined): parameter is TupleParameter =>
  parameter?.type === 'tuple' && 'components' in parameter

function isStaticWord(parameter: AbiParameter): boolean {
  return /^(u?int\d*|bool|address|bytes32)$/.test(parameter.type)
}

/** One static word, or a tuple of static parameters (encoded in place, one word after the other). */
function isStaticParameter(parameter: AbiParameter): boolean {
  return isStaticWord(parameter) || (isTuple(parameter) && parameter.components.every(isStaticParameter))
}

/** Calldata of one call. */
export function encodeCall(call: EvmCall): Hex {
  const coder = coderOf(call)
  const inputs = coder.fastInputs
  if (!inputs) return encodeFunctionData(call as Parameters<typeof encodeFunctionData>[0])
  let data = coder.selector
  inputs.forEach((encode, i) => {
    data += encode(call.args?.[i])
  })
  return data as Hex
}

/**
 * The encoder of one static input: its word, or a tuple's words one after the other, the tuple's value
 * an array (by position) or an object (by component name), as viem's `encodeAbiParameters` takes it.
 */
function compileInput(parameter: AbiParameter): (value: unknown) => string {
  if (!isTuple(parameter)) return (value) => encodeWord(parameter.type, value)
  const components = parameter.components.map((component, i) => ({
    index: i,
    name: component.name ?? '',
    encode: compileInput(component),
  }))
  return (value) => {
    let words = ''
    for (const { index, name, encode } of components)
      words += encode(Array.isArray(value) ? value[index] : (value as Record<string, unknown>)[name])
    return words
  }
}

function encodeWord(type: string, value: unknown): string {
  if (type === 'address' || type === 'bytes32') return (value as string).slice(2).toLowerCase().padStart(64, '0')
  if (type === 'bool') return word(value ? 1 : 0)
  const n = BigInt(value as bigint | number)
  if (n >= 0n) return word(n)
  // int: two's complement over 256 bits.
  return word((1n << 256n) + n)
}

/** A call's return data decoded as viem's `decodeFunctionResult` would. */
export function decodeCallResult(call: EvmCall, returnData: Hex): unknown {
  const coder = coderOf(call)
  const fast = coder.fastOutputs
  const decoded = fast && returnData.length >= 2 + 64 * fast.words ? fast.decode(returnData) : OUT_OF_BOUNDS
  if (decoded !== OUT_OF_BOUNDS) return decoded
  return decodeFunctionResult({ abi: [coder.item], functionName: coder.item.name, data: returnData })
}

/** A fast decoder's answer when the data does not hold what the layout says: viem decodes (and throws) instead. */
const OUT_OF_BOUNDS = Symbol('out of bounds')

/**
 * One tuple output of static words and `string`/`bytes` members (Aave's `EModeCategory`, with its
 * label): the tuple's offset, then its head (words in place, offsets of the dynamic members relative
 * to the tuple), then each dynamic member's length and bytes. Decoded as viem does (a string as UTF-8
 * by TextDecoder, bytes as hex); anything out of bounds goes to viem.
 * @see https://docs.soliditylang.org/en/latest/abi-spec.html#formal-specification-of-the-encoding
 */
function compileDynamicTuple(
  outputs: readonly AbiParameter[],
): { words: number; decode: (returnData: string) => unknown } | undefined {
  const [tuple] = outputs
  if (outputs.length !== 1 || !isTuple(tuple)) return undefined
  const isDynamic = (p: AbiParameter) => p.type === 'string' || p.type === 'bytes'
  const { components } = tuple
  if (!components.some(isDynamic) || !components.every((c) => isDynamic(c) || isStaticWord(c))) return undefined
  const readers = components.map((c) => (isDynamic(c) ? undefined : compileWord(c.type)))
  const names = components.every((c) => c.name) ? components.map((c) => c.name as string) : undefined
  const utf8 = new TextDecoder()
  return {
    words: 1 + components.length,
    decode: (data) => {
      // Character positions in `data` (after its 0x): 2 per byte.
      const end = data.length
      const number = (at: number) => (at + 64 <= end ? Number.parseInt(data.slice(at, at + 64), 16) : Number.NaN)
      const start = 2 + 2 * number(2)
      if (!(start + 64 * components.length <= end)) return OUT_OF_BOUNDS
      const values: unknown[] = []
      for (const [i, component] of components.entries()) {
        const at = start + 64 * i
        const read = readers[i]
        if (read) {
          values.push(read(data, at))
          continue
        }
        const lengthAt = start + 2 * number(at)
        const length = number(lengthAt)
        if (!(lengthAt + 64 + 2 * length <= end)) return OUT_OF_BOUNDS
        const hex = data.slice(lengthAt + 64, lengthAt + 64 + 2 * length)
        values.push(component.type === 'bytes' ? `0x${hex}` : utf8.decode(hexToBytes(`0x${hex}`)))
      }
      return names ? Object.fromEntries(names.map((name, i) => [name, values[i]])) : values
    },
  }
}

/** Reads one parameter whose first word starts at character `at` of the return data (after `0x`). */
type ReadParameter = (data: string, at: number) => unknown

/** The decoder of static outputs: one value for one output, an array for several (viem's shapes). */
function compileOutputs(outputs: readonly AbiParameter[]): { words: number; decode: (returnData: string) => unknown } {
  const compiled = outputs.map(compileParameter)
  const words = compiled.reduce((total, c) => total + c.words, 0)
  const offsets = offsetsOf(compiled)
  const [only] = compiled
  if (compiled.length === 1 && only) return { words, decode: (data) => only.read(data, 2) }
  return { words, decode: (data) => compiled.map((c, i) => c.read(data, 2 + (offsets[i] as number))) }
}

/** Character offset of each compiled parameter from the first one's. */
const offsetsOf = (compiled: readonly { words: number }[]) => {
  let offset = 0
  return compiled.map((c) => {
    const at = offset
    offset += c.words * 64
    return at
  })
}

/** A static parameter's words and reader: tuples (named: an object, else an array, as viem) of words. */
function compileParameter(parameter: AbiParameter): { words: number; read: ReadParameter } {
  if (!isTuple(parameter)) return { words: 1, read: compileWord(parameter.type) }
  const components = parameter.components.map(compileParameter)
  const offsets = offsetsOf(components)
  const words = components.reduce((total, c) => total + c.words, 0)
  const names = parameter.components.every((component) => component.name)
    ? parameter.components.map((component) => component.name as string)
    : undefined
  if (!names) return { words, read: (data, at) => components.map((c, i) => c.read(data, at + (offsets[i] as number))) }
  return {
    words,
    read: (data, at) => {
      const out: Record<string, unknown> = {}
      components.forEach((c, i) => {
        out[names[i] as string] = c.read(data, at + (offsets[i] as number))
      })
      return out
    },
  }
}

/** The reader of one word of this type (viem's decoding: checksummed address, number up to 48 bits, else bigint). */
function compileWord(type: string): ReadParameter {
  const hexAt = (data: string, at: number) => data.slice(at, at + 64)
  if (type === 'address') return (data, at) => checksummed(data.slice(at + 24, at + 64))
  if (type === 'bool') return (data, at) => BigInt(`0x${hexAt(data, at)}`) !== 0n
  if (type === 'bytes32') return (data, at) => `0x${hexAt(data, at)}`
  const signed = type.startsWith('int')
  const bits = Number(type.replace(/^u?int/, '') || 256)
  return (data, at) => {
    let n = BigInt(`0x${hexAt(data, at)}`)
    if (signed && n >= 1n << 255n) n -= 1n << 256n
    return bits <= 48 ? Number(n) : n
  }
}

/**
 * Checksummed addresses (EIP-55: a keccak each) by their 40 hex digits as the node answers them, per
 * isolate: a read decodes the same tokens, feeds and contracts every time. Cleared when it grows large.
 */
const checksums = new Map<string, Hex>()

function checksummed(hex: string): Hex {
  let address = checksums.get(hex)
  if (address === undefined) {
    address = getAddress(`0x${hex}`)
    if (checksums.size >= 10_000) checksums.clear()
    checksums.set(hex, address)
  }
  return address
}
