import type { AlertEventRow, AlertSubscriptionRow } from '../db/schema'
import type { SourceState } from '../sources/createSourceLoader'
import { buildEventBody, subscriptionJson } from './eventBody'
import { sha256Hex } from './ids'

export type BuildDataAvailabilityEventParameters = {
  subscription: AlertSubscriptionRow
  /** `data.unavailable`: the target's rules are now held; `data.restored`: they are evaluated again. */
  type: 'data.unavailable' | 'data.restored'
  /** When the unavailability began (the episode both events belong to), unix ms. */
  unavailableSinceMs: number
  /** The target's sources as this tick found them. */
  sources: readonly SourceState[]
  nowMs: number
}

/**
 * The event that tells a subscriber its target's data became unavailable (a source STALE or
 * ERROR: rules are held, neither firing nor re-arming) or available again. One of each per
 * episode: the id is derived from (subscription, episode start, type), so two ticks that see the
 * same change build the same event and the store keeps one.
 */
export async function buildDataAvailabilityEvent({
  subscription,
  type,
  unavailableSinceMs,
  sources,
  nowMs,
}: BuildDataAvailabilityEventParameters): Promise<AlertEventRow> {
  const id = `evt_${(await sha256Hex(`${subscription.id}:${unavailableSinceMs}:${type}`)).slice(0, 32)}`
  const data = {
    id,
    subscription: subscriptionJson(subscription),
    unavailableSince: new Date(unavailableSinceMs).toISOString(),
    observedAt: new Date(nowMs).toISOString(),
    sources: sources.map(sourceJson),
  }
  return {
    id,
    endpointId: subscription.endpointId,
    keyId: subscription.keyId,
    subscriptionId: subscription.id,
    ruleId: null,
    sequence: null,
    type,
    payload: buildEventBody(type, nowMs, data),
    createdAtMs: nowMs,
    handedOffAtMs: null,
  }
}

/** A source as the GraphQL `SourceStatus` names its fields, so webhook bodies read like API answers. */
export function sourceJson(state: SourceState) {
  return {
    protocol: state.source.venue,
    chainId: state.source.chainId ?? null,
    market: state.source.market ?? null,
    status: state.status === 'ok' ? 'OK' : state.status === 'stale' ? 'STALE' : 'ERROR',
    reasons: state.reasons.map((reason) => ({
      code: reason.code,
      message: reason.message,
      asset: reason.asset ?? null,
      ageSeconds: reason.ageSeconds ?? null,
      limitSeconds: reason.limitSeconds ?? null,
    })),
    errorCode: state.error?.code ?? null,
    errorMessage: state.error?.message ?? null,
    blockNumber: state.blockNumber,
    asOf: state.asOfSec === null ? null : new Date(state.asOfSec * 1000).toISOString(),
    ageSeconds: state.ageSeconds,
  }
}

/** One line for `AlertSubscription.dataUnavailableReason`: what keeps the target's data unavailable. */
export function describeUnavailable(sources: readonly SourceState[]): string {
  return sources
    .filter((state) => state.status !== 'ok')
    .map((state) => {
      const where = [state.source.venue, state.source.chainId, state.source.market].filter((p) => p != null).join(' ')
      const why =
        state.reasons.length > 0
          ? state.reasons.map((reason) => reason.code).join(', ')
          : (state.error?.code ?? 'UPSTREAM_UNAVAILABLE')
      return `${where}: ${state.status === 'error' ? 'ERROR' : 'STALE'} (${why})`
    })
    .join('; ')
}
