/**
 * Node-only, for the load benchmark: the Worker's own CPU, from workerd's V8 inspector (the one
 * `wrangler dev --inspector-port` exposes for the user Worker; local D1, the dev proxy and Node are
 * other isolates or processes and are not in it). A sampled CPU profile over a bounded burst of
 * requests gives JavaScript CPU per request (every sample but `(idle)`) and where it goes: the
 * esbuild bundle keeps a `// path/to/module.js` comment before each module, so a sample's line
 * maps to its package (`node_modules/drizzle-orm`) or source folder (`src/graphql`).
 */
import WebSocket from 'ws'

type CallFrame = { functionName: string; scriptId: string; url: string; lineNumber: number }
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] }
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

export type ProfileSummary = {
  /** Sampled non-idle time, ms (JavaScript, GC and the runtime's own work on the Worker's thread). */
  busyMs: number
  /** Wall time of the profile, ms. */
  wallMs: number
  /** Self time by module group (package or src folder, `(gc)`, `(program)` …), ms, largest first. */
  byGroup: [string, number][]
  /** Self time by function (name and group), ms, largest first. */
  byFunction: [string, number][]
  /** Time with callees by function of the project's own code (`src/…`), ms, largest first: where a request's time is spent, by step. */
  inclusive: [string, number][]
}

export type InspectorSession = {
  /** Runs `work` under the sampling profiler and summarizes the profile. */
  profile(work: () => Promise<void>): Promise<ProfileSummary>
  close(): void
}

/** Connects to the inspector of the Worker served by `wrangler dev --inspector-port <port>`. */
export async function connectInspector(port: number): Promise<InspectorSession> {
  const targets = (await within(
    'listing the inspector targets',
    fetch(`http://127.0.0.1:${port}/json`).then((response) => response.json()),
  )) as { webSocketDebuggerUrl: string }[]
  const target = targets[0]
  if (!target) throw new Error(`No inspector target on port ${port}.`)
  const socket = new WebSocket(target.webSocketDebuggerUrl)
  await within(
    'opening the inspector socket',
    new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    }),
  )
  let nextId = 1
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  const scripts = new Map<string, string>()
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as {
      id?: number
      result?: unknown
      error?: { message: string }
      method?: string
      params?: { scriptId: string; url: string }
    }
    if (message.id !== undefined) {
      const waiter = pending.get(message.id)
      pending.delete(message.id)
      if (message.error) waiter?.reject(new Error(message.error.message))
      else waiter?.resolve(message.result)
    } else if (message.method === 'Debugger.scriptParsed' && message.params) {
      scripts.set(message.params.scriptId, message.params.url)
    }
  })
  const send = <result>(method: string, params: Record<string, unknown> = {}) =>
    within(
      method,
      new Promise<result>((resolve, reject) => {
        const id = nextId++
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
        socket.send(JSON.stringify({ id, method, params }))
      }),
    )

  await send('Debugger.enable')
  await send('Profiler.enable')
  await send('Profiler.setSamplingInterval', { interval: 1_000 })
  const moduleMaps = new Map<string, { line: number; group: string }[]>()
  /** Lines where each module of the bundle starts, from esbuild's `// path` comments. */
  async function moduleMap(scriptId: string) {
    let map = moduleMaps.get(scriptId)
    if (!map) {
      const { scriptSource } = await send<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId }).catch(
        () => ({ scriptSource: '' }),
      )
      map = []
      const lines = scriptSource.split('\n')
      for (let line = 0; line < lines.length; line++) {
        const match = /^\/\/ (\S+\.(?:m?js|ts|cjs|graphql))$/.exec(lines[line] as string)
        if (match) map.push({ line, group: groupOf(match[1] as string) })
      }
      moduleMaps.set(scriptId, map)
    }
    return map
  }

  return {
    async profile(work) {
      await send('Profiler.start')
      try {
        await work()
      } catch (error) {
        await send('Profiler.stop').catch(() => undefined)
        throw error
      }
      const { profile } = await send<{ profile: Profile }>('Profiler.stop')
      return await summarize(profile, moduleMap)
    },
    close: () => socket.close(),
  }
}

/**
 * How long one inspector step may take. wrangler's inspector proxy sometimes never answers (seen on
 * a loaded machine): the benchmark then reports the profile as skipped instead of hanging.
 */
const STEP_TIMEOUT_MS = 60_000

function within<value>(step: string, promise: Promise<value>): Promise<value> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the inspector did not answer ${step} within ${STEP_TIMEOUT_MS / 1000} s`)),
      STEP_TIMEOUT_MS,
    )
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** `node_modules/.pnpm/x/node_modules/@scope/pkg/dist/a.js` → `@scope/pkg`; `src/graphql/yoga.ts` → `src/graphql`. */
function groupOf(path: string): string {
  const modules = path.lastIndexOf('node_modules/')
  if (modules >= 0) {
    const [first, second] = path.slice(modules + 'node_modules/'.length).split('/')
    return first?.startsWith('@') ? `${first}/${second}` : (first as string)
  }
  const source = path.indexOf('src/')
  if (source >= 0) {
    const parts = path.slice(source).split('/')
    return parts.length > 2 ? `${parts[0]}/${parts[1]}` : (parts[0] as string)
  }
  return path
}

async function summarize(
  profile: Profile,
  moduleMap: (scriptId: string) => Promise<{ line: number; group: string }[]>,
): Promise<ProfileSummary> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const selfUs = new Map<number, number>()
  // timeDeltas[i] is the time before sample i; attribute the time after sample i (timeDeltas[i + 1]) to it.
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i + 1] ?? 0
    const id = profile.samples[i] as number
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, delta))
  }
  const parentOf = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id)
  const groupOfFrame = async (frame: CallFrame) => {
    if (frame.functionName.startsWith('(')) return frame.functionName
    if (frame.url === '' || frame.scriptId === '0') return '(native)'
    const map = await moduleMap(frame.scriptId)
    let found = frame.url.split('/').pop() ?? frame.url
    for (const entry of map) {
      if (entry.line > frame.lineNumber) break
      found = entry.group
    }
    return found
  }
  const groups = new Map<string, number>()
  const functions = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let busyUs = 0
  for (const [id, us] of selfUs) {
    const frame = (byId.get(id) as ProfileNode).callFrame
    if (frame.functionName === '(idle)') continue
    busyUs += us
    const group = await groupOfFrame(frame)
    groups.set(group, (groups.get(group) ?? 0) + us)
    const name = `${frame.functionName || '(anonymous)'} [${group}]`
    functions.set(name, (functions.get(name) ?? 0) + us)
    // Every project function on the sample's stack, each once (recursion counts once).
    const onStack = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const caller = (byId.get(at) as ProfileNode).callFrame
      const callerGroup = await groupOfFrame(caller)
      if (callerGroup.startsWith('src')) onStack.add(`${caller.functionName || '(anonymous)'} [${callerGroup}]`)
    }
    for (const key of onStack) inclusive.set(key, (inclusive.get(key) ?? 0) + us)
  }
  const sorted = (map: Map<string, number>) =>
    [...map].map(([key, us]): [string, number] => [key, us / 1000]).sort((a, b) => b[1] - a[1])
  return {
    busyMs: busyUs / 1000,
    wallMs: (profile.endTime - profile.startTime) / 1000,
    byGroup: sorted(groups),
    byFunction: sorted(functions),
    inclusive: sorted(inclusive),
  }
}
