/**
 * The exchange-rate getters of the liquid staking tokens in `ASSET_TABLE`: each takes no argument
 * and returns units of ETH (or of a 1:1 ETH token) per token, scaled by 1e18.
 */
export const rateAbi = [
  { type: 'function', name: 'stEthPerToken', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint256' }] },
  { type: 'function', name: 'getExchangeRate', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint256' }] },
  { type: 'function', name: 'exchangeRate', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint256' }] },
  { type: 'function', name: 'getRate', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint256' }] },
] as const

export type RateMethod = (typeof rateAbi)[number]['name']

export const RATE_METHODS: readonly RateMethod[] = rateAbi.map((entry) => entry.name)

/** Decimals of every rate in `rateAbi`. */
export const RATE_DECIMALS = 18
