/**
 * Morpho Blue through the GraphQL API inside workerd, on sandbox chain A's real Morpho contract
 * (@morpho-org/morpho-blue 1.0.0 compiled from source, markets WETH/USDC at 86 % LLTV and WBTC/USDC at 77 %:
 * test/harness/morpho/seedSandboxMorpho.ts) and the `morpho` demo account, which also holds an Aave position.
 *
 * The Worker is given `MORPHO_MARKETS` with each request (`postWith`): the other test files read the same chains
 * without Morpho, so their source lists stay as they were.
 *
 * Morpho has no health function: the expected figures come from the contract itself at the block the API read,
 * through ONE eth_call of Multicall3 that first runs `Morpho.accrueInterest(params)` (the contract's own
 * interest, to that block's timestamp) and then reads `market(id)`, `position(id, user)` and the oracle's
 * `price()`. Health is then `_isHealthy`'s arithmetic on those integers: maxBorrow =
 * collateral.mulDivDown(price, 1e36).wMulDown(lltv), borrowed = borrowShares.toAssetsUp(totals).
 */
import { env } from 'cloudflare:workers'
import {
  type Address,
  createPublicClient,
  decodeFunctionResult,
  encodeFunctionData,
  getAddress,
  type Hex,
  http,
  parseAbi,
} from 'viem'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { newId } from '../../src/alerts/ids'
import { evaluateSubscriptions } from '../../src/cron/evaluateSubscriptions'
import { createDatabase } from '../../src/db/client'
import { alertEvents, webhookEndpoints } from '../../src/db/schema'
import { morphoAbi, morphoOracleAbi } from '../../src/protocols/morpho-blue/abi'
import { demoAccount } from '../harness/demoAccounts'
import { createTestKey } from '../helpers/apiKey'
import { ACCEPT, fetchWith, postWith } from '../helpers/graphql'
import { jsonRpc } from '../helpers/jsonRpc'
import { receiverInbox } from '../helpers/receiver'

const CHAIN_A = 31337
const WAD = 10n ** 18n
const ORACLE_SCALE = 10n ** 36n
const MULTICALL3: Address = '0xcA11bde05977b3631167028862bE2a173976CA11'

const morphoMarkets = JSON.parse(inject('morphoMarkets')) as {
  chainId: number
  morpho: Address
  marketId: Hex
  preLiquidations?: Address[]
}[]
const vars = { MORPHO_MARKETS: inject('morphoMarkets') }
const rpcUrls = JSON.parse(env.RPC_URLS ?? '{}') as Record<string, string[]>
const client = createPublicClient({ transport: http(rpcUrls[String(CHAIN_A)]?.[0]) })
const user = demoAccount('morpho').address

const multicall3Abi = parseAbi([
  'struct Call3 { address target; bool allowFailure; bytes callData; }',
  'struct Result { bool success; bytes returnData; }',
  'function aggregate3(Call3[] calls) payable returns (Result[] returnData)',
])
const accrueAbi = parseAbi([
  'struct MarketParams { address loanToken; address collateralToken; address oracle; address irm; uint256 lltv; }',
  'function accrueInterest(MarketParams marketParams)',
])

/** `SharesMathLib.toAssetsUp` with the virtual shares (1e6) and assets (1). */
const toAssetsUp = (shares: bigint, totalAssets: bigint, totalShares: bigint) =>
  (shares * (totalAssets + 1n) + (totalShares + 10n ** 6n) - 1n) / (totalShares + 10n ** 6n)

/** A WAD as the API prints a Ratio: 18 decimals at most, trailing zeros dropped. */
function wadText(wad: bigint): string {
  const digits = wad.toString().padStart(19, '0')
  return `${digits.slice(0, -18)}.${digits.slice(-18)}`.replace(/\.?0+$/, '')
}

/**
 * `Morpho._isHealthy`'s sides as a ratio: maxBorrow = collateral.mulDivDown(price, ORACLE_PRICE_SCALE).wMulDown(lltv),
 * over the borrowed assets (wDivDown): what the API reports as the health factor.
 */
function health(p: { collateral: bigint; price: bigint; lltv: bigint; borrowAssets: bigint }): bigint {
  const maxBorrow = (((p.collateral * p.price) / ORACLE_SCALE) * p.lltv) / WAD
  return (maxBorrow * WAD) / p.borrowAssets
}

