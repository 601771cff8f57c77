import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { decodeDeliveryCursor, encodeDeliveryCursor } from '../../../src/alerts/delivery/cursor'
import { computeSignatureHeader, signingSecrets } from '../../../src/alerts/delivery/signatureHeader'

const current = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const previous = 'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY'

describe('webhook-signature', () => {
  it('carries one v1 signature per secret, each verifiable by the reference verifier', () => {
    const timestamp = new Date()
    const body = '{"type":"test","timestamp":"2026-11-24T06:00:00.000Z","data":{"ok":true}}'
    const header = computeSignatureHeader({ eventId: 'evt_1', timestamp, body, secrets: [current, previous] })
    expect(header.split(' ').map((s) => s.split(',')[0])).toEqual(['v1', 'v1'])
    const headers = {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': header,
    }
    for (const secret of [current, previous]) {
      expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body))
    }
    expect(() => new Webhook(previous).verify(`${body} `, headers)).toThrow(/signature/)
  })

  it('signs with the previous secret only until it expires', () => {
    const endpoint = { secret: current, previousSecret: previous, previousSecretExpiresAtMs: 1_000 }
    expect(signingSecrets(endpoint, 999)).toEqual([current, previous])
    expect(signingSecrets(endpoint, 1_000)).toEqual([current])
    expect(signingSecrets({ ...endpoint, previousSecret: null }, 0)).toEqual([current])
  })
})

describe('deliveries cursor', () => {
  it('round-trips and refuses foreign cursors with BAD_USER_INPUT', () => {
    const cursor = { createdAtMs: 1_764_000_000_000, eventId: 'evt_ab' }
    expect(decodeDeliveryCursor(encodeDeliveryCursor(cursor))).toEqual(cursor)
    for (const bad of ['', 'not base64!', btoa('{"a":1}'), btoa('[1.5,"x"]')]) {
      expect(() => decodeDeliveryCursor(bad)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }))
    }
  })
})
