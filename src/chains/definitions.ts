import { type Chain, defineChain } from 'viem'
import {
  arbitrum,
  avalanche,
  base,
  bsc,
  gnosis,
  linea,
  mainnet,
  optimism,
  polygon,
  scroll,
  sonic,
  zksync,
} from 'viem/chains'

/**
 * Production chains Solvent reads (the EVM chains Aave v3 runs on, per @aave-dao/aave-address-book).
 * viem's definitions carry the Multicall3 address each chain uses for batched reads.
 */
export const defaultChains: readonly Chain[] = [
  mainnet,
  arbitrum,
  optimism,
  base,
  polygon,
  avalanche,
  gnosis,
  bsc,
  scroll,
  linea,
  zksync,
  sonic,
]

/** The address Multicall3 has on every chain that has it. @see https://github.com/mds1/multicall3 */
export const MULTICALL3_ADDRESS = '0xcA11bde05977b3631167028862bE2a173976CA11'

const localChain = (id: number, name: string, multicall3: boolean): Chain =>
  defineChain({
    id,
    name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [] } },
    ...(multicall3 ? { contracts: { multicall3: { address: MULTICALL3_ADDRESS } } } : {}),
    testnet: true,
  })

/**
 * The local sandbox's anvil chains (test/harness/chains): A has Multicall3 at its canonical
 * address, B has none (read with viem's deployless multicall). They have no default RPC: only
 * `RPC_URLS` points at them.
 */
export const sandboxChains: readonly Chain[] = [
  localChain(31337, 'Sandbox A', true),
  localChain(31338, 'Sandbox B', false),
]

/**
 * The definition of a chain id: a known one, else a bare definition with no Multicall3 (reads
 * then go deployless) for any chain `RPC_URLS` names.
 */
export function defineChainById(chainId: number): Chain {
  return (
    defaultChains.find((chain) => chain.id === chainId) ??
    sandboxChains.find((chain) => chain.id === chainId) ??
    localChain(chainId, `Chain ${chainId}`, false)
  )
}