type ContractFigures = {
  borrowAssets: bigint
  borrowShares: bigint
  totalBorrowAssets: bigint
  totalBorrowShares: bigint
  collateral: bigint
  price: bigint
  lltv: bigint
  healthFactor: bigint
}

/** The contract's own figures for `user` in `marketId` at `blockNumber`, interest accrued by the contract. */
async function contractFigures(marketId: Hex, blockNumber: bigint): Promise<ContractFigures> {
  const morpho = morphoMarkets[0]?.morpho as Address
  const [loanToken, collateralToken, oracle, irm, lltv] = await client.readContract({
    address: morpho,
    abi: morphoAbi,
    functionName: 'idToMarketParams',
    args: [marketId],
  })
  const params = { loanToken, collateralToken, oracle, irm, lltv }
  const calls = [
    { target: morpho, data: encodeFunctionData({ abi: accrueAbi, functionName: 'accrueInterest', args: [params] }) },
    { target: morpho, data: encodeFunctionData({ abi: morphoAbi, functionName: 'market', args: [marketId] }) },
    { target: morpho, data: encodeFunctionData({ abi: morphoAbi, functionName: 'position', args: [marketId, user] }) },
    { target: oracle, data: encodeFunctionData({ abi: morphoOracleAbi, functionName: 'price' }) },
  ]
  const { result } = await client.simulateContract({
    address: MULTICALL3,
    abi: multicall3Abi,
    functionName: 'aggregate3',
    args: [calls.map((c) => ({ target: c.target, allowFailure: false, callData: c.data }))],
    blockNumber,
  })
  const [, marketData, positionData, priceData] = result.map((r) => r.returnData)
  const [, , totalBorrowAssets, totalBorrowShares] = decodeFunctionResult({
    abi: morphoAbi,
    functionName: 'market',
    data: marketData as Hex,
  })
  const [, borrowShares, collateral] = decodeFunctionResult({
    abi: morphoAbi,
    functionName: 'position',
    data: positionData as Hex,
  })
  const price = decodeFunctionResult({ abi: morphoOracleAbi, functionName: 'price', data: priceData as Hex })
  const borrowAssets = toAssetsUp(borrowShares, totalBorrowAssets, totalBorrowShares)
  return {
    borrowAssets,
    borrowShares,
    totalBorrowAssets,
    totalBorrowShares,
    collateral,
    price,
    lltv,
    healthFactor: health({ collateral, price, lltv, borrowAssets }),
  }
}

type RatioView = { kind: string; value: string | null }
type PositionView = { id: string; kind: string; size: string; asset: { symbol: string } }
type MarginAccountView = {
  id: string
  protocol: string
  chainId: number | null
  marginAccountId: string
  model: string
  blockNumber: string | null
  equityUsd: string
  healthFactor: RatioView | null
  liquidatable: boolean
  positions: PositionView[]
  preLiquidation: {
    contract: string
    preLltv: string
    healthFactor: RatioView
    preLiquidatable: boolean
    liquidationPrice: { priceUsd: string | null; distance: string | null }
    closeFactor: string | null
    incentiveFactor: string | null
    preLCF1: string
    preLCF2: string
    preLIF1: string
    preLIF2: string
    preLiquidationOracle: string
  } | null
}

const MARGIN_ACCOUNT = `id protocol chainId marginAccountId model blockNumber equityUsd liquidatable
  healthFactor { kind value } positions { id kind size asset { symbol } }
  preLiquidation { contract preLltv healthFactor { kind value } preLiquidatable liquidationPrice { priceUsd distance }
    closeFactor incentiveFactor preLCF1 preLCF2 preLIF1 preLIF2 preLiquidationOracle }`

async function gql<TData>(query: string, variables: Record<string, unknown>): Promise<TData> {
  const { status, body } = await postWith<TData>(vars, query, variables)
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
  expect(status).toBe(200)
  return body.data as TData
}

