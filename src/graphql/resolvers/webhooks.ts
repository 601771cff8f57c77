import type { Resolvers } from '../__generated__/resolvers'

/** (Lands with its part of the alerts issue.) */
export const webhooksResolvers: Resolvers = {}
