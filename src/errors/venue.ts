import { SolventError } from './base'

export type VenueFormatErrorType = VenueFormatError & { name: 'VenueFormatError' }

/** A venue answered in a shape its documentation does not describe: the venue is not usable right now. */
export class VenueFormatError extends SolventError {
  constructor({ venue, detail }: { venue: string; detail: string }) {
    super(`${venue} answered in an unexpected format.`, {
      code: 'UPSTREAM_UNAVAILABLE',
      metaMessages: [detail],
      name: 'VenueFormatError',
    })
  }
}