const [wethMarket, wbtcMarket] = morphoMarkets.map((m) => m.marketId) as [Hex, Hex]
let accountNodes: MarginAccountView[]
const nodeOf = (nodes: readonly MarginAccountView[], marketId: Hex) => {
  const node = nodes.find((n) => n.protocol === 'morpho-blue' && n.marginAccountId === `market:${marketId}`)
  if (!node) throw new Error(`No Morpho margin account in ${marketId}: ${JSON.stringify(nodes.map((n) => n.id))}`)
  return node
}

beforeAll(async () => {
  const data = await gql<{ account: { marginAccounts: { nodes: MarginAccountView[] } } }>(
    `query ($a: String!) { account(address: $a, maxAgeSeconds: 0) { marginAccounts(first: 10) { nodes { ${MARGIN_ACCOUNT} } } } }`,
    { a: user },
  )
  accountNodes = data.account.marginAccounts.nodes
})

describe('the morpho demo account through account(address)', () => {
  it('has its Aave margin account and one Morpho Blue margin account per market, on chain A', () => {
    expect(morphoMarkets).toHaveLength(2)
    expect(accountNodes.map((n) => [n.protocol, n.chainId, n.marginAccountId, n.model]).sort()).toEqual(
      [
        ['aave-v3', CHAIN_A, 'market:Sandbox', 'aave-v3'],
        ['morpho-blue', CHAIN_A, `market:${wethMarket}`, 'morpho-blue'],
        ['morpho-blue', CHAIN_A, `market:${wbtcMarket}`, 'morpho-blue'],
      ].sort(),
    )
  })

  it.each([
    ['WETH/USDC', 0, 'WETH', 1.229],
    ['WBTC/USDC', 1, 'WBTC', 1.155],
  ])(
    '%s: health factor and debt equal the contract’s at the block read, to the wei',
    async (_, index, symbol, about) => {
      const marketId = morphoMarkets[index as number]?.marketId as Hex
      const node = nodeOf(accountNodes, marketId)
      const contract = await contractFigures(marketId, BigInt(node.blockNumber ?? '0'))
      expect(node.healthFactor).toEqual({ kind: 'FINITE', value: wadText(contract.healthFactor) })
      expect(Number(node.healthFactor?.value)).toBeCloseTo(about as number, 2)
      expect(node.liquidatable).toBe(false)
      const debt = node.positions.find((p) => p.kind === 'DEBT')
      expect(debt?.asset.symbol).toBe('USDC')
      expect(debt?.size).toBe(`-${(Number(contract.borrowAssets) / 1e6).toFixed(6).replace(/\.?0+$/, '')}`)
      const collateral = node.positions.find((p) => p.kind === 'COLLATERAL')
      expect(collateral?.asset.symbol).toBe(symbol)
    },
  )
})

type ProtocolRow = {
  protocol: string
  complete: boolean
  equityUsd: string
  maintenanceMarginUsd: string
  marginAccountCount: number
  chains: { chainId: number; equityUsd: string; marginAccountCount: number }[]
}

/** The WETH/USDC market's pre-liquidation contract and params, as the sandbox deployed them (MORPHO_MARKETS lists it). */
const preLiquidationContract = morphoMarkets[0]?.preLiquidations?.[0] as Address
const PRE_LLTV = 800n * 10n ** 15n

