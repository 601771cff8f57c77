/** What `protocols` reports for each venue adapter this deployment runs. */
export type ProtocolInfo = {
  id: string
  name: string
  kind: 'LENDING' | 'PERPETUALS' | 'DECLARED'
  chains: readonly number[]
}

/** The venues this deployment can read. Adapters register here as they land. */
export const protocols: readonly ProtocolInfo[] = []
