/**
 * Node only: the README's alert walkthrough, run for real against a local Worker (`npm run dev --smoke`):
 * sign in with Ethereum as a demo account, register a webhook on a loopback receiver, subscribe with a
 * health-factor rule just below the account's current health factor, move the sandbox's WETH oracle down
 * 10 % (no user transaction), run the cron once (`/__scheduled`), and wait until the receiver has a
 * delivery whose Standard Webhooks signature verifies. Returns the time from the oracle move to that
 * verified delivery. Deletes its endpoint and revokes its key at the end (local D1 persists across runs).
 */
import { privateKeyToAccount } from 'viem/accounts'
import { createSiweMessage } from 'viem/siwe'
import { setPrice } from './aave'
import { demoAccount } from './demoAccounts'
import { startReceiver } from './receiver'
import type { InboxState } from './receiver/types'
import type { StartSandboxReturnType } from './sandbox'

export type RunAlertsSmokeParameters = { origin: string; sandbox: StartSandboxReturnType; timeoutMs?: number }

export type RunAlertsSmokeReturnType = {
  /** Oracle move → the receiver holds a verified delivery (includes the cron tick itself). */
  moveToDeliveryMs: number
  /** Just the `/__scheduled` request (one tick over every subscription). */
  tickMs: number
  eventType: string
}

type GraphQLAnswer<data> = { data?: data; errors?: { message: string }[] }

export async function runAlertsSmoke({
  origin,
  sandbox,
  timeoutMs = 30_000,
}: RunAlertsSmokeParameters): Promise<RunAlertsSmokeReturnType> {
  const api = `${origin}/graphql`
  let apiKey = ''
  const gql = async <data>(query: string, variables?: Record<string, unknown>): Promise<data> => {
    const response = await fetch(api, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: JSON.stringify({ query, variables }),
    })
    const body = (await response.json()) as GraphQLAnswer<data>
    if (body.errors || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`)
    return body.data
  }

  const near = demoAccount('near-liquidation')
  const account = privateKeyToAccount(near.privateKey)
  const { requestNonce } = await gql<{ requestNonce: { nonce: string; domain: string; uri: string } }>(
    'mutation { requestNonce { nonce domain uri } }',
  )
  const message = createSiweMessage({
    address: account.address,
    chainId: 31337,
    domain: requestNonce.domain,
    uri: requestNonce.uri,
    nonce: requestNonce.nonce,
    version: '1',
  })
  const { signIn } = await gql<{ signIn: { apiKey: string; key: { id: string } } }>(
    'mutation ($m: String!, $s: String!) { signIn(message: $m, signature: $s) { apiKey key { id } } }',
    { m: message, s: await account.signMessage({ message }) },
  )
  apiKey = signIn.apiKey

  const receiver = await startReceiver()
  const { chains } = sandbox
  const { client, market } = chains.chains.a
  const wethBefore = await client.getStorageAt({
    address: market.reserves.WETH?.aggregator as `0x${string}`,
    slot: '0x0',
  })
  let endpointId: string | undefined
  try {
    const inbox = `${receiver.url}/inbox/smoke`
    const { createWebhookEndpoint } = await gql<{
      createWebhookEndpoint: { endpoint: { id: string }; secret: string }
    }>('mutation ($url: String!) { createWebhookEndpoint(url: $url) { endpoint { id } secret } }', { url: inbox })
    endpointId = createWebhookEndpoint.endpoint.id
    await fetch(`${receiver.url}/control/smoke`, {
      method: 'POST',
      body: JSON.stringify({ reset: true, secrets: [createWebhookEndpoint.secret] }),
    })
    const { account: risk } = await gql<{
      account: { marginAccounts: { nodes: { healthFactor: { kind: string; value: string | null } | null }[] } }
    }>(
      `query ($a: String!) { account(address: $a, maxAgeSeconds: 0, protocols: ["aave-v3"], chains: [31337]) {
        marginAccounts { nodes { healthFactor { kind value } } } } }`,
      { a: near.address },
    )
    const hf = Number(risk.marginAccounts.nodes[0]?.healthFactor?.value)
    if (!(hf > 0)) throw new Error(`No health factor for ${near.address}.`)
    // Just below today's health factor: quiet until the oracle moves, fired by a 10 % drop.
    await gql(`mutation ($input: CreateAlertSubscriptionInput!) { createAlertSubscription(input: $input) { id } }`, {
      input: {
        endpointId: createWebhookEndpoint.endpoint.id,
        addresses: [near.address],
        protocols: ['aave-v3'],
        rules: [{ kind: 'HEALTH_FACTOR_BELOW', threshold: (hf * 0.97).toFixed(4) }],
      },
    })

    const before = BigInt(wethBefore ?? '0x0')
    const moved = performance.now()
    await setPrice(client, market, { symbol: 'WETH', priceRaw: (before * 90n) / 100n })
    const tickStarted = performance.now()
    const tick = await fetch(`${origin}/__scheduled?cron=*+*+*+*+*`)
    await tick.body?.cancel()
    const tickMs = performance.now() - tickStarted
    const deadline = moved + timeoutMs
    for (;;) {
      const state = (await (await fetch(`${receiver.url}/control/smoke`)).json()) as InboxState
      const verified = state.requests.find((request) => request.verified)
      if (verified) {
        return {
          moveToDeliveryMs: Math.round(verified.receivedAtMs - (performance.timeOrigin + moved)),
          tickMs: Math.round(tickMs),
          eventType: (JSON.parse(verified.body) as { type: string }).type,
        }
      }
      if (performance.now() > deadline)
        throw new Error(`No verified delivery within ${timeoutMs} ms: ${JSON.stringify(state)}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  } finally {
    await setPrice(client, market, { symbol: 'WETH', priceRaw: BigInt(wethBefore ?? '0x0') })
    await receiver.close()
    // The local D1 outlives the sandbox: leave no endpoint (its subscription goes with it) and no key
    // behind, so repeated runs neither pile up nor reach the per-address key cap.
    if (endpointId) await gql('mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: endpointId })
    await gql('mutation ($id: ID!) { revokeApiKey(id: $id) { id } }', { id: signIn.key.id })
  }
}