describe('pre-liquidation (modeled): the level the demo account opted into on WETH/USDC', () => {
  it('is reported next to the liquidation level: preLLTV, health at it from the contract’s integers, the price where it starts', async () => {
    expect(preLiquidationContract).toMatch(/^0x[0-9a-fA-F]{40}$/)
    const node = nodeOf(accountNodes, wethMarket)
    const contract = await contractFigures(wethMarket, BigInt(node.blockNumber ?? '0'))
    const atPre = health({ ...contract, lltv: PRE_LLTV })
    expect(node.preLiquidation).toMatchObject({
      contract: getAddress(preLiquidationContract),
      preLltv: '0.8',
      healthFactor: { kind: 'FINITE', value: wadText(atPre) },
      preLiquidatable: false,
      preLCF1: '0.1',
      preLCF2: '0.5',
      preLIF1: '1.01',
      preLIF2: '1.04',
      closeFactor: null,
      incentiveFactor: null,
    })
    // About 30,000 × 0.8 / 21,000; the pre-liquidation price lies between the price and the liquidation price.
    expect(Number(node.preLiquidation?.healthFactor.value)).toBeCloseTo(1.143, 2)
    // The lowest oracle price that is not pre-liquidatable, solved in integers as computeLiquidationOraclePrice
    // does: at it the condition fails, one unit below it holds.
    const quoted = (contract.borrowAssets * WAD + PRE_LLTV - 1n) / PRE_LLTV
    const bound = (quoted * ORACLE_SCALE + contract.collateral - 1n) / contract.collateral
    expect(health({ ...contract, lltv: PRE_LLTV, price: bound })).toBeGreaterThanOrEqual(WAD)
    expect(health({ ...contract, lltv: PRE_LLTV, price: bound - 1n })).toBeLessThan(WAD)
    // USDC at par: the USD price is the oracle's (24 decimals for WETH/USDC), printed at the API's precision.
    const startsAt = Number(node.preLiquidation?.liquidationPrice.priceUsd)
    expect(startsAt).toBeCloseTo(Number(bound) / 1e24, 4)
    expect(startsAt).toBeCloseTo((21_000 * 3_000) / (30_000 * 0.8), -1)
    // The WBTC/USDC market has no pre-liquidation contract listed: none.
    expect(nodeOf(accountNodes, wbtcMarket).preLiquidation).toBeNull()
  })

  it('simulate: ETH −15 % crosses preLLTV but not LLTV: pre-liquidatable, with close and incentive factors between their bounds', async () => {
    const { node, contract } = await simulateOne({ kind: 'MOVE_PRICE', underlying: 'ETH', move: '-0.15' })
    const price = (contract.price * 85n) / 100n
    expect(node.liquidatable).toBe(false)
    expect(node.preLiquidation?.preLiquidatable).toBe(true)
    expect(node.preLiquidation?.healthFactor.value).toBe(wadText(health({ ...contract, lltv: PRE_LLTV, price })))
    const closeFactor = Number(node.preLiquidation?.closeFactor)
    const incentiveFactor = Number(node.preLiquidation?.incentiveFactor)
    // LTV = debt / (collateral × price): linear from (0.80: 0.1, 1.01) to (0.86: 0.5, 1.04).
    const ltv = Number(contract.borrowAssets) / Number((contract.collateral * price) / ORACLE_SCALE)
    const along = (ltv - 0.8) / 0.06
    expect(closeFactor).toBeCloseTo(0.1 + along * 0.4, 6)
    expect(incentiveFactor).toBeCloseTo(1.01 + along * 0.03, 6)
  })
})

describe('portfolio: byProtocol sums Morpho Blue on its own row', () => {
  it('one morpho-blue row (both markets, chain A) next to aave-v3, summing to the totals', async () => {
    const data = await gql<{
      portfolio: {
        summary: { equityUsd: string; marginAccountCount: number; byProtocol: ProtocolRow[] }
        marginAccounts: { nodes: MarginAccountView[] }
      }
    }>(
      `query ($a: [String!]!) { portfolio(addresses: $a, maxAgeSeconds: 0) {
        marginAccounts(first: 10) { nodes { ${MARGIN_ACCOUNT} } }
        summary { equityUsd marginAccountCount byProtocol { protocol complete equityUsd maintenanceMarginUsd
          marginAccountCount chains { chainId equityUsd marginAccountCount } } } } }`,
      { a: [user] },
    )
    const { marginAccounts, summary: portfolio } = data.portfolio
    const morpho = portfolio.byProtocol.find((row) => row.protocol === 'morpho-blue')
    const aave = portfolio.byProtocol.find((row) => row.protocol === 'aave-v3')
    expect(morpho).toMatchObject({ complete: true, marginAccountCount: 2 })
    expect(morpho?.chains).toMatchObject([{ chainId: CHAIN_A, marginAccountCount: 2 }])
    expect(morpho?.chains[0]?.equityUsd).toBe(morpho?.equityUsd)
    expect(aave).toMatchObject({ complete: true, marginAccountCount: 1 })
    const nodes = marginAccounts.nodes
    const sumOf = (protocol: string) =>
      nodes.filter((n) => n.protocol === protocol).reduce((total, n) => total + Number(n.equityUsd), 0)
    // Each printed figure is rounded on its own (to the cent): the row is the sum to within a cent per account.
    expect(Math.abs(Number(morpho?.equityUsd) - sumOf('morpho-blue'))).toBeLessThanOrEqual(0.02)
    expect(
      Math.abs(Number(portfolio.equityUsd) - Number(morpho?.equityUsd) - Number(aave?.equityUsd)),
    ).toBeLessThanOrEqual(0.02)
    expect(portfolio.marginAccountCount).toBe(3)
    // 10 WETH at 3,000 less about 21,000 USDC, plus 0.5 WBTC at 60,000 less about 20,000: about 19,000 USD.
    expect(Number(morpho?.equityUsd)).toBeGreaterThan(18_900)
    expect(Number(morpho?.equityUsd)).toBeLessThan(19_000)
  })
})

