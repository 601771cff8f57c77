import { type Address, erc20Abi, type Hex, parseAbi } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { poolAbi } from '../../../src/protocols/aave-v3/abi'
import { createAnvilClient, expectSuccess } from '../aave/createAnvilClient'
import { type DemoAccount, demoAccounts } from '../demoAccounts'
import type { SandboxFile } from '../sandbox'

const PROTECT_QUERY = `query ($a: [String!]!, $hf: Fraction!) {
  protect(addresses: $a, maxAgeSeconds: 0, target: { kind: HEALTH_FACTOR, value: $hf }) {
    marginAccounts {
      marginAccount { id protocol chainId healthFactor { value } }
      status
      reason
      options {
        kind asset amount valueUsd fundedFrom
        after { healthFactor { value } }
        calls { chainId to data value description }
      }
    }
  }
}`

type Call = { chainId: number; to: Address; data: Hex; value: string; description: string }
type Option = {
  kind: string
  asset: string
  amount: string
  valueUsd: string
  fundedFrom: string | null
  after: { healthFactor: { value: string | null } | null }
  calls: Call[]
}
export type ProtectedMarginAccount = {
  marginAccount: { id: string; protocol: string; chainId: number | null; healthFactor: { value: string | null } | null }
  status: string
  reason: string | null
  options: Option[]
}

export type SentOption = {
  marginAccount: string
  option: Option
  /** Test tokens minted to the wallet first (the sandbox stands in for the user's own funds). */
  minted: string | null
  transactions: { description: string; hash: Hex }[]
  /** `Pool.getUserAccountData(account).healthFactor` before and after, as WAD decimal strings. */
  poolHealthFactorBefore: string
  poolHealthFactorAfter: string
}

const mintAbi = parseAbi(['function mint(address account, uint256 value) returns (bool)'])
const WAD = 10n ** 18n

/** The demo account by name (`near-liquidation`) or address. */
export function findDemoAccount(nameOrAddress: string): DemoAccount | undefined {
  const wanted = nameOrAddress.toLowerCase()
  return demoAccounts.find((a) => a.name === wanted || a.address.toLowerCase() === wanted)
}

/** Asks the running Worker's `protect` for every margin account of `account` at health factor `target`. */
export async function askProtect(file: SandboxFile, account: DemoAccount, target: string) {
  if (!file.worker) throw new Error('The Worker has not answered yet: wait for `npm run dev` to print its banner.')
  const response = await fetch(file.worker.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: PROTECT_QUERY, variables: { a: [account.address], hf: target } }),
  })
  const body = (await response.json()) as {
    data?: { protect: { marginAccounts: ProtectedMarginAccount[] } }
    errors?: { message: string }[]
  }
  if (body.errors?.length || !body.data) throw new Error(`protect: ${body.errors?.[0]?.message ?? response.status}`)
  return body.data.protect.marginAccounts
}

/**
 * Sends the cheapest option that has calls (the first of the first margin account with some) from the
 * account itself, with its anvil dev key, exactly as returned: what a wallet would do with the answer.
 * A deposit or an outside repay needs the tokens in the wallet: the sandbox mints them first (test
 * tokens), standing in for the user's own funds. Returns the Pool's health factor before and after.
 */
export async function sendCheapestOption(
  file: SandboxFile,
  account: DemoAccount,
  protectedAccounts: readonly ProtectedMarginAccount[],
): Promise<SentOption | null> {
  const chosen = protectedAccounts.flatMap((p) =>
    p.options.filter((o) => o.calls.length > 0).map((option) => ({ marginAccount: p.marginAccount.id, option })),
  )[0]
  if (!chosen) return null
  const { option } = chosen
  const first = option.calls[0] as Call
  const chain = file.chains.find((c) => c.chainId === first.chainId)
  if (!chain) throw new Error(`No sandbox chain ${first.chainId}.`)
  const client = createAnvilClient(chain)
  const signer = privateKeyToAccount(account.privateKey)
  const pool = (option.calls.at(-1) as Call).to
  const healthFactor = async () =>
    (
      await client.readContract({
        address: pool,
        abi: poolAbi,
        functionName: 'getUserAccountData',
        args: [signer.address],
      })
    )[5]
  const before = await healthFactor()

  let minted: string | null = null
  const approval = option.calls.find((call) => call.description.includes('.approve('))
  if (approval && option.fundedFrom === null) {
    // approve(Pool, amount): the amount the next call spends, which the wallet must hold.
    const amount = BigInt(`0x${approval.data.slice(-64)}`)
    const held = await client.readContract({
      address: approval.to,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [signer.address],
    })
    if (held < amount) {
      await expectSuccess(
        client,
        await client.writeContract({
          account: signer,
          address: approval.to,
          abi: mintAbi,
          functionName: 'mint',
          args: [signer.address, amount - held],
          chain: client.chain,
        }),
      )
      minted = `${option.asset} ${amount - held} base units`
    }
  }
  const transactions: SentOption['transactions'] = []
  for (const call of option.calls) {
    const hash = await client.sendTransaction({
      account: signer,
      chain: client.chain,
      to: call.to,
      data: call.data,
      value: BigInt(call.value),
    })
    await expectSuccess(client, hash)
    transactions.push({ description: call.description, hash })
  }
  const after = await healthFactor()
  return {
    marginAccount: chosen.marginAccount,
    option,
    minted,
    transactions,
    poolHealthFactorBefore: wadText(before),
    poolHealthFactorAfter: wadText(after),
  }
}

function wadText(value: bigint): string {
  const fraction = (value % WAD).toString().padStart(18, '0')
  return `${value / WAD}.${fraction}`
}
