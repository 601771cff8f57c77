/**
 * Pure: the fields of a reserve's configuration bitmap (`ReserveConfigurationMap.data`).
 * Bit positions are the same from v3.0 to v3.3 (v3.3 only flipped the masks' polarity).
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/configuration/ReserveConfiguration.sol
 */
export type ReserveConfiguration = {
  ltv: number
  liquidationThreshold: number
  liquidationBonus: number
  decimals: number
  active: boolean
  frozen: boolean
  borrowingEnabled: boolean
  stableBorrowingEnabled: boolean
  paused: boolean
  borrowableInIsolation: boolean
  siloedBorrowing: boolean
  flashLoanEnabled: boolean
  reserveFactor: number
  /** Whole tokens. */
  borrowCap: bigint
  /** Whole tokens. */
  supplyCap: bigint
  liquidationProtocolFee: number
  eModeCategory: number
  unbackedMintCap: bigint
  /** 10^-2 USD. */
  debtCeiling: bigint
}

const bits = (data: bigint, start: number, length: number): bigint =>
  (data >> BigInt(start)) & ((1n << BigInt(length)) - 1n)
const flag = (data: bigint, bit: number): boolean => bits(data, bit, 1) === 1n

/**
 * @example
 * decodeReserveConfiguration(reserveData.configuration.data).liquidationThreshold // 8250
 */
export function decodeReserveConfiguration(data: bigint): ReserveConfiguration {
  return {
    ltv: Number(bits(data, 0, 16)),
    liquidationThreshold: Number(bits(data, 16, 16)),
    liquidationBonus: Number(bits(data, 32, 16)),
    decimals: Number(bits(data, 48, 8)),
    active: flag(data, 56),
    frozen: flag(data, 57),
    borrowingEnabled: flag(data, 58),
    stableBorrowingEnabled: flag(data, 59),
    paused: flag(data, 60),
    borrowableInIsolation: flag(data, 61),
    siloedBorrowing: flag(data, 62),
    flashLoanEnabled: flag(data, 63),
    reserveFactor: Number(bits(data, 64, 16)),
    borrowCap: bits(data, 80, 36),
    supplyCap: bits(data, 116, 36),
    liquidationProtocolFee: Number(bits(data, 152, 16)),
    eModeCategory: Number(bits(data, 168, 8)),
    unbackedMintCap: bits(data, 176, 36),
    debtCeiling: bits(data, 212, 40),
  }
}
