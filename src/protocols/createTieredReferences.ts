import type { ReadContext } from './types'

export type CreateTieredReferencesOptions<config, reference> = {
  /** Prefix of the keys in the shared cache: the venue and the version of the reference's shape. */
  prefix: string
  /** How long a reference is reused, in the isolate and in the shared cache. */
  ttlMs: number
  /** The key of a config's reference (two configs with one key share a reference). */
  keyOf: (config: config) => string
  /** Reads the references of `configs` from the venue, same order: each a reference or why none. */
  read: (
    configs: readonly config[],
    context: ReadContext,
  ) => Promise<readonly ({ status: 'ok'; reference: reference } | { status: 'error'; error: unknown })[]>
}

export type TieredReferences<config, reference> = {
  /** The references of `configs` by key: from the isolate, then the shared cache, then the venue (and stored back). */
  get(configs: readonly config[], context: ReadContext): Promise<Map<string, reference | { error: unknown }>>
  /** Forgets the isolate's copies (tests, or after a listing). */
  clear(): void
}

/**
 * The three tiers every adapter keeps its reference data in (market parameters, reserve lists):
 * isolate memory, the shared `ReferenceCache` (D1, other isolates' reads), then ONE read of the
 * venue for every reference still missing. A shared cache that fails is skipped, never fatal.
 *
 * @example
 * const tiers = createTieredReferences({ prefix: 'aave-v3:v3:', ttlMs: 600_000, keyOf, read })
 * const found = await tiers.get(markets, context)
 */
export function createTieredReferences<config, reference>({
  prefix,
  ttlMs,
  keyOf,
  read,
}: CreateTieredReferencesOptions<config, reference>): TieredReferences<config, reference> {
  const memory = new Map<string, { reference: reference; expiresAtMs: number }>()
  return {
    clear: () => memory.clear(),
    async get(configs, context) {
      const { nowMs, referenceCache } = context
      const out = new Map<string, reference | { error: unknown }>()
      const wanted = new Map<string, config>()
      for (const config of configs) {
        const key = keyOf(config)
        const cached = memory.get(key)
        if (cached && cached.expiresAtMs > nowMs) out.set(key, cached.reference)
        else wanted.set(key, config)
      }
      if (wanted.size > 0 && referenceCache) {
        const stored = await referenceCache
          .getMany(
            [...wanted.keys()].map((key) => `${prefix}${key}`),
            nowMs,
          )
          .catch(() => new Map<string, unknown>())
        for (const [storedKey, value] of stored) {
          const key = storedKey.slice(prefix.length)
          memory.set(key, { reference: value as reference, expiresAtMs: nowMs + ttlMs })
          out.set(key, value as reference)
          wanted.delete(key)
        }
      }
      if (wanted.size === 0) return out
      const missing = [...wanted]
      const fresh = await read(
        missing.map(([, config]) => config),
        context,
      )
      const stores: Promise<void>[] = []
      fresh.forEach((result, i) => {
        const key = (missing[i] as [string, config])[0]
        if (result.status === 'error') {
          out.set(key, { error: result.error })
          return
        }
        memory.set(key, { reference: result.reference, expiresAtMs: nowMs + ttlMs })
        out.set(key, result.reference)
        const store = referenceCache?.set(`${prefix}${key}`, result.reference, nowMs, ttlMs)
        if (store) stores.push(store.catch(() => undefined))
      })
      await Promise.all(stores)
      return out
    },
  }
}
