/**
 * `npm run sandbox -- <command>`: drives the running local sandbox (`npm run dev`) through
 * `.sandbox/sandbox.json`, so trying an alert needs no source reading:
 *
 *   price <UNDERLYING> <USD|±N%>  moves the underlying on every venue and chain: Aave oracles of every market on
 *                                 both anvil chains (chain A's v3.0 `Sandbox` and v3.6 `Origin`; wstETH keeps its
 *                                 ratio to ETH), the Hyperliquid and dYdX simulators
 *   tick                          one cron evaluation now, over every active subscription, due or not
 *   accounts                      the demo accounts: EVM and dYdX addresses, what each holds, Aave and Morpho health
 *   protect <ACCOUNT> <HF> [--send] the Worker's `protect` options for a demo account; --send sends the cheapest EVM
 *                                 option's calls with viem from the account's anvil key and reads the Pool's health factor
 *   reset                         chains back to their seeded snapshot, simulator prices back to their seeds
 *   mining stop|start [chain]     a chain stops producing blocks (its data turns stale) or starts again
 *   feed stale|live <ASSET> …     an Aave reserve's oracle feed stops updating (ORACLE_STALE) or follows blocks again
 *   sequencer down|up [--over]    chain B's L2 sequencer goes down (SEQUENCER_DOWN) or comes back (SEQUENCER_GRACE,
 *                                 or OK with --over)
 *
 * Prints what it changed or found; exits 1 when the sandbox does not answer, 2 on a usage error.
 */
import { describeAccounts } from './sandboxCli/describeAccounts'
import { formatTable } from './sandboxCli/formatTable'
import { parseDurationSec } from './sandboxCli/parseDurationSec'
import { parsePriceTarget } from './sandboxCli/parsePriceTarget'
import { type PriceMove, planPriceMove, type VenuePrice } from './sandboxCli/planPriceMove'
import { askProtect, findDemoAccount, sendCheapestOption } from './sandboxCli/protectDemoAccount'
import { resetSandbox } from './sandboxCli/resetSandbox'
import { runSandboxTick } from './sandboxCli/runSandboxTick'
import { SANDBOX_UNDERLYINGS } from './sandboxCli/sandboxUnderlyings'
import { isSandboxChain } from './sandboxCli/selectSandboxChains'
import { DEFAULT_STALE_FEED_AGE_SEC, setSandboxFeed } from './sandboxCli/setSandboxFeed'
import { setSandboxMining } from './sandboxCli/setSandboxMining'
import { setSandboxSequencer } from './sandboxCli/setSandboxSequencer'
import { getVenuePrices, setVenuePrices } from './sandboxCli/venuePrices'
import { readSandboxFile, writeSandboxFile } from './sandboxFile'

const USAGE = `usage: npm run sandbox -- <command>

  price <UNDERLYING> <USD|±N%>   move a price on every venue and chain, e.g. price ETH 2500, price ETH -10%
                                 (${Object.keys(SANDBOX_UNDERLYINGS).join(', ')})
  tick                           run one cron evaluation now, over every subscription, due or not
  accounts                       the demo accounts: EVM and dYdX addresses, what each holds (Aave: per market,
                                 with the Pool's health factor; Morpho Blue: per market, with its health)
  protect <ACCOUNT> <HF> [--send] what the Worker's \`protect\` proposes to bring a demo account (name or address) to health
                                 factor HF; --send sends the cheapest option's calls as returned, with viem, from the
                                 account's anvil dev key (minting the test tokens a deposit needs), then reads the Pool
  reset                          back to the seeded state: chains to their snapshot, simulator prices to their seeds
  mining stop|start [a|b]        stop a chain's blocks (a block every 2 s otherwise): its latest block ages and the
                                 Worker reads it as stale; start catches up with a block now (both chains by default)
  mining                         each chain's block time and the age of its latest block
  feed stale <ASSET> [age] [a|b] freeze an Aave reserve's oracle feed (e.g. WETH) in every market of the chain(s)
                                 (chain a: Sandbox v3.0 and Origin v3.6): latestRoundData().updatedAt stays
                                 at now - age (seconds, or 30m, 25h, 2d; default ${DEFAULT_STALE_FEED_AGE_SEC / 3600}h, past the 24 h heartbeat:
                                 ORACLE_STALE) on both chains by default
  feed live <ASSET> [a|b]        the feed's updatedAt follows the block time again
  feed                           every Aave feed: price, updatedAt, age, frozen or live
  sequencer down                 chain b's L2 sequencer reports down since now (SEQUENCER_DOWN, liquidations held)
  sequencer up [--over]          back up since now: within the grace period (SEQUENCER_GRACE, liquidations held);
                                 --over: up since a day ago, grace over (liquidations allowed)
  sequencer                      the sequencer's status and the PriceOracleSentinel's verdict`

