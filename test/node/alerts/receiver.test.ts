import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ReceiverServer, startReceiver } from '../../harness/receiver'
import { receiverInbox } from '../../helpers/receiver'

/** The receiver harness itself: the plan is followed in order, requests are recorded, signatures verified. */
let receiver: ReceiverServer
const secret = `whsec_${Buffer.from('0123456789abcdef01234567').toString('base64')}`
const otherSecret = `whsec_${Buffer.from('another-secret-of-24-byt').toString('base64')}`

beforeAll(async () => {
  receiver = await startReceiver()
})
afterAll(async () => {
  await receiver.close()
})

const signed = (body: string, id = 'evt_1', key = secret) => {
  const now = new Date()
  return {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(key).sign(id, now, body),
    },
  }
}

describe('webhook receiver harness', () => {
  it('answers the programmed plan in order, then the fallback, and records each request', async () => {
    const inbox = receiverInbox('plan', receiver.url)
    await inbox.program({ responses: [503, { status: 302, location: 'http://127.0.0.1:1/x' }, 'drop'] })
    expect((await fetch(inbox.url, { method: 'POST', body: 'a' })).status).toBe(503)
    const redirect = await fetch(inbox.url, { method: 'POST', body: 'b', redirect: 'manual' })
    expect([redirect.status, redirect.headers.get('location')]).toEqual([302, 'http://127.0.0.1:1/x'])
    await expect(fetch(inbox.url, { method: 'POST', body: 'c' })).rejects.toThrow()
    expect((await fetch(inbox.url, { method: 'POST', body: 'd' })).status).toBe(200)
    const requests = await inbox.requests()
    expect(requests.map((r) => [r.body, r.answer])).toEqual([
      ['a', 503],
      ['b', 302],
      ['c', 'drop'],
      ['d', 200],
    ])
    expect(requests[0]?.verified).toBeNull()
  })

  it('keeps inboxes apart', async () => {
    await fetch(receiverInbox('apart-1', receiver.url).url, { method: 'POST', body: 'x' })
    expect(await receiverInbox('apart-2', receiver.url).requests()).toEqual([])
    expect(await receiverInbox('apart-1', receiver.url).requests()).toHaveLength(1)
  })

  it('verifies Standard Webhooks signatures against each registered secret', async () => {
    const inbox = receiverInbox('verify', receiver.url)
    await inbox.program({ secrets: [secret, otherSecret] })
    await fetch(inbox.url, signed('{"type":"test"}'))
    await fetch(inbox.url, signed('{"type":"test"}', 'evt_2', otherSecret))
    const tampered = signed('{"type":"test"}')
    await fetch(inbox.url, { ...tampered, body: '{"type":"tampered"}' })
    const requests = await inbox.requests()
    expect(requests.map((r) => [r.verified, r.verifiedWith])).toEqual([
      [true, [0]],
      [true, [1]],
      [false, []],
    ])
    expect(requests[2]?.verifyError).toMatch(/signature/i)
    expect(requests[0]?.headers['webhook-id']).toBe('evt_1')
  })

  it('hangs without answering until the caller gives up', async () => {
    const inbox = receiverInbox('hang', receiver.url)
    await inbox.program({ responses: ['hang'], reset: true })
    await expect(fetch(inbox.url, { method: 'POST', body: 'h', signal: AbortSignal.timeout(200) })).rejects.toThrow()
    expect((await inbox.requests()).map((r) => r.answer)).toEqual(['hang'])
    await inbox.reset()
    expect(await inbox.requests()).toEqual([])
  })
})
