/**
 * The Worker's bundle holds two copies of graphql-js: graphql-armor is CommonJS and loads graphql's
 * .js build, yoga and our code load the .mjs one. A syntax error raised by armor's parser comes from
 * the other copy, so `instanceof GraphQLError` is false for it; maskError must still pass it through
 * as the caller's mistake instead of masking it as INTERNAL (which `wrangler dev` did, with HTTP 200).
 * Node reproduces the two copies with `require` beside `import`; workerd's test runner has one.
 */
import { createRequire } from 'node:module'
import { GraphQLError } from 'graphql'
import { describe, expect, it } from 'vitest'
import { maskError } from '../../../src/graphql/maskError'

const cjs = createRequire(import.meta.url)('graphql') as typeof import('graphql')

describe('maskError with the other copy of graphql-js', () => {
  it('is a second class indeed', () => {
    expect(cjs.GraphQLError).not.toBe(GraphQLError)
  })

  it('passes a syntax error from the CommonJS copy through, unmasked', () => {
    let thrown: unknown
    try {
      cjs.parse('{ health { status } }}')
    } catch (error) {
      thrown = error
    }
    const masked = maskError(thrown, 'Internal error.', false)
    expect((masked as GraphQLError).message).toBe('Syntax Error: Unexpected "}".')
    expect((masked as GraphQLError).extensions.code).not.toBe('INTERNAL')
  })

  it('still masks anything else', () => {
    const masked = maskError(new Error('secret'), 'Internal error.', false) as GraphQLError
    expect(masked.message).toBe('Internal error.')
    expect(masked.extensions.code).toBe('INTERNAL')
  })

  it('keeps the original of a masked error for the log line, out of the serialized error', () => {
    const secret = new Error('secret')
    const masked = maskError(secret, 'Internal error.', false) as GraphQLError
    expect(masked.originalError).toBe(secret)
    expect(JSON.stringify(masked)).not.toContain('secret')
  })
})