class UsageError extends Error {
  override name = 'UsageError'
}

const chainOf = (price: VenuePrice) =>
  price.chainId === null ? '-' : `${price.chainId}${price.market ? ` ${price.market}` : ''}`

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

async function protect(args: readonly string[]): Promise<void> {
  const send = args.includes('--send')
  const [name, target, ...extra] = args.filter((arg) => arg !== '--send')
  if (name === undefined || target === undefined)
    throw new UsageError('protect needs a demo account and a health factor.')
  if (extra.length > 0) throw new UsageError(`protect takes an account, a health factor and --send, not "${extra[0]}".`)
  if (!/^\d+(\.\d+)?$/.test(target)) throw new UsageError(`"${target}" is not a health factor (e.g. 1.5).`)
  const account = findDemoAccount(name)
  if (!account)
    throw new UsageError(
      `No demo account "${name}": ${readSandboxFile()
        .demoAccounts.map((a) => a.name)
        .join(', ')}.`,
    )
  const file = readSandboxFile()
  const answers = await askProtect(file, account, target)
  const hf = (value: { value: string | null } | null) => (value?.value == null ? '-' : Number(value.value).toFixed(4))
  console.log(`protect ${account.name} (${account.address}) to health factor ${target}:`)
  console.log(
    formatTable(
      ['margin account', 'HF now', 'status', 'option', 'amount', 'USD', 'HF after', 'calls'],
      answers.flatMap((p) => {
        const head = [p.marginAccount.id.replace(account.address, '…'), hf(p.marginAccount.healthFactor), p.status]
        if (p.options.length === 0) return [[...head, '-', '', '', '', '']]
        return p.options.map((o, i) => [
          ...(i === 0 ? head : ['', '', '']),
          `${o.kind} ${o.asset}${o.fundedFrom ? ` from ${o.fundedFrom}` : ''}`,
          o.amount,
          Number(o.valueUsd).toFixed(2),
          hf(o.after.healthFactor),
          String(o.calls.length),
        ])
      }),
    ),
  )
  for (const p of answers.filter((answer) => answer.reason !== null))
    console.log(`  ${p.marginAccount.id.replace(account.address, '…')}: ${p.reason}`)
  if (!send) {
    console.log('\n`--send` sends the cheapest option with calls, as returned, from the account with viem.')
    return
  }
  const sent = await sendCheapestOption(file, account, answers)
  if (!sent) {
    console.log('\nNo option with calls to send.')
    return
  }
  console.log(`\nSent ${sent.option.kind} ${sent.option.amount} ${sent.option.asset} on ${sent.marginAccount}:`)
  if (sent.minted) console.log(`  minted ${sent.minted} to the wallet first (sandbox test token: the user's own funds)`)
  for (const tx of sent.transactions) console.log(`  ${tx.description}  ${tx.hash}`)
  console.log(
    `Pool.getUserAccountData: health factor ${sent.poolHealthFactorBefore} -> ${sent.poolHealthFactorAfter} (target ${target})`,
  )
}

async function reset(): Promise<void> {
  const file = readSandboxFile()
  const before = await getVenuePrices(file)
  const next = await resetSandbox(file)
  writeSandboxFile(next)
  const after = await getVenuePrices(next)
  const changed = after.flatMap((price): PriceMove[] => {
    const old = before.find(
      (b) =>
        b.venue === price.venue && b.chainId === price.chainId && b.market === price.market && b.asset === price.asset,
    )
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

/** A usage error for what the actions refuse as out of range (unknown asset or chain, a bad age). */
async function asUsage<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action()
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message)
    throw error
  }
}

