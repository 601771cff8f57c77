import { SolventError } from './base'

export type InvalidInputErrorType = InvalidInputError & { name: 'InvalidInputError' }

/** The caller sent something we cannot use. Maps to `BAD_USER_INPUT`. */
export class InvalidInputError extends SolventError {
  constructor(shortMessage: string, options: { cause?: unknown; metaMessages?: string[] } = {}) {
    super(shortMessage, { ...options, code: 'BAD_USER_INPUT', name: 'InvalidInputError' })
  }
}

export type PayloadTooLargeErrorType = PayloadTooLargeError & { name: 'PayloadTooLargeError' }

/** The request body is larger than the configured limit. Maps to `BAD_USER_INPUT` with HTTP 413. */
export class PayloadTooLargeError extends SolventError {
  readonly limitBytes: number
  constructor({ limitBytes }: { limitBytes: number }) {
    super(`Request body is larger than ${limitBytes} bytes.`, { code: 'BAD_USER_INPUT', name: 'PayloadTooLargeError' })
    this.limitBytes = limitBytes
  }
}
