import { VenueFormatError } from '../../errors/venue'

export { isDecimal, isObject } from '../guards'

/** An indexer answer that is not in the documented shape. */
export const dydxFormatError = (detail: string) => new VenueFormatError({ venue: 'The dYdX indexer', detail })