type SimulationView = { marginAccounts: MarginAccountView[]; funding: { source: string; asset: string }[] }

/** One change on the WETH/USDC margin account; the simulated node and the contract's figures at the block it was read at. */
async function simulateOne(change: Record<string, unknown>) {
  const id = nodeOf(accountNodes, wethMarket).id
  const data = await gql<{ simulate: SimulationView }>(
    `query ($a: [String!]!, $changes: [ChangeInput!]!) { simulate(addresses: $a, changes: $changes) {
      marginAccounts { ${MARGIN_ACCOUNT} } funding { source asset } } }`,
    { a: [user], changes: [{ marginAccount: id, ...change }] },
  )
  const node = nodeOf(data.simulate.marginAccounts, wethMarket)
  const contract = await contractFigures(wethMarket, BigInt(node.blockNumber ?? '0'))
  return { node, contract, funding: data.simulate.funding }
}

/** `SharesMathLib.toSharesUp` / `toSharesDown`. */
const toSharesUp = (assets: bigint, totalAssets: bigint, totalShares: bigint) =>
  (assets * (totalShares + 10n ** 6n) + totalAssets) / (totalAssets + 1n)
const toSharesDown = (assets: bigint, totalAssets: bigint, totalShares: bigint) =>
  (assets * (totalShares + 10n ** 6n)) / (totalAssets + 1n)

describe('simulate on a Morpho position, checked against the contract’s rules on its own integers', () => {
  it('DEPOSIT of collateral (supplyCollateral): 1 WETH more', async () => {
    const { node, contract, funding } = await simulateOne({ kind: 'DEPOSIT', asset: 'WETH', amount: '1' })
    const expected = health({ ...contract, collateral: contract.collateral + WAD })
    expect(node.healthFactor?.value).toBe(wadText(expected))
    expect(funding).toEqual([{ source: 'EXTERNAL', asset: 'WETH' }])
  })

  it('WITHDRAW of collateral (withdrawCollateral): 2 WETH less', async () => {
    const { node, contract } = await simulateOne({ kind: 'WITHDRAW', asset: 'WETH', amount: '2' })
    expect(node.healthFactor?.value).toBe(wadText(health({ ...contract, collateral: contract.collateral - 2n * WAD })))
  })

  it('BORROW 1,000 USDC: shares rounded up, debt from the new totals rounded up', async () => {
    const { node, contract } = await simulateOne({ kind: 'BORROW', asset: 'USDC', amount: '1000' })
    const assets = 1_000n * 10n ** 6n
    const shares = toSharesUp(assets, contract.totalBorrowAssets, contract.totalBorrowShares)
    const borrowAssets = toAssetsUp(
      contract.borrowShares + shares,
      contract.totalBorrowAssets + assets,
      contract.totalBorrowShares + shares,
    )
    expect(node.healthFactor?.value).toBe(wadText(health({ ...contract, borrowAssets })))
  })

  it('REPAY 500 USDC: shares rounded down', async () => {
    const { node, contract } = await simulateOne({ kind: 'REPAY', asset: 'USDC', amount: '500' })
    const assets = 500n * 10n ** 6n
    const shares = toSharesDown(assets, contract.totalBorrowAssets, contract.totalBorrowShares)
    const borrowAssets = toAssetsUp(
      contract.borrowShares - shares,
      contract.totalBorrowAssets - assets,
      contract.totalBorrowShares - shares,
    )
    expect(node.healthFactor?.value).toBe(wadText(health({ ...contract, borrowAssets })))
  })

  it('MOVE_PRICE ETH −30 %: the oracle price moves with it and the position becomes liquidatable', async () => {
    const { node, contract } = await simulateOne({ kind: 'MOVE_PRICE', underlying: 'ETH', move: '-0.3' })
    const expected = health({ ...contract, price: (contract.price * 7n) / 10n })
    expect(node.healthFactor?.value).toBe(wadText(expected))
    expect(expected).toBeLessThan(WAD)
    expect(node.liquidatable).toBe(true)
  })
})

