/**
 * A D1 binding that counts round trips to D1: each `batch`, each `exec` and each statement run on
 * its own (`run`, `all`, `first`, `raw`). Statements it prepares are wrapped to be counted and are
 * unwrapped again when they go into a batch (D1 accepts only its own statements there).
 */
export type CountingD1 = { db: D1Database; roundTrips(): number; reset(): void }

export function countingD1(real: D1Database): CountingD1 {
  let trips = 0
  const realOf = new WeakMap<object, D1PreparedStatement>()
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = new Proxy(statement, {
      get(target, property) {
        if (property === 'bind') return (...values: unknown[]) => wrap(target.bind(...values))
        if (property === 'run' || property === 'all' || property === 'first' || property === 'raw') {
          const method = (target as unknown as Record<string, (...args: unknown[]) => unknown>)[property]
          return (...args: unknown[]) => {
            trips++
            return method?.apply(target, args)
          }
        }
        const value = Reflect.get(target, property, target)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    realOf.set(wrapped, statement)
    return wrapped
  }
  const db = new Proxy(real, {
    get(target, property) {
      if (property === 'prepare') return (query: string) => wrap(target.prepare(query))
      if (property === 'batch')
        return (statements: D1PreparedStatement[]) => {
          trips++
          return target.batch(statements.map((s) => realOf.get(s) ?? s))
        }
      if (property === 'exec')
        return (query: string) => {
          trips++
          return target.exec(query)
        }
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return {
    db,
    roundTrips: () => trips,
    reset: () => {
      trips = 0
    },
  }
}
