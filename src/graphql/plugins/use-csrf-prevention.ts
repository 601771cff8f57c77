import type { Plugin } from 'graphql-yoga'

/** Headers a browser cannot send cross-site without a CORS preflight; any one of them proves the request is not a CSRF. */
export const PREFLIGHT_HEADERS = ['x-solvent-csrf', 'apollo-require-preflight', 'x-apollo-operation-name'] as const

const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']

/**
 * CSRF prevention in the style of Apollo Server's: a browser can send a GET, or a POST with a
 * "simple" content type, cross-site with no preflight. Such requests must carry one of
 * `PREFLIGHT_HEADERS`; JSON POSTs (which always preflight cross-site) need nothing. The GraphiQL
 * page itself (a GET asking for text/html) is not an operation and is let through.
 *
 * @see https://www.apollographql.com/docs/apollo-server/security/cors#preventing-cross-site-request-forgery-csrf
 */
export function useCsrfPrevention(): Plugin {
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      if (request.method === 'OPTIONS' || PREFLIGHT_HEADERS.some((name) => request.headers.has(name))) return
      const contentType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
      const wantsHtml = request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html')
      const simple =
        request.method === 'GET' ? !wantsHtml : contentType === '' || SIMPLE_CONTENT_TYPES.includes(contentType)
      if (!simple) return
      endResponse(
        fetchAPI.Response.json(
          {
            errors: [
              {
                message: `This request could be a cross-site request forgery: send it as a POST with "content-type: application/json", or add a "${PREFLIGHT_HEADERS[0]}: 1" header.`,
                extensions: { code: 'BAD_USER_INPUT' },
              },
            ],
          },
          { status: 400 },
        ),
      )
    },
  }
}
