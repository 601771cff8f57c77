import { decodeDeliveryCursor } from '../../alerts/delivery/cursor'
import { endpointStub } from '../../alerts/endpointStub'
import { buildEventBody } from '../../alerts/eventBody'
import { handOffEvents } from '../../alerts/handOff'
import { newId } from '../../alerts/ids'
import type { DeliveryStatus, DeliveryView } from '../../alerts/types'
import { generateWebhookSecret } from '../../alerts/webhookSecret'
import { validateWebhookUrl } from '../../alerts/webhookUrl'
import { consumeKeyQuota } from '../../auth/consumeKeyQuota'
import { KEY_LIMITS } from '../../auth/limits'
import { requireKey } from '../../auth/requireKey'
import { requireWriteKey } from '../../auth/requireWriteKey'
import { getEvent, insertEvent } from '../../db/queries/alertEvents'
import {
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  insertWebhookEndpointWithinLimit,
  listWebhookEndpoints,
  rotateWebhookEndpointSecret,
  setWebhookEndpointStatus,
} from '../../db/queries/webhookEndpoints'
import type { AlertEventRow, WebhookEndpointRow } from '../../db/schema'
import { NotFoundError, RateLimitedError } from '../../errors/auth'
import { SolventError } from '../../errors/base'
import { InvalidInputError } from '../../errors/input'
import type {
  DeliveryStatus as DeliveryStatusEnum,
  MutationResolvers,
  Resolvers,
  WebhookEndpointStatus,
} from '../__generated__/resolvers'
import type { GraphQLContext } from '../context'

const MAX_DESCRIPTION_LENGTH = 200
/** How long a rotated-out secret keeps signing next to the new one (Standard Webhooks multi-signature). */
const PREVIOUS_SECRET_TTL_MS = 24 * 60 * 60_000
const TEST_EVENT_WINDOW_MS = 60 * 60_000
const MAX_DELIVERIES_PAGE = 100

const endpointStatus = { active: 'ACTIVE', paused: 'PAUSED', disabled: 'DISABLED' } as const satisfies Record<
  WebhookEndpointRow['status'],
  WebhookEndpointStatus
>
const deliveryStatus = { pending: 'PENDING', delivered: 'DELIVERED', dead: 'DEAD' } as const satisfies Record<
  DeliveryStatus,
  DeliveryStatusEnum
>
const deliveryStatusFilter = { PENDING: 'pending', DELIVERED: 'delivered', DEAD: 'dead' } as const satisfies Record<
  DeliveryStatusEnum,
  DeliveryStatus
>

const notFound = (id: string) => new NotFoundError(`No webhook endpoint "${id}".`)

/** The caller's endpoint with this id; NOT_FOUND when there is none (or it is another key's). */
async function ownEndpoint(context: GraphQLContext, id: string): Promise<WebhookEndpointRow> {
  const { key } = await requireWriteKey(context)
  const endpoint = await getWebhookEndpoint(context.db, key.id, id)
  if (!endpoint) throw notFound(id)
  return endpoint
}

function checkDescription(description: string | null | undefined): string | null {
  const trimmed = description?.trim() ?? ''
  if (trimmed.length > MAX_DESCRIPTION_LENGTH) {
    throw new InvalidInputError(`The description is longer than ${MAX_DESCRIPTION_LENGTH} characters.`)
  }
  return trimmed === '' ? null : trimmed
}

/**
 * Tells the endpoint's Durable Object about a change that D1 already holds. The change is committed
 * (and a rotated secret is shown only in this answer), so a failed nudge is logged rather than thrown:
 * failing the mutation would hide a secret that is already in force.
 */
async function nudge(endpointId: string, what: string, call: () => Promise<void>): Promise<void> {
  try {
    await call()
  } catch (error) {
    console.error(`Webhook endpoint ${endpointId}: ${what} failed after the change was stored.`, error)
  }
}

