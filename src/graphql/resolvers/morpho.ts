import type { Resolvers } from '../__generated__/resolvers'

/** Morpho Blue's fields on shared types (schema/morpho.graphql): the pre-liquidation level the engine computed. */
export const morphoResolvers = {
  MarginAccount: {
    preLiquidation: (view) => view.report.preLiquidation ?? null,
  },
} satisfies Resolvers