describe('stress on the morpho demo account', () => {
  it('liquidates each Morpho market exactly when the contract’s health at the shocked price falls under 1', async () => {
    const data = await gql<{
      stress: { name: string; liquidated: { id: string; protocol: string; marginAccountId: string }[] }[]
    }>(
      `query ($a: [String!]!, $s: [StressScenarioInput!]) { stress(addresses: $a, scenarios: $s) {
        name liquidated { id protocol marginAccountId } } }`,
      {
        a: [user],
        s: [
          { name: 'eth-10', underlying: 'ETH', move: '-0.1' },
          { name: 'eth-30', underlying: 'ETH', move: '-0.3' },
          { name: 'btc-20', underlying: 'BTC', move: '-0.2' },
        ],
      },
    )
    const blockNumber = BigInt(nodeOf(accountNodes, wethMarket).blockNumber ?? '0')
    const weth = await contractFigures(wethMarket, blockNumber)
    const wbtc = await contractFigures(wbtcMarket, blockNumber)
    const below = (figures: ContractFigures, numerator: bigint) =>
      health({ ...figures, price: (figures.price * numerator) / 10n }) < WAD
    const liquidated = (name: string) =>
      (data.stress.find((s) => s.name === name)?.liquidated ?? []).map((n) => n.marginAccountId).sort()
    // At the sandbox's seeded prices: WETH/USDC 1.229 × 0.9 and × 0.7, WBTC/USDC 1.155 × 0.8; Aave 2.06 × 0.7 holds.
    expect(below(weth, 9n)).toBe(false)
    expect(below(weth, 7n)).toBe(true)
    expect(below(wbtc, 8n)).toBe(true)
    expect(liquidated('eth-10')).toEqual([])
    expect(liquidated('eth-30')).toEqual([`market:${wethMarket}`])
    expect(liquidated('btc-20')).toEqual([`market:${wbtcMarket}`])
  })
})

/**
 * The alert test moves a Morpho oracle, so it runs on the private copy of the sandbox chains the alert tests use
 * (alerts.test.ts moves Aave's feeds there, never Morpho's oracles, and never watches this account).
 */
const alertChains = JSON.parse(inject('alertChains')) as { rpcUrls: Record<string, string[]> }
const alertChainA = alertChains.rpcUrls[String(CHAIN_A)]?.[0] as string
const alertEnv: Env = {
  ...env,
  ...vars,
  RPC_URLS: JSON.stringify(alertChains.rpcUrls),
  // Ticks run a minute apart, ahead of the chain's own blocks: the block-age limit is widened (as alerts.test.ts).
  FRESHNESS: JSON.stringify({
    chains: { [CHAIN_A]: { maxBlockAgeSeconds: 86_400 }, 31338: { maxBlockAgeSeconds: 86_400 } },
  }),
}
const db = createDatabase(env.DB)

