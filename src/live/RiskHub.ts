import { DurableObject } from 'cloudflare:workers'
import { readConfig } from '../config'
import { createDatabase } from '../db/client'
import { createReferenceCache } from '../db/queries/referenceData'
import { deleteRiskWatch, putRiskWatch } from '../db/queries/riskMinutes'
import { SolventError } from '../errors/base'
import { REQUEST_ID_HEADER } from '../graphql/requestId'
import { getYoga } from '../graphql/yoga'
import { getPortfolio } from '../portfolio/getPortfolio'
import type { PortfolioView } from '../portfolio/types'
import { adapters } from '../protocols/registry'
import type { AccountRef } from '../protocols/types'
import { createSourceLoader } from '../sources/createSourceLoader'
import { fingerprintView } from './fingerprintView'
import { WATCH_TTL_MS, watchKey } from './riskHubStub'

/** Streams one object holds at most; past it a new subscription is refused (RATE_LIMITED). */
export const MAX_STREAMS_PER_HUB = 1_000
/**
 * Cache age an update accepts: the evaluation that notifies the object has just read the sources and
 * written their snapshots, so the update is those same figures (one read per evaluation, not per stream).
 */
const UPDATE_MAX_AGE_SECONDS = 120
/** Cache age of the first answer of a stream, as a query's default. */
const FIRST_MAX_AGE_SECONDS = 30

/** What the hub gives the subscription resolvers (GraphQL context `hub`). */
export type RiskStreamHub = {
  stream(accounts: readonly AccountRef[]): AsyncIterableIterator<PortfolioView>
}

/**
 * Live push: one object per watched address, or per portfolio (named by its normalized, sorted
 * addresses), that terminates the GraphQL-over-SSE streams of `accountRisk` / `portfolioRisk`. The
 * Worker forwards each subscription request here; the object runs the same yoga server (the same
 * limits, budgets and error masking as queries). The evaluation (`recordAccountRisk`, every cron tick)
 * calls `refresh()`: the object evaluates the addresses ONCE from the snapshots the evaluation wrote and,
 * when a figure changed, wakes every stream with that one view; each stream only serializes its own
 * selection of it. While nothing changes, an open stream costs no evaluation, no D1 query and no
 * upstream read (yoga's SSE keep-alive comment every 12 s is its only traffic).
 */
export class RiskHub extends DurableObject<Env> implements RiskStreamHub {
  private accounts: readonly AccountRef[] = []
  private streams = 0
  private view: PortfolioView | null = null
  private fingerprint: string | null = null
  private version = 0
  private waiters = new Set<() => void>()
  /** Evaluations this object ran (first answers and updates): what an idle stream must not add to. */
  private evaluations = 0

  override async fetch(request: Request): Promise<Response> {
    const config = readConfig(this.env)
    const requestId = request.headers.get(REQUEST_ID_HEADER) ?? crypto.randomUUID()
    const executionCtx = {
      waitUntil: (promise: Promise<unknown>) => this.ctx.waitUntil(promise),
      passThroughOnException: () => {},
      props: {},
    } as unknown as ExecutionContext
    return await getYoga(config).fetch(request, { env: this.env, executionCtx, config, requestId, hub: this })
  }

  /**
   * Called by the evaluation after it wrote the addresses' snapshots, with the fingerprint of what it
   * evaluated (`fingerprintRisk`): the same as the last pushed view's, nothing runs; otherwise the object
   * evaluates once and wakes the streams if a figure changed. Returns the open streams (0: the evaluation
   * drops the watch).
   */
  async refresh(fingerprint: string): Promise<{ streams: number; pushed: boolean }> {
    if (this.streams === 0 || this.accounts.length === 0) return { streams: 0, pushed: false }
    if (fingerprint === this.fingerprint) return { streams: this.streams, pushed: false }
    const pushed = await this.evaluate(UPDATE_MAX_AGE_SECONDS)
    return { streams: this.streams, pushed }
  }

  /** Open streams and evaluations run so far (tests and the idle-cost measurement read it). */
  async stats(): Promise<{ streams: number; evaluations: number; version: number }> {
    return { streams: this.streams, evaluations: this.evaluations, version: this.version }
  }

  stream(accounts: readonly AccountRef[]): AsyncIterableIterator<PortfolioView> {
    if (this.streams >= MAX_STREAMS_PER_HUB)
      throw new SolventError('Too many open streams on these addresses; try again later.', { code: 'RATE_LIMITED' })
    this.accounts = accounts
    this.streams += 1
    let seen = -1
    let closed = false
    let wake: (() => void) | null = null
    const close = async () => {
      if (closed) return
      closed = true
      if (wake) this.waiters.delete(wake)
      wake?.()
      this.streams -= 1
      if (this.streams === 0) await deleteRiskWatch(createDatabase(this.env.DB), this.key()).catch(() => undefined)
    }
    const hub = this
    const iterator: AsyncIterableIterator<PortfolioView> = {
      async next() {
        if (closed) return { done: true, value: undefined }
        if (seen === -1) {
          if (hub.view === null) await hub.evaluate(FIRST_MAX_AGE_SECONDS)
          await hub.renewWatch()
        }
        while (!closed && hub.version <= seen) {
          await new Promise<void>((resolve) => {
            wake = resolve
            hub.waiters.add(resolve)
          })
          if (wake) hub.waiters.delete(wake)
          wake = null
        }
        if (closed || hub.view === null) return { done: true, value: undefined }
        seen = hub.version
        return { done: false, value: hub.view }
      },
      async return() {
        await close()
        return { done: true, value: undefined }
      },
      async throw(error?: unknown) {
        await close()
        throw error
      },
      [Symbol.asyncIterator]() {
        return this
      },
    }
    return iterator
  }

  /** Evaluates the addresses; true when the figures differ from the last view (which then becomes a new version). */
  private async evaluate(maxAgeSeconds: number): Promise<boolean> {
    const db = createDatabase(this.env.DB)
    const nowMs = Date.now()
    const context = {
      env: this.env,
      adapters,
      nowMs,
      loadSources: createSourceLoader({
        db,
        adapters,
        context: {
          env: this.env,
          fetch: (input, init) => fetch(input, init),
          nowMs,
          referenceCache: createReferenceCache(db),
        },
        waitUntil: (promise) => this.ctx.waitUntil(promise),
      }),
    }
    this.evaluations += 1
    const view = await getPortfolio(context, { accounts: this.accounts, filters: { maxAgeSeconds } })
    const fingerprint = fingerprintView(view)
    if (fingerprint === this.fingerprint && this.view !== null) return false
    this.view = view
    this.fingerprint = fingerprint
    this.version += 1
    for (const resolve of this.waiters) resolve()
    this.waiters.clear()
    return true
  }

  private key(): string {
    return watchKey(this.accounts)
  }

  private async renewWatch(): Promise<void> {
    await putRiskWatch(createDatabase(this.env.DB), {
      key: this.key(),
      addresses: this.accounts.map((account) => account.address),
      streams: this.streams,
      expiresAtMs: Date.now() + WATCH_TTL_MS,
    })
  }
}
