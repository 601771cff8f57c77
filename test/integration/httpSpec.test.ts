import { exports } from 'cloudflare:workers'
import { auditServer } from 'graphql-http'
import { describe, expect, it } from 'vitest'

/**
 * The graphql-http server audit (GraphQL-over-HTTP spec conformance) against the Worker's own fetch
 * handler, in memory. Apollo Client, urql and graphql-request read the status codes it checks.
 *
 * @see https://github.com/graphql/graphql-over-http/blob/main/spec/GraphQLOverHTTP.md#status-codes
 */
describe('GraphQL over HTTP (graphql-http server audit)', () => {
  it('passes every audit: no error and no warning, notices only for GETs without a CSRF header', async () => {
    const results = await auditServer({
      url: 'http://solvent.test/graphql',
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) => exports.default.fetch(input, init),
    })
    const failed = await Promise.all(
      results
        .filter((result) => result.status !== 'ok')
        .map(async (result) => ({
          id: result.id,
          name: result.name,
          status: result.status,
          reason: 'reason' in result ? result.reason : '',
        })),
    )
    expect(failed.filter((result) => result.status !== 'notice')).toEqual([])
    // Notices (MAY) only: a GET operation without a preflight header is refused as a possible
    // cross-site request forgery (plugins/use-csrf-prevention.ts), which these three audits send.
    expect(failed.map((result) => result.id).sort()).toEqual(['5A70', '6A70', 'D6D5'])
  })
})
