/**
 * `npm run sandbox -- <command>`: drives the running local sandbox (`npm run dev`) through
 * `.sandbox/sandbox.json`, so trying an alert needs no source reading:
 *
 *   price <UNDERLYING> <USD|±N%>  moves the underlying on every venue and chain: Aave oracles on both anvil
 *                                 chains (wstETH keeps its ratio to ETH), the Hyperliquid and dYdX simulators
 *   tick                          one cron evaluation now, over every active subscription, due or not
 *   accounts                      the demo accounts: EVM and dYdX addresses, and what each holds
 *   reset                         chains back to their seeded snapshot, simulator prices back to their seeds
 *   mining stop|start [chain]     a chain stops producing blocks (its data turns stale) or starts again
 *
 * Prints what it changed or found; exits 1 when the sandbox does not answer, 2 on a usage error.
 */
import { describeAccounts } from './sandboxCli/describeAccounts'
import { formatTable } from './sandboxCli/formatTable'
import { parsePriceTarget } from './sandboxCli/parsePriceTarget'
import { type PriceMove, planPriceMove, type VenuePrice } from './sandboxCli/planPriceMove'
import { resetSandbox } from './sandboxCli/resetSandbox'
import { runSandboxTick } from './sandboxCli/runSandboxTick'
import { SANDBOX_UNDERLYINGS } from './sandboxCli/sandboxUnderlyings'
import { setSandboxMining } from './sandboxCli/setSandboxMining'
import { getVenuePrices, setVenuePrices } from './sandboxCli/venuePrices'
import { readSandboxFile, writeSandboxFile } from './sandboxFile'

const USAGE = `usage: npm run sandbox -- <command>

  price <UNDERLYING> <USD|±N%>   move a price on every venue and chain, e.g. price ETH 2500, price ETH -10%
                                 (${Object.keys(SANDBOX_UNDERLYINGS).join(', ')})
  tick                           run one cron evaluation now, over every subscription, due or not
  accounts                       the demo accounts: EVM and dYdX addresses, what each holds
  reset                          back to the seeded state: chains to their snapshot, simulator prices to their seeds
  mining stop|start [a|b]        stop a chain's blocks (a block every 2 s otherwise): its latest block ages and the
                                 Worker reads it as stale; start catches up with a block now (both chains by default)
  mining                         each chain's block time and the age of its latest block`

class UsageError extends Error {
  override name = 'UsageError'
}

const chainOf = (price: VenuePrice) => (price.chainId === null ? '-' : String(price.chainId))

function percentChange(before: string, after: string): string {
  const change = (Number(after) / Number(before) - 1) * 100
  return `${change >= 0 ? '+' : ''}${change.toFixed(2)}%`
}

function printMoves(moves: readonly PriceMove[]): void {
  console.log(
    formatTable(
      ['venue', 'chain', 'asset', 'before (USD)', 'after (USD)', 'change'],
      moves.map((m) => [
        m.venue,
        chainOf(m),
        m.asset,
        m.priceUsd,
        m.newPriceUsd,
        percentChange(m.priceUsd, m.newPriceUsd),
      ]),
    ),
  )
}

