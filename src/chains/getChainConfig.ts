import type { Chain } from 'viem'
import { defaultChains, defineChainById } from './definitions'
import { ChainConfigError } from './errors'

/** A chain the deployment can read: its definition and the RPC endpoints tried in order. */
export type ChainEndpoint = { chain: Chain; rpcUrls: readonly string[] }

export type GetChainConfigParameters = Pick<Env, 'RPC_URLS'>

/** Chain id -> endpoints. */
export type GetChainConfigReturnType = ReadonlyMap<number, ChainEndpoint>

const cache = new Map<string, GetChainConfigReturnType>()

/**
 * The ONE parser of `RPC_URLS` (JSON `{"<chainId>": ["https://rpc-1", "https://rpc-2"]}`). Chains it
 * names use those URLs; every default chain it does not name keeps its viem public RPC. Empty:
 * defaults only. Parsed once per isolate per value.
 *
 * @throws {ChainConfigError} when the value is not that JSON shape.
 * @example
 * getChainConfig({ RPC_URLS: '{"1":["https://eth.example"]}' }).get(1)?.rpcUrls // ['https://eth.example']
 */
export function getChainConfig(env: GetChainConfigParameters): GetChainConfigReturnType {
  const raw = (env.RPC_URLS ?? '').trim()
  const cached = cache.get(raw)
  if (cached) return cached
  const config = new Map<number, ChainEndpoint>()
  for (const chain of defaultChains) config.set(chain.id, { chain, rpcUrls: chain.rpcUrls.default.http })
  for (const [chainId, rpcUrls] of parseRpcUrls(raw)) config.set(chainId, { chain: defineChainById(chainId), rpcUrls })
  cache.set(raw, config)
  return config
}

function parseRpcUrls(raw: string): [number, string[]][] {
  if (raw === '') return []
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch (cause) {
    throw new ChainConfigError('RPC_URLS is not valid JSON.', {
      cause,
      metaMessages: ['Expected {"<chainId>": ["https://rpc-1", …]}.'],
    })
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ChainConfigError('RPC_URLS must be a JSON object {"<chainId>": ["https://rpc-1", …]}.')
  }
  return Object.entries(parsed).map(([key, value]) => {
    const chainId = Number(key)
    if (!Number.isSafeInteger(chainId) || chainId <= 0) {
      throw new ChainConfigError(`RPC_URLS has a key "${key}" that is not a chain id.`)
    }
    const urls = typeof value === 'string' ? [value] : value
    if (!Array.isArray(urls) || urls.length === 0 || !urls.every((url) => typeof url === 'string' && isHttpUrl(url))) {
      throw new ChainConfigError(`RPC_URLS["${key}"] must be a non-empty list of http(s) URLs.`)
    }
    return [chainId, urls as string[]]
  })
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}
