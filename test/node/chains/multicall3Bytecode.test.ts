/** The creation codes the deployless multicall sends are the ones viem ships (it does not export them). */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { DEPLOYLESS_CALL_VIA_BYTECODE, MULTICALL3_BYTECODE } from '../../../src/chains/multicall3Bytecode'

const viemConstant = (name: string) => {
  const file = fileURLToPath(new URL('../../../node_modules/viem/_esm/constants/contracts.js', import.meta.url))
  return new RegExp(`${name}\\s*=\\s*'(0x[0-9a-f]+)'`).exec(readFileSync(file, 'utf8'))?.[1]
}

it('are viem’s multicall3Bytecode and deploylessCallViaBytecodeBytecode', () => {
  expect(viemConstant('multicall3Bytecode')).toBe(MULTICALL3_BYTECODE)
  expect(viemConstant('deploylessCallViaBytecodeBytecode')).toBe(DEPLOYLESS_CALL_VIA_BYTECODE)
})
