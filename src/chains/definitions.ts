import type { Chain } from 'viem'
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
 * Production chains Solvent reads (the EVM chains Aave v3 runs on, per @bgd-labs/aave-address-book).
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
