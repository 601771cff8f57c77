import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { Webhook } from 'standardwebhooks'
import { listenOnLoopback } from '../listenOnLoopback'
import type { InboxPlan, InboxState, ReceivedRequest, ReceiverAnswer } from './types'

export type ReceiverServer = {
  /** Base URL, e.g. `http://127.0.0.1:41234`; inboxes are `${url}/inbox/<name>`. */
  url: string
  close(): Promise<void>
}

type Inbox = {
  responses: ReceiverAnswer[]
  fallback: ReceiverAnswer
  secrets: string[]
  requests: ReceivedRequest[]
}

const INBOX_PATH = /^\/inbox\/([A-Za-z0-9._-]+)(?:[/?]|$)/
const CONTROL_PATH = /^\/control\/([A-Za-z0-9._-]+)$/

/**
 * A loopback webhook receiver for the delivery tests. Each path `/inbox/<name>` is an independent inbox
 * (test files pick their own names, so they never see each other's requests) that records every request
 * and answers from a plan programmed over HTTP, so tests running inside workerd can drive it with fetch:
 *
 * - `POST /control/<name>` with an {@link InboxPlan}: queue answers (status, `'drop'`, `'hang'`, redirect),
 *   register Standard Webhooks secrets (each request is then verified with `Webhook.verify`).
 * - `GET /control/<name>`: an {@link InboxState} with every request received.
 * - `DELETE /control/<name>`: forget the inbox.
 *
 * Node only (lives under test/harness). Binds 127.0.0.1 on an OS-assigned port; the caller stops it.
 *
 * @example
 * const receiver = await startReceiver()
 * await fetch(`${receiver.url}/control/a`, { method: 'POST', body: JSON.stringify({ responses: [503, 'drop'] }) })
 * await receiver.close()
 */
export async function startReceiver(): Promise<ReceiverServer> {
  const inboxes = new Map<string, Inbox>()
  const inbox = (name: string): Inbox => {
    let found = inboxes.get(name)
    if (!found) {
      found = { responses: [], fallback: 200, secrets: [], requests: [] }
      inboxes.set(name, found)
    }
    return found
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const path = req.url ?? '/'
      const control = CONTROL_PATH.exec(path.split('?')[0] ?? '')
      if (control?.[1]) return handleControl(req.method ?? 'GET', control[1], body, res)
      const target = INBOX_PATH.exec(path)
      if (target?.[1]) return handleInbox(inbox(target[1]), req, path, body, res)
      res.writeHead(404, { 'content-type': 'text/plain' }).end('No such inbox; use /inbox/<name>.')
    })
  })

  function handleControl(method: string, name: string, body: string, res: ServerResponse): void {
    const [status, answer] = control(method, name, body)
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer))
  }

  function control(method: string, name: string, body: string): [number, unknown] {
    if (method === 'GET') {
      const found = inboxes.get(name)
      const state: InboxState = { requests: found?.requests ?? [], pending: found?.responses.length ?? 0 }
      return [200, state]
    }
    if (method === 'DELETE') {
      inboxes.delete(name)
      return [200, { ok: true }]
    }
    if (method !== 'POST') return [405, { error: 'GET, POST or DELETE' }]
    let plan: InboxPlan
    try {
      plan = JSON.parse(body || '{}') as InboxPlan
    } catch {
      return [400, { error: 'The plan is not JSON.' }]
    }
    const target = inbox(name)
    if (plan.reset) target.requests = []
    if (plan.responses) target.responses = [...plan.responses]
    if (plan.fallback !== undefined) target.fallback = plan.fallback
    if (plan.secrets) target.secrets = [...plan.secrets]
    return [200, { ok: true }]
  }

  function handleInbox(target: Inbox, req: IncomingMessage, path: string, body: string, res: ServerResponse): void {
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
    }
    const answer = target.responses.shift() ?? target.fallback
    const record: ReceivedRequest = {
      method: req.method ?? 'GET',
      path,
      headers,
      body,
      receivedAtMs: Date.now(),
      answer: typeof answer === 'object' ? answer.status : answer,
      ...verify(target.secrets, headers, body),
    }
    target.requests.push(record)
    if (answer === 'drop') {
      req.socket.destroy()
      return
    }
    if (answer === 'hang') return // close() drops the socket
    if (typeof answer === 'number') {
      res.writeHead(answer, { 'content-type': 'text/plain' }).end()
      return
    }
    const responseHeaders: Record<string, string> = { 'content-type': 'text/plain' }
    if (answer.location !== undefined) responseHeaders.location = answer.location
    Object.assign(responseHeaders, answer.headers)
    res.writeHead(answer.status, responseHeaders).end(answer.body ?? '')
  }

  return await listenOnLoopback(server)
}

/** Standard Webhooks verification against each registered secret (the receiver side of the contract). */
function verify(
  secrets: readonly string[],
  headers: Record<string, string>,
  body: string,
): Pick<ReceivedRequest, 'verified' | 'verifiedWith' | 'verifyError'> {
  if (secrets.length === 0) return { verified: null, verifiedWith: [], verifyError: null }
  const verifiedWith: number[] = []
  let verifyError: string | null = null
  secrets.forEach((secret, index) => {
    try {
      new Webhook(secret).verify(body, headers, { jsonParse: false })
      verifiedWith.push(index)
    } catch (error) {
      verifyError ??= error instanceof Error ? error.message : String(error)
    }
  })
  return {
    verified: verifiedWith.length > 0,
    verifiedWith,
    verifyError: verifiedWith.length > 0 ? null : verifyError,
  }
}
