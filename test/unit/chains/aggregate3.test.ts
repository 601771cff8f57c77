import fc from 'fast-check'
import {
  type Abi,
  type AbiFunction,
  bytesToHex,
  decodeFunctionResult,
  encodeAbiParameters,
  encodeDeployData,
  encodeFunctionData,
  encodeFunctionResult,
  multicall3Abi,
} from 'viem'
import { describe, expect, it } from 'vitest'
import {
  blockNumberOfAggregate3,
  decodeAggregate3,
  decodeCallResult,
  encodeAggregate3,
  encodeCall,
  encodeDeploylessAggregate3,
  GET_BLOCK_NUMBER_CALLDATA,
  GET_CURRENT_BLOCK_TIMESTAMP_CALLDATA,
} from '../../../src/chains/aggregate3'
import type { EvmCall } from '../../../src/chains/multicall'
import { DEPLOYLESS_CALL_VIA_BYTECODE, MULTICALL3_BYTECODE } from '../../../src/chains/multicall3Bytecode'
import {
  addressesProviderAbi,
  aggregatorV3Abi,
  erc20Abi,
  oracleAbi,
  poolAbi,
  scaledTokenAbi,
  stableDebtTokenAbi,
} from '../../../src/protocols/aave-v3/abi'
import {
  morphoAbi,
  morphoAccrueAbi,
  morphoIrmAbi,
  morphoOracleAbi,
  preLiquidationAbi,
} from '../../../src/protocols/morpho-blue/abi'

const abis = [
  poolAbi,
  addressesProviderAbi,
  oracleAbi,
  erc20Abi,
  scaledTokenAbi,
  stableDebtTokenAbi,
  aggregatorV3Abi,
  morphoAbi,
  morphoAccrueAbi,
  morphoIrmAbi,
  morphoOracleAbi,
  preLiquidationAbi,
] as Abi[]
const functions = abis.flatMap((abi) =>
  abi.filter((item): item is AbiFunction => item.type === 'function').map((item) => ({ abi, item })),
)

const hexBytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => bytesToHex(b))
const address = hexBytes(20)

/** An arbitrary value for an ABI parameter type used by the adapters. */
function arbitraryOf(type: string, components?: readonly { type: string }[]): fc.Arbitrary<unknown> {
  if (type === 'address') return address
  if (type === 'bool') return fc.boolean()
  if (type === 'string') return fc.string()
  if (type === 'bytes32') return hexBytes(32)
  if (type.endsWith('[]')) return fc.array(arbitraryOf(type.slice(0, -2)), { maxLength: 4 })
  if (type === 'tuple')
    return fc.tuple(
      ...(components ?? []).map((c) => arbitraryOf(c.type, (c as { components?: { type: string }[] }).components)),
    )
  const bits = Number(type.replace(/^u?int/, '') || 256)
  const signed = type.startsWith('int')
  const big = fc.bigInt({
    min: signed ? -(1n << BigInt(bits - 1)) : 0n,
    max: (1n << BigInt(signed ? bits - 1 : bits)) - 1n,
  })
  return bits <= 48 ? big.map(Number) : big
}

