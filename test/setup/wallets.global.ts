import type { TestProject } from 'vitest/node'
import { compileWallets } from '../harness/wallets/compileWallets'

/**
 * Node side of the sign-in tests: the compiled EIP-1271 wallet and its CREATE2 factory
 * (test/harness/wallets), since solc cannot run inside workerd. The tests place them on the sandbox chain.
 */
export default function setup({ provide }: TestProject): void {
  provide('walletArtifacts', JSON.stringify(compileWallets()))
}
