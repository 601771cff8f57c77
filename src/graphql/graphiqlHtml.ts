import { type GraphiQLOptions, renderGraphiQL } from 'graphql-yoga'

/** Where the Worker serves `@graphql-yoga/graphiql`'s files (copied into the static assets by test/harness/buildDashboard.ts). */
export const GRAPHIQL_ASSETS = '/graphiql/'

const CDN = /https:\/\/unpkg\.com\/@graphql-yoga\/graphiql@[^/]+\/dist\//g
const FAVICON = /<link rel=icon href=https:[^>]*>/

/**
 * yoga's own GraphiQL page, with its script, stylesheet and editor workers loaded from this Worker
 * instead of unpkg: the page works offline ("Loading Solvent..." forever, before). The pinned
 * `@graphql-yoga/graphiql` package is the one yoga's page names.
 */
export function renderLocalGraphiQL(options?: GraphiQLOptions): string {
  return renderGraphiQL(options ?? {})
    .replace(FAVICON, '<link rel=icon href="data:,">')
    .replace(CDN, GRAPHIQL_ASSETS)
}
