import { SolventError } from '../errors/base'

export type ChainConfigErrorType = ChainConfigError & { name: 'ChainConfigError' }

/** The deployment's chain configuration (`RPC_URLS`) cannot be used. An operator error: `INTERNAL`. */
export class ChainConfigError extends SolventError {
  constructor(shortMessage: string, options: { cause?: unknown; metaMessages?: string[] } = {}) {
    super(shortMessage, { ...options, code: 'INTERNAL', name: 'ChainConfigError' })
  }
}

export type ChainUnavailableErrorType = ChainUnavailableError & { name: 'ChainUnavailableError' }

/** No RPC endpoint of a chain answered (or every one failed): `UPSTREAM_UNAVAILABLE`. */
export class ChainUnavailableError extends SolventError {
  readonly chainId: number
  constructor({ chainId, cause }: { chainId: number; cause?: unknown }) {
    super(`Chain ${chainId} did not answer.`, { code: 'UPSTREAM_UNAVAILABLE', cause, name: 'ChainUnavailableError' })
    this.chainId = chainId
  }
}
