import { describe, expect, it } from 'vitest'
import type { SourceSnapshot } from '../../../src/protocols/types'
import { internSnapshots } from '../../../src/sources/internSnapshots'

const snapshotAt = (asOfSec: number): SourceSnapshot =>
  ({
    snapshot: {
      venue: 'hyperliquid',
      account: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      marginAccountId: 'cross',
      asOfSec,
      prices: { BTC: { priceUsd: '60000', source: 'hyperliquid-mark', timestampSec: asOfSec, class: 'crypto' } },
      positions: [{ coin: 'BTC', szi: '0.5', entryPx: '58000', leverage: 10 }],
    },
    venueReported: { accountValue: '1000' },
  }) as unknown as SourceSnapshot

describe('internSnapshots', () => {
  it('serves equal figures as one frozen object, equal to what was read (as the cache would serve them)', () => {
    const read = snapshotAt(1_700_000_000)
    const [first] = internSnapshots([read]) as [SourceSnapshot]
    const [again] = internSnapshots([snapshotAt(1_700_000_000)])
    expect(first).toEqual(read)
    expect(again).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)
    expect(Object.isFrozen(first.snapshot)).toBe(true)
    expect(Object.isFrozen((first.snapshot as unknown as { positions: object[] }).positions[0])).toBe(true)
    // The adapter's own object is left as it was (it may share parts with other data).
    expect(Object.isFrozen(read)).toBe(false)
  })

  it('serves other figures (another block) as another object', () => {
    const [a] = internSnapshots([snapshotAt(1_700_000_000)])
    const [b] = internSnapshots([snapshotAt(1_700_000_002)])
    expect(b).not.toBe(a)
    expect(b?.snapshot.asOfSec).toBe(1_700_000_002)
  })
})
