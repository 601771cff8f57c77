export { AddressScalar } from './address'
export { BigDecimalScalar } from './bigDecimal'
export { ChainIdScalar } from './chainId'
export { DateTimeScalar } from './dateTime'
