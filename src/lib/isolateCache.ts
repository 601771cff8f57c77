/**
 * Per-isolate caches of pure results. A Worker isolate serves many requests; what is a pure function
 * of bytes it has already seen (a cached snapshot's JSON, the engine's report of a snapshot) need
 * not be recomputed. Values are deep-frozen, so a caller that tried to change a shared value would
 * throw (ES modules run in strict mode) instead of corrupting the next request's answer.
 */

/** Least-recently-used map bounded by entry count and by a caller-given weight (e.g. characters). */
export class BoundedLru<key, value> {
  readonly #entries = new Map<key, { value: value; weight: number }>()
  #weight = 0

  constructor(
    readonly maxEntries: number,
    readonly maxWeight: number,
  ) {}

  get(key: key): value | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    // Re-insert: Map iteration order is insertion order, so the first key is the least recently used.
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    return entry.value
  }

  set(key: key, value: value, weight = 1): void {
    if (weight > this.maxWeight) return
    const previous = this.#entries.get(key)
    if (previous !== undefined) {
      this.#weight -= previous.weight
      this.#entries.delete(key)
    }
    this.#entries.set(key, { value, weight })
    this.#weight += weight
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.maxEntries && this.#weight <= this.maxWeight) break
      this.#entries.delete(oldest)
      this.#weight -= entry.weight
    }
  }

  get size(): number {
    return this.#entries.size
  }
}

/**
 * Freezes `value` and every plain object and array reachable from it. Class instances (decimal.js
 * values, immutable by their contract) are left as they are.
 */
export function deepFreeze<value>(value: value): value {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null) return value
  Object.freeze(value)
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  return value
}

type IdentityNode<value> = { next: WeakMap<object, IdentityNode<value>>; value?: { held: value } }

/**
 * Values keyed by a sequence of objects, by identity (e.g. the shared reports of cached snapshots, in
 * order), held weakly: an entry goes when any object of its key does. An empty key holds nothing.
 */
export class IdentityMemo<value> {
  readonly #root: IdentityNode<value> = { next: new WeakMap() }

  get(keys: readonly object[], compute: () => value): value {
    if (keys.length === 0) return compute()
    let node = this.#root
    for (const key of keys) {
      let child = node.next.get(key)
      if (!child) {
        child = { next: new WeakMap() }
        node.next.set(key, child)
      }
      node = child
    }
    if (!node.value) node.value = { held: compute() }
    return node.value.held
  }
}
