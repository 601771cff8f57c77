import type { AuthenticatedKey } from '../alerts/types'
import { UnauthenticatedError } from '../errors/auth'
import type { GraphQLContext } from '../graphql/context'

/**
 * The API key of this request (`Authorization: Bearer <key>`), looked up once per request; throws
 * UNAUTHENTICATED without a valid, unrevoked key and RATE_LIMITED past the key's request rate.
 * (Contract: the lookup lands with sign-in.)
 */
export async function requireKey(context: GraphQLContext): Promise<AuthenticatedKey> {
  void context
  throw new UnauthenticatedError('Sign in first: send Authorization: Bearer <apiKey>.')
}
