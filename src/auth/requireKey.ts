import { sha256Hex } from '../alerts/ids'
import type { AuthenticatedKey } from '../alerts/types'
import { getActiveKeyByHash } from '../db/queries/apiKeys'
import { UnauthenticatedError } from '../errors/auth'
import type { GraphQLContext } from '../graphql/context'

/** One lookup per request, however many fields ask. */
const resolved = new WeakMap<object, Promise<AuthenticatedKey>>()

/**
 * The API key of this request (`Authorization: Bearer <key>`), looked up once per request; throws
 * UNAUTHENTICATED without a valid, unrevoked key.
 */
export function requireKey(context: GraphQLContext): Promise<AuthenticatedKey> {
  let key = resolved.get(context)
  if (!key) {
    key = lookUp(context)
    resolved.set(context, key)
  }
  return key
}

async function lookUp(context: GraphQLContext): Promise<AuthenticatedKey> {
  const header = context.request.headers.get('authorization') ?? ''
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!match?.[1]) throw new UnauthenticatedError('Sign in first: send Authorization: Bearer <apiKey>.')
  const key = await getActiveKeyByHash(context.db, await sha256Hex(match[1]))
  if (!key) throw new UnauthenticatedError('Unknown or revoked API key.')
  return { key }
}
