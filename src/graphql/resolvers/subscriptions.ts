import { newSubscriptionRows } from '../../alerts/newSubscriptionRows'
import type { AlertRuleKind } from '../../alerts/rules/kinds'
import { parseRuleInput } from '../../alerts/rules/parseRuleInput'
import { decodeRuleValue } from '../../alerts/rules/ruleValue'
import { KEY_LIMITS } from '../../auth/limits'
import { requireKey } from '../../auth/requireKey'
import { requireWriteKey } from '../../auth/requireWriteKey'
import {
  countSubscriptions,
  deleteSubscription,
  getEndpointOfKey,
  getOwnSubscription,
  getRulesOf,
  insertSubscriptionWithinLimit,
  listOwnSubscriptions,
  setSubscriptionStatus,
} from '../../db/queries/alertSubscriptions'
import type { AlertSubscriptionRow } from '../../db/schema'
import { NotFoundError, RateLimitedError } from '../../errors/auth'
import { InvalidInputError } from '../../errors/input'
import { parseAccount } from '../../protocols/address'
import type { Resolvers } from '../__generated__/resolvers'
import type { GraphQLContext } from '../context'
import { checkLimit, LIMITS } from './portfolioInputs'

const LABEL_MAX_LENGTH = 200

async function ownSubscription(context: GraphQLContext, id: string): Promise<AlertSubscriptionRow> {
  const { key } = await requireWriteKey(context)
  const row = await getOwnSubscription(context.db, key.id, id)
  if (!row) throw new NotFoundError(`No alert subscription "${id}".`)
  return row
}

const encodeCursor = (id: string) => btoa(id)
function decodeCursor(cursor: string): string {
  try {
    return atob(cursor)
  } catch {
    throw new InvalidInputError('Malformed cursor.')
  }
}

/** Subscriptions: create, pause, resume, delete, list; each key sees only its own. */
export const subscriptionsResolvers: Resolvers = {
  Query: {
    alertSubscription: async (_parent, { id }, context) => {
      const { key } = await requireKey(context)
      return (await getOwnSubscription(context.db, key.id, id)) ?? null
    },
  },
  Mutation: {
    createAlertSubscription: async (_parent, { input }, context) => {
      const { key } = await requireWriteKey(context)
      const { db, nowMs } = context
      if (input.addresses.length === 0) throw new InvalidInputError('Watch at least one address.')
      checkLimit('addresses', input.addresses.length, LIMITS.addresses)
      const addresses = [...new Set(input.addresses.map((address) => parseAccount(address).address))]
      for (const protocol of input.protocols ?? []) {
        if (!Object.values(context.adapters).some((adapter) => adapter.id === protocol))
          throw new InvalidInputError(`Unknown protocol "${protocol}".`)
      }
      if (input.rules.length === 0) throw new InvalidInputError('A subscription needs at least one rule.')
      checkLimit('rules', input.rules.length, KEY_LIMITS.maxRulesPerSubscription)
      const rules = input.rules.map(parseRuleInput)
      if (input.label != null && input.label.length > LABEL_MAX_LENGTH)
        throw new InvalidInputError(`label is at most ${LABEL_MAX_LENGTH} characters.`)
      const { subscription, rules: ruleRows } = newSubscriptionRows({
        keyId: key.id,
        endpointId: input.endpointId,
        addresses,
        protocols: input.protocols ?? null,
        label: input.label ?? null,
        rules,
        nowMs,
      })
      if (!(await insertSubscriptionWithinLimit(db, subscription, ruleRows, KEY_LIMITS.maxAlertSubscriptions))) {
        // The insert checks the endpoint and the limit itself (no separate check a delete could race): say which.
        if (!(await getEndpointOfKey(db, key.id, input.endpointId)))
          throw new NotFoundError(`No webhook endpoint "${input.endpointId}".`)
        throw new RateLimitedError(
          `This key already has ${KEY_LIMITS.maxAlertSubscriptions} alert subscriptions, its limit; delete one first.`,
        )
      }
      return subscription
    },
    pauseAlertSubscription: async (_parent, { id }, context) => {
      const row = await ownSubscription(context, id)
      await setSubscriptionStatus(context.db, id, 'paused', row.nextEvalAtMs)
      return { ...row, status: 'paused' }
    },
    resumeAlertSubscription: async (_parent, { id }, context) => {
      const row = await ownSubscription(context, id)
      await setSubscriptionStatus(context.db, id, 'active', context.nowMs)
      return { ...row, status: 'active', nextEvalAtMs: context.nowMs }
    },
    deleteAlertSubscription: async (_parent, { id }, context) => {
      await ownSubscription(context, id)
      await deleteSubscription(context.db, id)
      return id
    },
  },
  Me: {
    alertSubscriptions: async ({ key }, { first, after }, { db }) => {
      if (!Number.isInteger(first) || first < 1 || first > LIMITS.pageSize)
        throw new InvalidInputError(`"first" must be an integer from 1 to ${LIMITS.pageSize}.`)
      const afterRow = after == null ? undefined : await getOwnSubscription(db, key.id, decodeCursor(after))
      if (after != null && !afterRow) throw new InvalidInputError('Unknown cursor: pass an endCursor from this query.')
      const rows = await listOwnSubscriptions(db, key.id, { first, after: afterRow })
      const nodes = rows.slice(0, first)
      const last = nodes.at(-1)
      return {
        nodes,
        totalCount: await countSubscriptions(db, key.id),
        pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last.id) : null },
      }
    },
  },
  AlertSubscription: {
    addresses: (row) => JSON.parse(row.addresses) as string[],
    protocols: (row) => (row.protocols === null ? null : (JSON.parse(row.protocols) as string[])),
    status: (row) => (row.status === 'active' ? 'ACTIVE' : 'PAUSED'),
    endpoint: async (row, _args, { db }) => {
      const endpoint = await getEndpointOfKey(db, row.keyId, row.endpointId)
      if (!endpoint) throw new NotFoundError(`Webhook endpoint "${row.endpointId}" no longer exists.`)
      return endpoint
    },
    rules: async (row, _args, { db }) =>
      (await getRulesOf(db, [row.id])).map((rule) => ({ ...rule, held: row.dataUnavailableSinceMs !== null })),
    createdAt: (row) => new Date(row.createdAtMs),
    dataUnavailableSince: (row) => (row.dataUnavailableSinceMs === null ? null : new Date(row.dataUnavailableSinceMs)),
    dataUnavailableReason: (row) => row.dataUnavailableReason,
    lastEvaluatedAt: (row) => (row.lastEvaluatedAtMs === null ? null : new Date(row.lastEvaluatedAtMs)),
    nextEvaluationAt: (row) => new Date(row.nextEvalAtMs),
  },
  AlertRule: {
    kind: (row) => row.kind as AlertRuleKind,
    state: (row) => (row.held ? 'UNKNOWN' : row.state === 'armed' ? 'ARMED' : 'FIRED'),
    lastKnownState: (row) => (row.state === 'armed' ? 'ARMED' : 'FIRED'),
    lastValue: (row) => (row.lastValue === null ? null : decodeRuleValue(row.lastValue)),
    lastEvaluatedAt: (row) => (row.lastEvaluatedAtMs === null ? null : new Date(row.lastEvaluatedAtMs)),
    lastFiredAt: (row) => (row.lastFiredAtMs === null ? null : new Date(row.lastFiredAtMs)),
    firedCount: (row) => row.sequence,
  },
}
