import { describe, expect, it } from 'vitest'
import { parseCachedSnapshots } from '../../../src/db/queries/sources'
import { D } from '../../../src/engine/decimal'
import { applyChanges } from '../../../src/engine/whatIf/applyChanges'
import { BoundedLru, deepFreeze, IdentityMemo } from '../../../src/lib/isolateCache'
import { evaluateEntries } from '../../../src/portfolio/evaluateEntries'
import { summarize } from '../../../src/portfolio/summarize'
import { allSamples } from '../engine/sampleSnapshots'

describe('BoundedLru', () => {
  it('drops the least recently used entry past its entry count', () => {
    const lru = new BoundedLru<string, number>(2, 100)
    lru.set('a', 1)
    lru.set('b', 2)
    expect(lru.get('a')).toBe(1) // a is now the most recent
    lru.set('c', 3)
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3])
    expect(lru.size).toBe(2)
  })

  it('drops entries past its weight, and never keeps one heavier than the whole bound', () => {
    const lru = new BoundedLru<string, string>(10, 10)
    lru.set('a', 'x', 6)
    lru.set('b', 'y', 6)
    expect([lru.get('a'), lru.get('b')]).toEqual([undefined, 'y'])
    lru.set('huge', 'z', 11)
    expect([lru.get('huge'), lru.get('b')]).toEqual([undefined, 'y'])
    lru.set('b', 'y2', 3) // replacing an entry takes its old weight back
    lru.set('c', 'w', 7)
    expect([lru.get('b'), lru.get('c')]).toEqual(['y2', 'w'])
  })
})

describe('deepFreeze', () => {
  it('freezes nested plain objects and arrays and leaves class instances (decimals) as they are', () => {
    const value = deepFreeze({ a: { b: [1, { c: 2 }] }, d: new D('1.5') })
    expect(Object.isFrozen(value.a.b[1])).toBe(true)
    expect(() => {
      ;(value.a.b as unknown[]).push(3)
    }).toThrow(TypeError)
    expect(Object.isFrozen(value.d)).toBe(false)
    expect(value.d.add(1).toString()).toBe('2.5')
  })
})

describe('parseCachedSnapshots', () => {
  it('parses a cached read once into frozen objects, and a change to them throws instead of leaking into the next request', () => {
    const payload = JSON.stringify({ snapshot: allSamples[0] })
    const entry = {
      key: { venue: 'aave-v3', chainId: 1, market: 'Core', account: '0x0' },
      readId: 'read-1',
      inputsJson: null,
      payloads: [payload],
    } as Parameters<typeof parseCachedSnapshots>[0]
    const [first] = parseCachedSnapshots(entry)
    const [again] = parseCachedSnapshots(entry)
    expect(again).toBe(first)
    expect(Object.isFrozen(first?.snapshot)).toBe(true)
    expect(() => {
      ;(first?.snapshot as { asOfSec: number }).asOfSec = 0
    }).toThrow(TypeError)
  })
})

describe('evaluateEntries over frozen (cached) snapshots', () => {
  it('reports every margin model exactly as for a mutable copy, once per snapshot', () => {
    for (const sample of allSamples) {
      const frozen = deepFreeze(structuredClone(sample))
      const mutable = structuredClone(sample)
      const [cached] = evaluateEntries([{ snapshot: frozen, source: null }], []).views
      const [again] = evaluateEntries([{ snapshot: frozen, source: null }], []).views
      const [fresh] = evaluateEntries([{ snapshot: mutable, source: null }], []).views
      const [freshAgain] = evaluateEntries([{ snapshot: mutable, source: null }], []).views
      expect(again?.report, sample.model).toBe(cached?.report)
      expect(freshAgain?.report, sample.model).not.toBe(fresh?.report)
      expect(JSON.stringify(cached?.report), sample.model).toBe(JSON.stringify(fresh?.report))
    }
  })

  it('lets what-if changes start from a frozen snapshot (stress and simulate do)', () => {
    for (const sample of allSamples) {
      const frozen = deepFreeze(structuredClone(sample))
      const moved = applyChanges({
        snapshot: frozen,
        changes: [{ kind: 'moveAllCrypto', move: '-0.1' }],
        nowSec: frozen.asOfSec,
      })
      const expected = applyChanges({
        snapshot: structuredClone(sample),
        changes: [{ kind: 'moveAllCrypto', move: '-0.1' }],
        nowSec: sample.asOfSec,
      })
      expect(JSON.stringify(moved), sample.model).toBe(JSON.stringify(expected))
    }
  })
})

describe('IdentityMemo', () => {
  it('computes once per sequence of objects, by identity and order; an empty key holds nothing', () => {
    const memo = new IdentityMemo<number>()
    const [a, b] = [{}, {}]
    let computed = 0
    const compute = () => ++computed
    expect(memo.get([a, b], compute)).toBe(1)
    expect(memo.get([a, b], compute)).toBe(1)
    expect(memo.get([b, a], compute)).toBe(2)
    expect(memo.get([a], compute)).toBe(3)
    expect(memo.get([{}, b], compute)).toBe(4)
    expect(memo.get([], compute)).toBe(5)
    expect(memo.get([], compute)).toBe(6)
  })
})

describe('summarize over frozen (cached) reports', () => {
  it('sums every margin model once, exactly as for mutable copies', () => {
    const frozen = evaluateEntries(
      allSamples.map((sample) => ({ snapshot: deepFreeze(structuredClone(sample)), source: null })),
      [],
    ).views
    const mutable = evaluateEntries(
      allSamples.map((sample) => ({ snapshot: structuredClone(sample), source: null })),
      [],
    ).views
    const first = summarize(frozen, 0, [])
    const again = summarize([...frozen].reverse(), 0, [])
    const fresh = summarize(mutable, 0, [])
    // Sorted into the same risk order first, so the same sequence of reports: summed once.
    expect(again.aggregate).toBe(first.aggregate)
    expect(summarize(mutable, 0, []).aggregate).not.toBe(fresh.aggregate)
    expect(JSON.stringify(first)).toBe(JSON.stringify(fresh))
    expect(JSON.stringify(again.byProtocol)).toBe(JSON.stringify(fresh.byProtocol))
    expect(Object.isFrozen(first.aggregate.exposures)).toBe(true)
  })
})
