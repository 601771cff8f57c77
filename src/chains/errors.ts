import { BaseError } from 'viem'
import { SolventError } from '../errors/base'
import type { EndpointFailure } from './endpointHealth'

export type ChainConfigErrorType = ChainConfigError & { name: 'ChainConfigError' }

/** The deployment's chain configuration (`RPC_URLS`) cannot be used. An operator error: `INTERNAL`. */
export class ChainConfigError extends SolventError {
  constructor(shortMessage: string, options: { cause?: unknown; metaMessages?: string[] } = {}) {
    super(shortMessage, { ...options, code: 'INTERNAL', name: 'ChainConfigError' })
  }
}

export type ChainUnavailableErrorType = ChainUnavailableError & { name: 'ChainUnavailableError' }

/**
 * No RPC endpoint of a chain answered (or every one failed): `UPSTREAM_UNAVAILABLE`. The message says
 * why when it is known (see `RpcEndpointsFailedError`), and never carries an endpoint URL (they hold
 * API keys).
 */
export class ChainUnavailableError extends SolventError {
  readonly chainId: number
  constructor({ chainId, reason, cause }: { chainId: number; reason?: string | undefined; cause?: unknown }) {
    super(reason ?? `Chain ${chainId} did not answer.`, {
      code: 'UPSTREAM_UNAVAILABLE',
      cause,
      name: 'ChainUnavailableError',
    })
    this.chainId = chainId
  }
}

export type RpcEndpointsFailedErrorType = RpcEndpointsFailedError & { name: 'RpcEndpointsFailedError' }

/**
 * Every endpoint of a chain was tried for one JSON-RPC request and none gave a usable answer
 * (src/chains/failoverTransport.ts). A viem `BaseError`, so viem's actions keep it as the cause of
 * what they throw; `summary` is the sentence a source reports (no URLs).
 */
export class RpcEndpointsFailedError extends BaseError {
  override name = 'RpcEndpointsFailedError' as const
  readonly chainId: number
  readonly failures: readonly EndpointFailure[]
  readonly summary: string
  constructor({
    chainId,
    method,
    failures,
    cause,
  }: {
    chainId: number
    method: string
    failures: readonly EndpointFailure[]
    cause?: Error | undefined
  }) {
    const summary = summarizeFailures({ chainId, failures })
    super(summary, { cause, metaMessages: [`Method: ${method}`], name: 'RpcEndpointsFailedError' })
    this.chainId = chainId
    this.failures = failures
    this.summary = summary
  }
}

/**
 * E.g. "Every RPC endpoint of chain 42161 is behind block 1234 or unreachable (1 behind, 1 timed out
 * after 8000 ms)." or "Every RPC endpoint of chain 1 failed (2 answered HTTP 503)."
 */
function summarizeFailures({ chainId, failures }: { chainId: number; failures: readonly EndpointFailure[] }): string {
  if (failures.length === 0) return `Chain ${chainId} has no RPC endpoint to ask.`
  const counts = new Map<string, number>()
  for (const failure of failures) {
    const kind = describeFailure(failure)
    counts.set(kind, (counts.get(kind) ?? 0) + 1)
  }
  const detail = [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ')
  const behind = failures.filter((f): f is Extract<EndpointFailure, { kind: 'behind' }> => f.kind === 'behind')
  if (behind.length > 0) {
    let block = 0n
    for (const f of behind) if (f.blockNumber > block) block = f.blockNumber
    return `Every RPC endpoint of chain ${chainId} is behind block ${block} or unreachable (${detail}).`
  }
  return `Every RPC endpoint of chain ${chainId} failed (${detail}).`
}

function describeFailure(failure: EndpointFailure): string {
  switch (failure.kind) {
    case 'timeout':
      return `timed out after ${failure.timeoutMs} ms`
    case 'http':
      return `answered HTTP ${failure.status}`
    case 'unreachable':
      return 'unreachable'
    case 'behind':
      return 'behind'
    case 'rpc':
      return failure.code === undefined ? 'answered an RPC error' : `answered RPC error ${failure.code}`
  }
}