describe('aggregate3 coder', () => {
  it.each(functions.map(({ abi, item }) => [item.name, abi, item] as const))(
    '%s: calldata and results equal viem’s',
    (_name, abi, item) => {
      fc.assert(
        fc.property(
          address,
          fc.tuple(
            ...item.inputs.map((input) =>
              arbitraryOf(input.type, 'components' in input ? input.components : undefined),
            ),
          ),
          fc.tuple(
            ...item.outputs.map((output) =>
              arbitraryOf(output.type, 'components' in output ? output.components : undefined),
            ),
          ),
          (target, args, outputs) => {
            const call = { address: target, abi, functionName: item.name, args } as unknown as EvmCall
            expect(encodeCall(call)).toBe(encodeFunctionData({ abi: [item], functionName: item.name, args } as never))
            const data = encodeAbiParameters(item.outputs, outputs as never)
            expect(decodeCallResult(call, data)).toEqual(
              decodeFunctionResult({ abi: [item], functionName: item.name, data } as never),
            )
          },
        ),
        { numRuns: 50 },
      )
    },
  )

  it('encodes a tuple input given as an object (by component name) as viem does', () => {
    const item = morphoIrmAbi.find((entry) => entry.name === 'borrowRateView') as AbiFunction
    const [params, market] = item.inputs as readonly { components: readonly { name?: string; type: string }[] }[]
    const named = (components: readonly { name?: string; type: string }[]) =>
      fc
        .tuple(...components.map((c) => arbitraryOf(c.type)))
        .map((values) => Object.fromEntries(components.map((c, i) => [c.name, values[i]])))
    fc.assert(
      fc.property(address, named(params?.components ?? []), named(market?.components ?? []), (target, p, m) => {
        const args = [p, m]
        const call = { address: target, abi: morphoIrmAbi, functionName: 'borrowRateView', args } as unknown as EvmCall
        expect(encodeCall(call)).toBe(
          encodeFunctionData({ abi: morphoIrmAbi, functionName: 'borrowRateView', args } as never),
        )
      }),
      { numRuns: 50 },
    )
  })

  it('encodes aggregate3 as viem does and decodes its answer', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            target: address,
            callData: fc.uint8Array({ maxLength: 100 }).map((b) => bytesToHex(b)),
          }),
          { maxLength: 8 },
        ),
        fc.array(
          fc.record({
            success: fc.boolean(),
            returnData: fc.uint8Array({ maxLength: 100 }).map((b) => bytesToHex(b)),
          }),
          { maxLength: 8 },
        ),
        (calls, results) => {
          expect(encodeAggregate3(calls)).toBe(
            encodeFunctionData({
              abi: multicall3Abi,
              functionName: 'aggregate3',
              args: [calls.map((c) => ({ ...c, allowFailure: true }))],
            }),
          )
          const data = encodeFunctionResult({ abi: multicall3Abi, functionName: 'aggregate3', result: results })
          expect(decodeAggregate3(data)).toEqual(results)
        },
      ),
    )
  })

  it('encodes the deployless aggregate3 as viem’s call({ code: multicall3Bytecode, data }) does', () => {
    const deployless = {
      type: 'constructor',
      stateMutability: 'nonpayable',
      inputs: [{ type: 'bytes' }, { type: 'bytes' }],
    } as const
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ target: address, callData: fc.uint8Array({ maxLength: 100 }).map((b) => bytesToHex(b)) }),
          { maxLength: 8 },
        ),
        (calls) => {
          const data = encodeFunctionData({
            abi: multicall3Abi,
            functionName: 'aggregate3',
            args: [calls.map((c) => ({ ...c, allowFailure: true }))],
          })
          expect(encodeDeploylessAggregate3(calls)).toBe(
            encodeDeployData({
              abi: [deployless],
              bytecode: DEPLOYLESS_CALL_VIA_BYTECODE,
              args: [MULTICALL3_BYTECODE, data],
            }),
          )
        },
      ),
      { numRuns: 30 },
    )
  })

  it('decodes a tuple with a string (Aave’s EModeCategory) as viem does: any label, and truncated data to viem’s error', () => {
    const call = {
      address: `0x${'11'.repeat(20)}`,
      abi: poolAbi,
      functionName: 'getEModeCategoryData',
      args: [1],
    } as unknown as EvmCall
    const item = poolAbi.find(
      (entry) => entry.type === 'function' && entry.name === 'getEModeCategoryData',
    ) as AbiFunction
    for (const label of ['', 'ETH correlated', 'é€😀 ☃', 'x'.repeat(100)]) {
      const data = encodeAbiParameters(item.outputs, [
        { ltv: 9000, liquidationThreshold: 9300, liquidationBonus: 10100, priceSource: `0x${'ab'.repeat(20)}`, label },
      ])
      expect(decodeCallResult(call, data)).toEqual(decodeFunctionResult({ abi: [item], data } as never))
      const truncated = data.slice(0, -64) as `0x${string}`
      expect(() => decodeCallResult(call, truncated)).toThrow()
    }
  })

  it('falls back to viem (and its errors) when the return data is too short', () => {
    const call = {
      address: `0x${'11'.repeat(20)}`,
      abi: scaledTokenAbi,
      functionName: 'scaledBalanceOf',
      args: [`0x${'22'.repeat(20)}`],
    } as unknown as EvmCall
    expect(() => decodeCallResult(call, '0x')).toThrow()
  })
})

describe('blockNumberOfAggregate3: the head an answer at `latest` shows', () => {
  const multicall3 = '0xcA11bde05977b3631167028862bE2a173976CA11'
  const other = '0x00000000000000000000000000000000000000a1'
  const answerOf = (blockNumber: bigint, n: number) =>
    encodeFunctionResult({
      abi: multicall3Abi,
      functionName: 'aggregate3',
      result: [
        { success: true, returnData: encodeAbiParameters([{ type: 'uint256' }], [blockNumber]) },
        ...Array.from({ length: n }, () => ({ success: true, returnData: '0x01' as const })),
      ],
    })

  it('reads the block from a read whose first call is Multicall3’s own getBlockNumber()', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 0, max: 5 }), (block, n) => {
        const data = encodeAggregate3([
          { target: multicall3, callData: GET_BLOCK_NUMBER_CALLDATA },
          { target: multicall3, callData: GET_CURRENT_BLOCK_TIMESTAMP_CALLDATA },
          ...Array.from({ length: n }, () => ({ target: other as `0x${string}`, callData: '0x18160ddd' as const })),
        ])
        expect(blockNumberOfAggregate3({ to: multicall3.toLowerCase(), data }, answerOf(block, n + 1))).toBe(block)
      }),
    )
  })

  it('reads nothing from any other call: another target, another first call, not aggregate3', () => {
    const answer = answerOf(7n, 1)
    const elsewhere = encodeAggregate3([
      { target: other, callData: GET_BLOCK_NUMBER_CALLDATA },
      { target: multicall3, callData: GET_CURRENT_BLOCK_TIMESTAMP_CALLDATA },
    ])
    expect(blockNumberOfAggregate3({ to: multicall3, data: elsewhere }, answer)).toBeUndefined()
    const timestampFirst = encodeAggregate3([
      { target: multicall3, callData: GET_CURRENT_BLOCK_TIMESTAMP_CALLDATA },
      { target: multicall3, callData: GET_BLOCK_NUMBER_CALLDATA },
    ])
    expect(blockNumberOfAggregate3({ to: multicall3, data: timestampFirst }, answer)).toBeUndefined()
    expect(blockNumberOfAggregate3({ to: multicall3, data: GET_BLOCK_NUMBER_CALLDATA }, answer)).toBeUndefined()
  })
})
