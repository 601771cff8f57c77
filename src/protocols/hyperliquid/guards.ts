import { VenueFormatError } from '../../errors/venue'

export { isDecimal, isObject, isPositiveInt } from '../guards'

/** A Hyperliquid answer that is not in the documented shape. */
export const hyperliquidFormatError = (detail: string) => new VenueFormatError({ venue: 'Hyperliquid', detail })
