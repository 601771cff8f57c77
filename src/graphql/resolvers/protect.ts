import type { WhatIfChange } from '../../engine'
import { D } from '../../engine'
import { InvalidInputError } from '../../errors/input'
import { nowSecOf } from '../../portfolio/getPortfolio'
import { type ProtectTarget, protectPortfolio } from '../../portfolio/protectPortfolio'
import { planProtectiveCalls } from '../../protocols/actions/planProtectiveCalls'
import { planVenueAction } from '../../protocols/actions/planVenueAction'
import { parseAccount } from '../../protocols/address'
import type { AccountRef } from '../../protocols/types'
import type { ProposedChange, ProtectTargetInput, QueryResolvers, Resolvers } from '../__generated__/resolvers'
import { checkLimit, LIMITS, toDeclaredSnapshot } from './portfolioInputs'

const DEFAULT_PROBABILITY_HORIZON_SEC = 86_400
const MAX_HORIZON_SEC = 10 * 365 * 86_400

function toTarget(input: ProtectTargetInput): ProtectTarget {
  const value = new D(input.value)
  switch (input.kind) {
    case 'HEALTH_FACTOR':
      if (!value.gt(0)) throw new InvalidInputError('A health factor target must be > 0.')
      return { kind: 'healthFactor', value }
    case 'MARGIN_RATIO':
      if (!value.gt(0) || value.gt(1)) throw new InvalidInputError('A margin ratio target must be in (0, 1].')
      return { kind: 'marginRatio', value }
    case 'DISTANCE_TO_LIQUIDATION':
      if (!value.gt(0) || !value.lt(1)) throw new InvalidInputError('A distance target must be in (0, 1).')
      return { kind: 'distanceToLiquidation', value }
    case 'LIQUIDATION_PROBABILITY': {
      const horizonSec = input.horizonSeconds ?? DEFAULT_PROBABILITY_HORIZON_SEC
      if (!value.gt(0) || !value.lt(1)) throw new InvalidInputError('A probability target must be in (0, 1).')
      if (!Number.isInteger(horizonSec) || horizonSec < 1 || horizonSec > MAX_HORIZON_SEC)
        throw new InvalidInputError(`horizonSeconds must be an integer from 1 to ${MAX_HORIZON_SEC}.`)
      return { kind: 'liquidationProbability', value, horizonSec }
    }
  }
}

const TARGET_KINDS = {
  healthFactor: 'HEALTH_FACTOR',
  marginRatio: 'MARGIN_RATIO',
  distanceToLiquidation: 'DISTANCE_TO_LIQUIDATION',
  liquidationProbability: 'LIQUIDATION_PROBABILITY',
} as const

const STATUSES = {
  met: 'MET',
  actions: 'ACTIONS',
  unreachable: 'UNREACHABLE',
  'not-applicable': 'NOT_APPLICABLE',
} as const

const ACTION_KINDS = {
  addCollateral: 'ADD_COLLATERAL',
  repay: 'REPAY',
  reducePerp: 'REDUCE_PERP',
  closePerp: 'CLOSE_PERP',
  reduceOption: 'REDUCE_OPTION',
  closeOption: 'CLOSE_OPTION',
} as const

const RATE_MODES = { variable: 'VARIABLE', stable: 'STABLE' } as const

/** The `ChangeInput` a caller passes to `simulate` for the same action. */
function proposedChange(marginAccount: string, change: WhatIfChange): ProposedChange {
  const base = {
    marginAccount,
    asset: null,
    amount: null,
    fundedFrom: null,
    interestRateMode: null,
    underlying: null,
    size: null,
    option: null,
  }
  switch (change.kind) {
    case 'deposit':
      return {
        ...base,
        kind: 'DEPOSIT' as const,
        asset: change.asset,
        amount: change.amount,
        fundedFrom: change.fundedFrom ?? null,
      }
    case 'repay':
      return {
        ...base,
        kind: 'REPAY' as const,
        asset: change.asset,
        amount: change.amount,
        fundedFrom: change.fundedFrom ?? null,
        interestRateMode: change.rateMode ? RATE_MODES[change.rateMode] : null,
      }
    case 'setPerpPosition':
      return { ...base, kind: 'SET_PERP_POSITION' as const, underlying: change.underlying, size: change.size }
    case 'setOptionPosition':
      return { ...base, kind: 'SET_OPTION_POSITION' as const, option: change.option.id, size: change.option.size }
    default:
      throw new Error(`protect proposes no ${change.kind} change`)
  }
}

const protect: NonNullable<QueryResolvers['protect']> = async (_parent, args, context) => {
  checkLimit('addresses', args.addresses.length, LIMITS.addresses)
  checkLimit('declared margin accounts', args.declared?.length ?? 0, LIMITS.declared)
  const accounts: AccountRef[] = [
    ...new Map(args.addresses.map(parseAccount).map((ref) => [`${ref.kind}:${ref.address}`, ref])).values(),
  ]
  const nowSec = nowSecOf(context)
  return await protectPortfolio(context, {
    accounts,
    declared: (args.declared ?? []).map((input) => toDeclaredSnapshot(input, nowSec)),
    filters: { maxAgeSeconds: args.maxAgeSeconds, protocols: args.protocols, chains: args.chains },
    marginAccount: args.marginAccount ?? null,
    target: toTarget(args.target),
    volatilities: args.volatilities ?? [],
  })
}

export const protectResolvers = {
  Query: { protect },
  ProtectTarget: {
    kind: (target) => TARGET_KINDS[target.kind],
    horizonSeconds: (target) => (target.kind === 'liquidationProbability' ? target.horizonSec : null),
  },
  MarginAccountProtection: {
    status: (protection) => STATUSES[protection.status],
  },
  ProtectiveAction: {
    kind: (action) => ACTION_KINDS[action.kind],
    interestRateMode: (action) => (action.rateMode ? RATE_MODES[action.rateMode] : null),
    change: (action) => proposedChange(action.marginAccount, action.change),
    calls: (action) => planProtectiveCalls(action.before.snapshot, action),
    venueAction: (action) => {
      const planned = planVenueAction(action.before.snapshot, action)
      return planned && { ...planned, action: JSON.stringify(planned.action) }
    },
  },
  Call: {
    value: (call) => call.value.toString(),
  },
} satisfies Resolvers