describe('alerts on a Morpho margin account', () => {
  let oracle: Address
  let seededPrice: bigint
  let clockMs = 0
  const tick = () => {
    clockMs = Math.max(clockMs + 60_000, Date.now())
    return evaluateSubscriptions({ env: alertEnv, db, nowMs: clockMs })
  }
  const oraclePrice = async () =>
    BigInt(await jsonRpc<string>(alertChainA, 'eth_getStorageAt', [oracle, '0x0', 'latest']))
  /** OracleMock's `price` is its storage slot 0: a write with no transaction, as `npm run sandbox -- price` makes it. */
  const setOraclePrice = (price: bigint) =>
    jsonRpc(alertChainA, 'anvil_setStorageAt', [oracle, '0x0', `0x${price.toString(16).padStart(64, '0')}`])

  beforeAll(async () => {
    const params = await jsonRpc<Hex>(alertChainA, 'eth_call', [
      {
        to: morphoMarkets[0]?.morpho,
        data: encodeFunctionData({ abi: morphoAbi, functionName: 'idToMarketParams', args: [wethMarket] }),
      },
      'latest',
    ])
    oracle = decodeFunctionResult({ abi: morphoAbi, functionName: 'idToMarketParams', data: params })[2]
    seededPrice = await oraclePrice()
  })

  afterAll(async () => {
    if (oracle) await setOraclePrice(seededPrice)
  })

  it('HEALTH_FACTOR_BELOW fires within one tick of a move of the Morpho oracle alone', async () => {
    const key = await createTestKey(user)
    const endpointId = newId('ep')
    await db.insert(webhookEndpoints).values({
      id: endpointId,
      keyId: key.id,
      url: receiverInbox('morpho-alerts').url,
      secret: `whsec_${btoa('morpho-alerts-secret-0123456789')}`,
      status: 'active',
      createdAtMs: Date.now(),
      updatedAtMs: Date.now(),
    })
    const response = await fetchWith(vars, {
      method: 'POST',
      headers: { ...key.headers, 'content-type': 'application/json', accept: ACCEPT },
      body: JSON.stringify({
        query: `mutation ($input: CreateAlertSubscriptionInput!) {
          createAlertSubscription(input: $input) { id rules { id } } }`,
        variables: {
          input: {
            endpointId,
            addresses: [user],
            protocols: ['morpho-blue'],
            rules: [
              { kind: 'HEALTH_FACTOR_BELOW', threshold: '1.1' },
              { kind: 'PRE_LIQUIDATION_HEALTH_BELOW', threshold: '1' },
            ],
          },
        },
      }),
    })
    const created = (await response.json()) as { data?: { createAlertSubscription: { id: string } }; errors?: unknown }
    expect(created.errors, JSON.stringify(created.errors)).toBeUndefined()
    const subscriptionId = created.data?.createAlertSubscription.id as string
    // Both Morpho markets are watched: the lower health (WBTC/USDC, about 1.155) is above 1.1.
    expect(await tick()).toMatchObject({ subscriptions: 1, fired: 0, sourceErrors: 0 })
    const { body: armed } = await postWithKey(key.headers, subscriptionId)
    expect(armed.map((rule) => rule.state)).toEqual(['ARMED', 'ARMED'])
    expect(Number(armed[0]?.lastValue?.value)).toBeCloseTo(1.155, 2)
    // The health at WETH/USDC's preLLTV (0.80), the only market with a pre-liquidation contract.
    expect(Number(armed[1]?.lastValue?.value)).toBeCloseTo((30_000 * 0.8) / 21_000, 2)

    // WETH/USDC's oracle 15 % down: health about 1.229 × 0.85 ≈ 1.045 (under 1.1), and at preLLTV about
    // 1.143 × 0.85 ≈ 0.971: pre-liquidation may start, liquidation not yet. Both rules fire.
    await setOraclePrice((seededPrice * 85n) / 100n)
    expect(await tick()).toMatchObject({ fired: 2, events: 2 })
    const { body: fired } = await postWithKey(key.headers, subscriptionId)
    expect(fired).toMatchObject([
      { state: 'FIRED', firedCount: 1 },
      { state: 'FIRED', firedCount: 1 },
    ])
    expect(Number(fired[0]?.lastValue?.value)).toBeCloseTo(1.229 * 0.85, 2)
    expect(Number(fired[1]?.lastValue?.value)).toBeCloseTo(((30_000 * 0.8) / 21_000) * 0.85, 2)
    const events = await db.select().from(alertEvents)
    expect(events.filter((event) => event.subscriptionId === subscriptionId)).toHaveLength(2)
  })
})

/** The subscription's rules, read through the API with the key that owns it. */
async function postWithKey(headers: Record<string, string>, id: string) {
  const response = await fetchWith(vars, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', accept: ACCEPT },
    body: JSON.stringify({
      query: 'query ($id: ID!) { alertSubscription(id: $id) { rules { state firedCount lastValue { kind value } } } }',
      variables: { id },
    }),
  })
  const body = (await response.json()) as {
    data?: { alertSubscription: { rules: { state: string; firedCount: number; lastValue: RatioView | null }[] } }
    errors?: unknown
  }
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
  return { body: body.data?.alertSubscription.rules ?? [] }
}