function ageText(seconds: number): string {
  if (seconds < 120) return `${seconds} s`
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`
  return `${(seconds / 3600).toFixed(1)} h`
}

async function feed(args: readonly string[]): Promise<void> {
  const [verb = 'status', asset, ...more] = args
  if (verb !== 'stale' && verb !== 'live' && verb !== 'status')
    throw new UsageError(`feed takes stale, live or nothing, not "${verb}".`)
  if (verb !== 'status' && asset === undefined) throw new UsageError(`feed ${verb} needs an asset, e.g. WETH.`)
  const file = readSandboxFile()
  let ageSec: number | undefined
  let chain: string | undefined
  if (verb === 'stale') {
    // One argument after the asset is the age when it starts with a digit and is no chain id, else the chain;
    // two are the age, then the chain.
    const [first, second, ...extra] = more
    if (extra.length > 0) throw new UsageError(`feed stale takes an asset, an age and a chain, not "${extra[0]}".`)
    const isAge = second !== undefined || (first !== undefined && /^\d/.test(first) && !isSandboxChain(file, first))
    const ageArg = isAge ? first : undefined
    chain = ageArg === undefined ? first : second
    if (ageArg !== undefined) {
      try {
        ageSec = parseDurationSec(ageArg)
      } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error))
      }
    }
  } else {
    if (more.length > (verb === 'live' ? 1 : 0))
      throw new UsageError(`feed ${verb} takes ${verb === 'live' ? 'an asset and a chain' : 'nothing'}.`)
    chain = more[0]
  }
  const feeds = await asUsage(() => setSandboxFeed(file, { action: verb, asset, ageSec, chain }))
  console.log(
    formatTable(
      ['chain', 'market', 'asset', 'feed', 'price (USD)', 'updatedAt', 'age', 'updates'],
      feeds.map((f) => [
        `${f.name} ${f.chainId}`,
        f.market,
        f.asset,
        f.feed,
        f.answerUsd,
        new Date(f.updatedAtSec * 1000).toISOString(),
        ageText(f.ageSec),
        f.frozen ? 'frozen' : 'with each block',
      ]),
    ),
  )
  if (verb === 'stale')
    console.log(
      "\nThe Worker reports ORACLE_STALE once the age passes the feed's heartbeat (24 h unless FRESHNESS says);" +
        ` \`npm run sandbox -- feed live ${asset}\` makes it update again.`,
    )
}

async function sequencer(args: readonly string[]): Promise<void> {
  const [verb = 'status', ...more] = args
  if (verb !== 'down' && verb !== 'up' && verb !== 'status')
    throw new UsageError(`sequencer takes down, up or nothing, not "${verb}".`)
  const over = more[0] === '--over' && verb === 'up'
  if (more.length > (over ? 1 : 0))
    throw new UsageError(`sequencer ${verb} takes ${verb === 'up' ? 'only --over' : 'nothing'}, not "${more[0]}".`)
  const statuses = await setSandboxSequencer(readSandboxFile(), { action: verb, graceOver: over })
  console.log(
    formatTable(
      ['chain', 'sequencer', 'since', 'for', 'grace period', 'liquidations', 'Worker reports'],
      statuses.map((s) => [
        `${s.name} ${s.chainId}`,
        s.up ? 'up' : 'down',
        new Date(s.sinceSec * 1000).toISOString(),
        ageText(s.ageSec),
        `${s.gracePeriodSec} s`,
        s.liquidationAllowed ? 'allowed' : 'held',
        !s.up ? 'SEQUENCER_DOWN' : s.ageSec <= s.gracePeriodSec ? 'SEQUENCER_GRACE' : '-',
      ]),
    ),
  )
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
    case 'protect':
      await protect(rest)
      break
    case 'reset':
      await reset()
      break
    case 'mining':
      await mining(rest[0], rest[1])
      break
    case 'feed':
      await feed(rest)
      break
    case 'sequencer':
      await sequencer(rest)
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