/** A stored event the object does not know yet (its hand-off failed; the cron hands it on): pending, no attempts. */
function queuedView(event: AlertEventRow): DeliveryView {
  return {
    eventId: event.id,
    eventType: event.type === 'test' ? 'test' : 'alert.fired',
    status: 'pending',
    createdAtMs: event.createdAtMs,
    nextAttemptAtMs: null,
    attempts: [],
    body: event.payload,
  }
}

const createWebhookEndpoint: NonNullable<MutationResolvers['createWebhookEndpoint']> = async (
  _parent,
  { url, description },
  context,
) => {
  const { key } = await requireWriteKey(context)
  const row: WebhookEndpointRow = {
    id: newId('ep'),
    keyId: key.id,
    url: validateWebhookUrl(url, { allowLoopbackHttp: context.config.allowLoopbackWebhooks }),
    description: checkDescription(description),
    secret: generateWebhookSecret(),
    previousSecret: null,
    previousSecretExpiresAtMs: null,
    status: 'active',
    disabledReason: null,
    disabledAtMs: null,
    createdAtMs: context.nowMs,
    updatedAtMs: context.nowMs,
  }
  const endpoint = await insertWebhookEndpointWithinLimit(context.db, row, KEY_LIMITS.maxWebhookEndpoints)
  if (!endpoint) {
    throw new RateLimitedError(
      `An API key may have at most ${KEY_LIMITS.maxWebhookEndpoints} webhook endpoints; delete one first.`,
    )
  }
  return { endpoint, secret: row.secret }
}

const rotateWebhookSecret: NonNullable<MutationResolvers['rotateWebhookSecret']> = async (_parent, { id }, context) => {
  const { key } = await requireWriteKey(context)
  const secret = generateWebhookSecret()
  const endpoint = await rotateWebhookEndpointSecret(context.db, key.id, id, {
    secret,
    previousSecretExpiresAtMs: context.nowMs + PREVIOUS_SECRET_TTL_MS,
    nowMs: context.nowMs,
  })
  if (!endpoint) throw notFound(id)
  await nudge(id, 'wake after rotation', () => endpointStub(context.env, id).wake())
  return { endpoint, secret }
}

/**
 * Pause or resume. The object reads the status before each attempt, so pausing needs no call to it;
 * resuming (which also re-enables an endpoint a 410 disabled) wakes it to deliver what waited.
 */
function setStatusResolver(status: 'paused' | 'active') {
  return async (_parent: unknown, { id }: { id: string }, context: GraphQLContext) => {
    const { key } = await requireWriteKey(context)
    const endpoint = await setWebhookEndpointStatus(context.db, key.id, id, {
      status,
      disabledReason: null,
      disabledAtMs: null,
      updatedAtMs: context.nowMs,
    })
    if (!endpoint) throw notFound(id)
    if (status === 'active') await nudge(id, 'wake after resume', () => endpointStub(context.env, id).wake())
    return endpoint
  }
}

const pauseWebhookEndpoint: NonNullable<MutationResolvers['pauseWebhookEndpoint']> = setStatusResolver('paused')
const resumeWebhookEndpoint: NonNullable<MutationResolvers['resumeWebhookEndpoint']> = setStatusResolver('active')

const deleteWebhookEndpointResolver: NonNullable<MutationResolvers['deleteWebhookEndpoint']> = async (
  _parent,
  { id },
  context,
) => {
  const { key } = await requireWriteKey(context)
  if (!(await deleteWebhookEndpoint(context.db, key.id, id))) throw notFound(id)
  await nudge(id, 'purge after delete', () => endpointStub(context.env, id).purge())
  return id
}

const sendTestEvent: NonNullable<MutationResolvers['sendTestEvent']> = async (_parent, { endpointId }, context) => {
  const endpoint = await ownEndpoint(context, endpointId)
  const { db, env, nowMs } = context
  await consumeKeyQuota(context, {
    keyId: endpoint.keyId,
    name: 'test-events',
    limit: KEY_LIMITS.testEventsPerHour,
    windowMs: TEST_EVENT_WINDOW_MS,
    message: 'Too many test events for this API key',
  })
  const event: AlertEventRow = {
    id: newId('evt'),
    endpointId: endpoint.id,
    keyId: endpoint.keyId,
    subscriptionId: null,
    ruleId: null,
    sequence: null,
    type: 'test',
    payload: buildEventBody('test', nowMs, { endpointId: endpoint.id, message: 'Test event from Solvent' }),
    createdAtMs: nowMs,
    handedOffAtMs: null,
  }
  await insertEvent(db, event)
  await handOffEvents(env, db, [event], nowMs)
  return (await endpointStub(env, endpoint.id).getDelivery(event.id)) ?? queuedView(event)
}

