/**
 * The sandbox's demo accounts, shared by the chain seeding, the venue simulators, the tests and
 * the machine-readable sandbox file. EVM accounts are anvil's well-known dev keys (never funded
 * on any real chain); dYdX addresses are valid bech32 `dydx1…` addresses with no keys behind them.
 */
export type DemoAccount = {
  name: 'healthy' | 'near-liquidation' | 'everywhere'
  description: string
  /** EVM address (Aave on both chains, Hyperliquid user). */
  address: `0x${string}`
  /** anvil dev key: lets the sandbox act for the account. */
  privateKey: `0x${string}`
  /** dYdX v4 address, when the account has a dYdX subaccount. */
  dydxAddress?: string | undefined
}

export const demoAccounts: readonly DemoAccount[] = [
  {
    name: 'healthy',
    description: 'Aave v3 on chain A only, health factor about 2.5.',
    address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    privateKey: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  },
  {
    name: 'near-liquidation',
    description:
      'Aave v3 on chain A with health factor about 1.05, and a Hyperliquid cross account near its maintenance margin.',
    address: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
    privateKey: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  },
  {
    name: 'everywhere',
    description: 'Aave v3 on both chains, Hyperliquid cross and isolated positions, and a dYdX v4 subaccount.',
    address: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
    privateKey: '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
    dydxAddress: 'dydx1y5crk3j3t3nhylvgjw02nd9let27p6lkx9le25',
  },
]

export function demoAccount(name: DemoAccount['name']): DemoAccount {
  const account = demoAccounts.find((a) => a.name === name)
  if (!account) throw new Error(`No demo account "${name}".`)
  return account
}
