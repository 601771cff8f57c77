import { SolventError } from '../../errors/base'

export type AaveReadErrorType = AaveReadError & { name: 'AaveReadError' }

/** A call the Aave snapshot needs failed or answered something unusable: the source is unavailable. */
export class AaveReadError extends SolventError {
  constructor(shortMessage: string, options: { cause?: unknown } = {}) {
    super(shortMessage, { ...options, code: 'UPSTREAM_UNAVAILABLE', name: 'AaveReadError' })
  }
}