async function price(underlying: string | undefined, targetText: string | undefined): Promise<void> {
  if (underlying === undefined || targetText === undefined)
    throw new UsageError('price needs an underlying and a price.')
  let target: ReturnType<typeof parsePriceTarget>
  try {
    target = parsePriceTarget(targetText)
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  if (!SANDBOX_UNDERLYINGS[underlying.toUpperCase()])
    throw new UsageError(
      `Unknown underlying "${underlying}". The sandbox moves ${Object.keys(SANDBOX_UNDERLYINGS).join(', ')}.`,
    )
  const file = readSandboxFile()
  const moves = planPriceMove({ underlying, target, prices: await getVenuePrices(file) })
  await setVenuePrices(file, moves)
  console.log(`${underlying.toUpperCase()} moved on ${moves.length} feeds:`)
  printMoves(moves)
  console.log('\nThe cron evaluates subscriptions every minute; `npm run sandbox -- tick` evaluates them all now.')
}

async function tick(): Promise<void> {
  const { at, report, fired } = await runSandboxTick(readSandboxFile())
  console.log(
    `Tick at ${at}: evaluated ${report.subscriptions} subscription(s), ${report.rules} rule(s); ` +
      `fired ${report.fired}, re-armed ${report.rearmed}, skipped ${report.skipped}; ` +
      `${report.handedOff} event(s) handed to their endpoints; ${report.sources} source(s) read, ${report.sourceErrors} failed.`,
  )
  for (const sample of report.sourceErrorSamples) console.log(`  source error: ${sample}`)
  if (fired.length > 0) {
    const value = (v: (typeof fired)[number]['value']) =>
      v === null ? '-' : v.value === null ? v.kind : Number(v.value).toPrecision(6)
    console.log(
      formatTable(
        ['fired', 'rule', 'value', 'subscription', 'endpoint'],
        fired.map((f) => [f.eventId, f.ruleKind ?? '-', value(f.value), f.subscriptionId ?? '-', f.endpointId]),
      ),
    )
  }
}

async function accounts(): Promise<void> {
  const described = await describeAccounts(readSandboxFile())
  for (const account of described) {
    console.log(`${account.name}`)
    console.log(`  EVM   ${account.address}`)
    console.log(`  dYdX  ${account.dydxAddress ?? '-'}`)
    console.log(`  ${account.description}`)
    console.log(
      formatTable(
        ['  venue', 'where', 'holds'],
        account.holdings.map((h) => [`  ${h.venue}`, h.where, h.holds]),
      ),
    )
    console.log('')
  }
}

async function reset(): Promise<void> {
  const file = readSandboxFile()
  const before = await getVenuePrices(file)
  const next = await resetSandbox(file)
  writeSandboxFile(next)
  const after = await getVenuePrices(next)
  const changed = after.flatMap((price): PriceMove[] => {
    const old = before.find((b) => b.venue === price.venue && b.chainId === price.chainId && b.asset === price.asset)
    return old && old.priceUsd !== price.priceUsd ? [{ ...old, newPriceUsd: price.priceUsd }] : []
  })
  console.log(
    `Chains ${next.chains.map((c) => c.chainId).join(' and ')} reverted to their seeded snapshot; simulator prices back to their seeds.`,
  )
  if (changed.length > 0) printMoves(changed)
  else console.log('No price had moved.')
  console.log("The Worker's local D1 (keys, endpoints, subscriptions) is kept.")
}

async function mining(action: string | undefined, chain: string | undefined): Promise<void> {
  const verb = action ?? 'status'
  if (verb !== 'stop' && verb !== 'start' && verb !== 'status')
    throw new UsageError(`mining takes stop, start or nothing, not "${verb}".`)
  let statuses: Awaited<ReturnType<typeof setSandboxMining>>
  try {
    statuses = await setSandboxMining(readSandboxFile(), { action: verb, chain })
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message)
    throw error
  }
  console.log(
    formatTable(
      ['chain', 'mining', 'latest block', 'at', 'age'],
      statuses.map((s) => [
        `${s.name} ${s.chainId}`,
        s.blockTimeSec === null ? 'stopped' : `every ${s.blockTimeSec} s`,
        String(s.latestBlock),
        new Date(s.latestTimestamp * 1000).toISOString(),
        `${s.ageSec} s`,
      ]),
    ),
  )
  if (verb === 'stop')
    console.log('\nThe latest block ages from now on; `npm run sandbox -- mining start` resumes the blocks.')
}

const [command, ...rest] = process.argv.slice(2)
try {
  switch (command) {
    case 'price':
      await price(rest[0], rest[1])
      break
    case 'tick':
      await tick()
      break
    case 'accounts':
      await accounts()
      break
    case 'reset':
      await reset()
      break
    case 'mining':
      await mining(rest[0], rest[1])
      break
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE)
      break
    default:
      throw new UsageError(`Unknown command "${command}".`)
  }
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`)
    process.exit(2)
  }
  const message = error instanceof Error ? error.message : String(error)
  // A refused connection means the sandbox is gone, whatever client noticed it first.
  const gone = /fetch failed|ECONNREFUSED|HTTP request failed/.test(`${message} ${String((error as Error).cause)}`)
  console.error(gone ? `${message}\nThe sandbox does not answer: is \`npm run dev\` running?` : message)
  process.exit(1)
}
