import { EngineInputError } from '../engine'
import { SolventError } from '../errors/base'
import type { FetchVenueJsonReturnType } from './fetchVenueJson'
import type { SourceError } from './types'

export type ToSourceErrorParameters =
  | { thrown: unknown }
  /** A venue HTTP call that did not succeed (see fetchVenueJson), with the venue's name and the call. */
  | { failed: Exclude<FetchVenueJsonReturnType, { kind: 'ok' }>; venue: string; call: string }

/**
 * The ONE mapping from whatever went wrong while reading or evaluating a source to the error that
 * source reports (a partial result, never a failed request):
 *
 * - a venue refusing the call (4xx) is the caller's input (`BAD_USER_INPUT`); a venue that did not
 *   answer, a timeout or a 5xx is `UPSTREAM_UNAVAILABLE`;
 * - a `SolventError` keeps its code when a source may carry it;
 * - the engine refusing a venue's snapshot (`EngineInputError`) is `INTERNAL`: the venue's state is
 *   outside what the engine models, which is Solvent's to fix, not the caller's;
 * - anything else is `INTERNAL`, with the first line of its message.
 */
export function toSourceError(parameters: ToSourceErrorParameters): SourceError {
  if ('failed' in parameters) {
    const { failed, venue, call } = parameters
    return failed.kind === 'rejected'
      ? { code: 'BAD_USER_INPUT', message: `${venue} refused ${call} (HTTP ${failed.status}).` }
      : { code: 'UPSTREAM_UNAVAILABLE', message: `${venue} did not answer ${call}: ${failed.reason}.` }
  }
  const { thrown } = parameters
  if (thrown instanceof EngineInputError) {
    return { code: 'INTERNAL', message: `The margin engine cannot evaluate this source: ${thrown.message}` }
  }
  if (thrown instanceof SolventError) {
    const passes =
      thrown.code === 'UPSTREAM_UNAVAILABLE' || thrown.code === 'BAD_USER_INPUT' || thrown.code === 'NOT_FOUND'
    return { code: passes ? (thrown.code as SourceError['code']) : 'INTERNAL', message: thrown.shortMessage }
  }
  return { code: 'INTERNAL', message: firstLine(thrown) }
}

function firstLine(thrown: unknown): string {
  return thrown instanceof Error ? (thrown.message.split('\n')[0] ?? 'Error') : String(thrown)
}
