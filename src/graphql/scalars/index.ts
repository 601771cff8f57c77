export { AddressScalar } from './address'
export { ChainIdScalar } from './chainId'
export { DateTimeScalar } from './dateTime'
export { BigDecimalScalar, FractionScalar, QuantityScalar, UsdAmountScalar, UsdPriceScalar } from './decimalScalars'
