import type { Address } from 'viem'
import { KEY_LIMITS } from '../../auth/limits'
import { requestNonce } from '../../auth/requestNonce'
import { requireKey } from '../../auth/requireKey'
import { signIn } from '../../auth/signIn'
import { listApiKeysByOwner, revokeApiKeyOfOwner } from '../../db/queries/apiKeys'
import { NotFoundError } from '../../errors/auth'
import type { Resolvers } from '../__generated__/resolvers'

const dateOf = (ms: number | null) => (ms === null ? null : new Date(ms))

/** Sign-In with Ethereum, API keys and `me` (the other alerts parts add their own `Me` fields). */
export const authResolvers: Resolvers = {
  Query: {
    me: (_parent, _args, context) => requireKey(context),
  },
  Mutation: {
    requestNonce: (_parent, _args, context) => requestNonce(context),
    signIn: (_parent, { message, signature, label }, context) => signIn(context, { message, signature, label }),
    revokeApiKey: async (_parent, { id }, context) => {
      const { key } = await requireKey(context)
      const revoked = await revokeApiKeyOfOwner(context.db, {
        id,
        owner: key.owner,
        chainId: key.chainId,
        nowMs: context.nowMs,
      })
      // Another owner's key answers like a missing one: ids never reveal whether they exist.
      if (!revoked) throw new NotFoundError(`No API key ${id} for ${key.owner}.`)
      return revoked
    },
  },
  Me: {
    address: ({ key }) => key.owner as Address,
    key: ({ key }) => key,
    apiKeys: ({ key }, _args, { db }) => listApiKeysByOwner(db, key.owner, key.chainId),
    limits: () => KEY_LIMITS,
  },
  ApiKey: {
    owner: (key) => key.owner as Address,
    createdAt: (key) => new Date(key.createdAtMs),
    lastUsedAt: (key) => dateOf(key.lastUsedAtMs),
    revokedAt: (key) => dateOf(key.revokedAtMs),
  },
}
