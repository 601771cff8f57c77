import { defaultChains } from '../../chains/definitions'
import { dec } from '../../engine/decimal'
import { computeMarginRatio } from '../../engine/marginRatio'
import { protocols } from '../../protocols/registry'
import type { Resolvers } from '../__generated__/resolvers'
import { AddressScalar, BigDecimalScalar, ChainIdScalar, DateTimeScalar } from '../scalars'
import { health } from './health'

export const resolvers: Resolvers = {
  Address: AddressScalar,
  BigDecimal: BigDecimalScalar,
  ChainId: ChainIdScalar,
  DateTime: DateTimeScalar,
  Query: {
    health,
    protocols: () => [...protocols],
    chains: () => [...defaultChains],
    account: (_parent, { address }) => ({ address }),
    marginRatio: (_parent, { equityUsd, maintenanceMarginUsd }) =>
      computeMarginRatio({ equityUsd: dec(equityUsd), maintenanceMarginUsd: dec(maintenanceMarginUsd) }),
  },
  Protocol: {
    chains: (protocol) => defaultChains.filter((chain) => protocol.chains.includes(chain.id)),
  },
  Chain: {
    protocols: (chain) => protocols.filter((protocol) => protocol.chains.includes(chain.id)),
  },
  Ratio: {
    kind: (ratio) => (ratio.kind === 'finite' ? 'FINITE' : ratio.kind === 'infinite' ? 'INFINITE' : 'NONE'),
    value: (ratio) => (ratio.kind === 'finite' ? ratio.value.toFixed() : null),
  },
}
