import type { Chain } from 'viem'
import { defaultChains, defineChainById } from './definitions'
import { ChainConfigError } from './errors'

/** A chain the deployment can read: its definition, the RPC endpoints tried in order, one attempt's timeout. */
export type ChainEndpoint = { chain: Chain; rpcUrls: readonly string[]; timeoutMs: number }

/** `RPC_TIMEOUT_MS` may be absent (harnesses that build a config from `RPC_URLS` alone get the default). */
export type GetChainConfigParameters = Pick<Env, 'RPC_URLS'> & { RPC_TIMEOUT_MS?: string | undefined }

/** One attempt on one RPC endpoint, when `RPC_TIMEOUT_MS` is empty or absent. */
export const DEFAULT_RPC_TIMEOUT_MS = 8_000

/** Chain id -> endpoints. */
export type GetChainConfigReturnType = ReadonlyMap<number, ChainEndpoint>

const cache = new Map<string, GetChainConfigReturnType>()

/**
 * The ONE parser of `RPC_URLS` (JSON `{"<chainId>": ["https://rpc-1", "https://rpc-2"]}`) and
 * `RPC_TIMEOUT_MS` (whole milliseconds per attempt). Chains `RPC_URLS` names use those URLs; every
 * default chain it does not name keeps its viem public RPC. Empty: defaults only. Parsed once per
 * isolate per value.
 *
 * @throws {ChainConfigError} when a value is not that shape.
 * @example
 * getChainConfig({ RPC_URLS: '{"1":["https://eth.example"]}' }).get(1)?.rpcUrls // ['https://eth.example']
 */
export function getChainConfig(env: GetChainConfigParameters): GetChainConfigReturnType {
  const raw = (env.RPC_URLS ?? '').trim()
  const rawTimeout = (env.RPC_TIMEOUT_MS ?? '').trim()
  const key = `${rawTimeout}|${raw}`
  const cached = cache.get(key)
  if (cached) return cached
  const timeoutMs = parseTimeout(rawTimeout)
  const config = new Map<number, ChainEndpoint>()
  for (const chain of defaultChains) config.set(chain.id, { chain, rpcUrls: chain.rpcUrls.default.http, timeoutMs })
  for (const [chainId, rpcUrls] of parseRpcUrls(raw))
    config.set(chainId, { chain: defineChainById(chainId), rpcUrls, timeoutMs })
  cache.set(key, config)
  return config
}

function parseTimeout(raw: string): number {
  if (raw === '') return DEFAULT_RPC_TIMEOUT_MS
  const ms = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(ms) || ms <= 0) {
    throw new ChainConfigError(`RPC_TIMEOUT_MS must be a whole number of milliseconds above 0, not "${raw}".`)
  }
  return ms
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
