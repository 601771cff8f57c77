/**
 * Node-only: a viem test client (anvil actions + public + wallet actions) for a local anvil.
 */
import { type Address, createTestClient, defineChain, type Hash, http, publicActions, walletActions } from 'viem'
import type { Anvil } from './startAnvil'

/** Anvil's first dev account (unlocked: transactions are signed by the node). */
export const ANVIL_DEPLOYER: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'

export function createAnvilClient(anvil: Pick<Anvil, 'rpcUrl' | 'chainId'>) {
  const chain = defineChain({
    id: anvil.chainId,
    name: 'anvil',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [anvil.rpcUrl] } },
  })
  return createTestClient({ chain, mode: 'anvil', transport: http(anvil.rpcUrl), pollingInterval: 20 })
    .extend(publicActions)
    .extend(walletActions)
}

export type AnvilClient = ReturnType<typeof createAnvilClient>

/**
 * Waits for the transaction and throws unless it succeeded; returns its receipt. A chain that does not
 * automine (the sandbox chains mine every 2 s, or not at all while stopped: chains/mining.ts) gets a block
 * for it now, so no sender waits for the interval or hangs on a stopped chain.
 */
export async function expectSuccess(client: AnvilClient, hash: Hash) {
  if (!(await client.getAutomine())) await client.mine({ blocks: 1 })
  // A hang backstop only: on a loaded 2-core machine (CI with every test project at once) anvil can lag
  // by a minute and more, and a slow answer is not a failure.
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 5, timeout: 600_000 })
  if (receipt.status === 'success') return receipt
  // Replay it on the parent block to surface the revert reason.
  const tx = await client.getTransaction({ hash })
  let reason = 'no reason'
  try {
    await client.call({
      account: tx.from,
      to: tx.to,
      data: tx.input,
      gas: tx.gas,
      blockNumber: receipt.blockNumber - 1n,
    })
    reason = `replay succeeded (gas used ${receipt.gasUsed} of ${tx.gas})`
  } catch (error) {
    reason = error instanceof Error ? (error.message.split('\n')[0] ?? reason) : String(error)
  }
  throw new Error(`Transaction ${hash} reverted: ${reason}`)
}
