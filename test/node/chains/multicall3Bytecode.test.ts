/** The Multicall3 creation code the deployless multicall sends is the one viem ships (it does not export it). */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { MULTICALL3_BYTECODE } from '../../../src/chains/multicall3Bytecode'

it('is viem’s multicall3Bytecode', () => {
  const file = fileURLToPath(new URL('../../../node_modules/viem/_esm/constants/contracts.js', import.meta.url))
  const match = /multicall3Bytecode\s*=\s*'(0x[0-9a-f]+)'/.exec(readFileSync(file, 'utf8'))
  expect(match?.[1]).toBe(MULTICALL3_BYTECODE)
})
