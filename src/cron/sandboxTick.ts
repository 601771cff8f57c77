import { createDatabase } from '../db/client'
import { getFiredEventsCreatedAt } from '../db/queries/alertEvents'
import { type InlineTickReturnType, runTick } from './scheduled'

/** Local development only (`config.sandboxTick`); every other deployment answers 404 here. */
export const SANDBOX_TICK_PATH = '/__sandbox/tick'

export type SandboxTickFired = {
  eventId: string
  endpointId: string
  subscriptionId: string | null
  ruleKind: string | null
  value: { kind: string; value: string | null } | null
}

export type SandboxTickReturnType = {
  at: string
  report: InlineTickReturnType
  fired: SandboxTickFired[]
}

/**
 * `POST /__sandbox/tick` (`npm run sandbox -- tick`): one cron tick now, over every active subscription
 * whether due or not. `wrangler dev`'s `/__scheduled` runs the real schedule, where a subscription
 * evaluated less than 55 s ago is not due, so "tick, move a price, tick again" would show nothing; this
 * tick goes through the same path with that one difference, and answers what it evaluated and fired.
 * It claims and shards as the cron does but runs the shards inline, in this request, instead of sending
 * them to the evaluation queue: the answer can then say what fired.
 */
export async function sandboxTick(request: Request, env: Env): Promise<Response> {
  if (request.method !== 'POST') return refuse(405, `Use POST ${SANDBOX_TICK_PATH}.`, { allow: 'POST' })
  // A JSON content type cannot be sent cross-site without a preflight: a web page cannot drive the tick.
  if (!request.headers.get('content-type')?.startsWith('application/json'))
    return refuse(415, 'Send content-type: application/json.')
  const nowMs = Date.now()
  const report = await runTick(env, { nowMs, trigger: SANDBOX_TICK_PATH, mode: 'inline', everySubscription: true })
  const events = await getFiredEventsCreatedAt(createDatabase(env.DB), nowMs)
  const fired = events.map((event): SandboxTickFired => {
    const { data } = JSON.parse(event.payload) as {
      data: { rule?: { kind: string }; value?: { kind: string; value: string | null } }
    }
    return {
      eventId: event.id,
      endpointId: event.endpointId,
      subscriptionId: event.subscriptionId,
      ruleKind: data.rule?.kind ?? null,
      value: data.value ?? null,
    }
  })
  return Response.json({ at: new Date(nowMs).toISOString(), report, fired } satisfies SandboxTickReturnType)
}

function refuse(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] }, { status, headers })
}
