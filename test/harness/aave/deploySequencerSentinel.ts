/**
 * Node-only: makes a market deployed by `deployAaveMarket` behave like an Aave v3 market on an L2:
 * a SequencerOracle (the sequencer uptime feed stand-in of @aave/core-v3's mocks, answering
 * `latestRoundData()` like Chainlink's: 0 up, 1 down) and a PriceOracleSentinel over it with a
 * grace period, set on the PoolAddressesProvider. The Pool then refuses liquidations (and
 * borrows) while the sequencer is down and for the grace period after it comes back.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/configuration/PriceOracleSentinel.sol
 * @see https://docs.chain.link/data-feeds/l2-sequencer-feeds
 */
import { type Address, getAddress } from 'viem'
import { setSequencer } from './actions'
import { loadArtifact } from './artifacts'
import { ANVIL_DEPLOYER, type AnvilClient, expectSuccess } from './createAnvilClient'
import type { AaveMarket } from './deployAaveMarket'

export type SequencerSentinel = {
  /** The SequencerOracle (the chain's sequencer uptime feed); move it with `setSequencer`. */
  sequencerOracle: Address
  /** The market's PriceOracleSentinel. */
  sentinel: Address
  gracePeriodSec: number
}

export type DeploySequencerSentinelParameters = {
  /** Default 3600 s, as Aave's L2 markets use. */
  gracePeriodSec?: number | undefined
  /** When the sequencer last came up; default a day before the latest block, so the grace period is long over. */
  upSinceSec?: number | undefined
}

/**
 * Deploys the SequencerOracle (owned by the deployer, reporting the sequencer up) and the
 * PriceOracleSentinel, and sets the sentinel on the market's PoolAddressesProvider.
 * @example
 * const sequencer = await deploySequencerSentinel(client, market)
 */
export async function deploySequencerSentinel(
  client: AnvilClient,
  market: AaveMarket,
  { gracePeriodSec = 3600, upSinceSec }: DeploySequencerSentinelParameters = {},
): Promise<SequencerSentinel> {
  const deploy = async (name: string, args: readonly unknown[]) => {
    const artifact = loadArtifact(name)
    const hash = await client.deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode,
      args,
      account: ANVIL_DEPLOYER,
    })
    const { contractAddress } = await expectSuccess(client, hash)
    if (!contractAddress) throw new Error(`${name} has no address`)
    return getAddress(contractAddress)
  }
  const sequencerOracle = await deploy('SequencerOracle', [ANVIL_DEPLOYER])
  const since = upSinceSec ?? Number((await client.getBlock()).timestamp) - 86_400
  await setSequencer(client, { sequencerOracle }, { up: true, sinceSec: since })
  const sentinel = await deploy('PriceOracleSentinel', [market.addressesProvider, sequencerOracle, gracePeriodSec])
  const hash = await client.writeContract({
    address: market.addressesProvider,
    abi: loadArtifact('PoolAddressesProvider').abi,
    functionName: 'setPriceOracleSentinel',
    args: [sentinel],
    account: ANVIL_DEPLOYER,
    chain: client.chain,
  })
  await expectSuccess(client, hash)
  return { sequencerOracle, sentinel, gracePeriodSec }
}
