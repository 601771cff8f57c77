import alerts from '../../schema/alerts.graphql'
import base from '../../schema/base.graphql'
import cascade from '../../schema/cascade.graphql'
import dashboard from '../../schema/dashboard.graphql'
import morpho from '../../schema/morpho.graphql'
import portfolio from '../../schema/portfolio.graphql'
import predictive from '../../schema/predictive.graphql'
import protect from '../../schema/protect.graphql'
import queues from '../../schema/queues.graphql'

/** Every SDL file of ../../schema, in a fixed order (the schema hash depends on it). */
export const typeDefs: readonly string[] = [
  base,
  portfolio,
  alerts,
  morpho,
  cascade,
  predictive,
  protect,
  queues,
  dashboard,
]

let schemaHash: Promise<string> | undefined

/** SHA-256 (hex) of the served SDL, computed once per isolate. */
export function getSchemaHash(): Promise<string> {
  schemaHash ??= crypto.subtle
    .digest('SHA-256', new TextEncoder().encode(typeDefs.join('\n')))
    .then((digest) => [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join(''))
  return schemaHash
}