const replayEvent: NonNullable<MutationResolvers['replayEvent']> = async (_parent, { id }, context) => {
  const { key } = await requireWriteKey(context)
  const { db, env, nowMs } = context
  const event = await getEvent(db, id)
  if (!event || event.keyId !== key.id) throw new NotFoundError(`No event "${id}".`)
  const stub = endpointStub(env, event.endpointId)
  const unavailable = (cause?: unknown) =>
    new SolventError(`The delivery of endpoint ${event.endpointId} is unavailable; replay the event again later.`, {
      code: 'UPSTREAM_UNAVAILABLE',
      cause,
    })
  try {
    const replayed = await stub.replay(id)
    if (replayed) return replayed
    // The object never got it (a hand-off that failed before the cron's retry): hand it on, then replay.
    await handOffEvents(env, db, [event], nowMs)
    const afterHandOff = await stub.replay(id)
    if (!afterHandOff) throw unavailable()
    return afterHandOff
  } catch (error) {
    throw error instanceof SolventError ? error : unavailable(error)
  }
}

/** Webhook endpoints and their deliveries: every operation needs an API key and sees only that key's endpoints. */
export const webhooksResolvers: Resolvers = {
  Query: {
    webhookEndpoint: async (_parent, { id }, context) => {
      const { key } = await requireKey(context)
      return (await getWebhookEndpoint(context.db, key.id, id)) ?? null
    },
  },
  Mutation: {
    createWebhookEndpoint,
    rotateWebhookSecret,
    pauseWebhookEndpoint,
    resumeWebhookEndpoint,
    deleteWebhookEndpoint: deleteWebhookEndpointResolver,
    sendTestEvent,
    replayEvent,
  },
  Me: {
    webhookEndpoints: (me, _args, { db }) => listWebhookEndpoints(db, me.key.id),
  },
  WebhookEndpoint: {
    status: (endpoint) => endpointStatus[endpoint.status],
    createdAt: (endpoint) => new Date(endpoint.createdAtMs),
    updatedAt: (endpoint) => new Date(endpoint.updatedAtMs),
    disabledAt: (endpoint) => (endpoint.disabledAtMs === null ? null : new Date(endpoint.disabledAtMs)),
    deliveries: async (endpoint, { first, after, status }, { env }) => {
      if (!Number.isInteger(first) || first < 1 || first > MAX_DELIVERIES_PAGE) {
        throw new InvalidInputError(`"first" must be an integer from 1 to ${MAX_DELIVERIES_PAGE}.`)
      }
      // Checked here: an error thrown inside the object loses its class (and code) across RPC.
      if (after != null) decodeDeliveryCursor(after)
      const page = await endpointStub(env, endpoint.id).listDeliveries({
        first,
        after: after ?? null,
        status: status ? deliveryStatusFilter[status] : null,
      })
      return { nodes: page.nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } }
    },
    deliveryCounts: (endpoint, _args, { env }) => endpointStub(env, endpoint.id).deliveryCounts(),
  },
  Delivery: {
    status: (delivery) => deliveryStatus[delivery.status],
    createdAt: (delivery) => new Date(delivery.createdAtMs),
    nextAttemptAt: (delivery) => (delivery.nextAttemptAtMs === null ? null : new Date(delivery.nextAttemptAtMs)),
    attemptCount: (delivery) => delivery.attempts.length,
    payload: (delivery) => delivery.body,
  },
  DeliveryAttempt: {
    at: (attempt) => new Date(attempt.atMs),
  },
}
