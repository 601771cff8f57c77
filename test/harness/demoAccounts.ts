/**
 * The sandbox's demo accounts, shared by the chain seeding, the venue simulators, the tests and
 * the machine-readable sandbox file. EVM accounts are anvil's well-known dev keys (never funded
 * on any real chain); dYdX addresses are valid bech32 `dydx1…` addresses with no keys behind them.
 */
export type DemoAccount = {
  name: 'healthy' | 'near-liquidation' | 'everywhere' | 'v36-emode-ltvzero' | 'v36-small' | 'v36-near-095' | 'morpho'
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
  // The v3.6 accounts: Aave only, in the Origin market on chain A (the real v3.6 contracts), seeded by
  // seedOriginDemo (test/harness/aave-origin/seedOriginDemo.ts). anvil dev accounts 5 to 7 (4 supplies liquidity).
  {
    name: 'v36-emode-ltvzero',
    description:
      'Aave v3.6 (Origin market, chain A): ETH e-mode, 10 WETH + 10 wstETH supplied, 15 WETH borrowed, then wstETH ' +
      'flagged LTV zero in the category (v3.6 LTV-zero bitmap): wstETH adds no borrowing power but keeps its ' +
      'e-mode liquidation threshold; health factor about 1.3.',
    address: '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
    privateKey: '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
  },
  {
    name: 'v36-small',
    description:
      'Aave v3.6 (Origin market, chain A): 1,500 DAI supplied, 900 USDC borrowed: collateral and debt each under ' +
      'USD 2,000 (v3.3 rule: once below 1 the position is liquidated in full, whatever its health factor); ' +
      'health factor about 1.28.',
    address: '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
    privateKey: '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e',
  },
  {
    name: 'v36-near-095',
    description:
      'Aave v3.6 (Origin market, chain A): 0.1 WBTC supplied, 4,000 USDC borrowed, WBTC priced so the health ' +
      'factor is just above 0.95 (v3.3 rule: liquidatable now at the 50% close factor, 100% at or below 0.95).',
    address: '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
    privateKey: '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356',
  },
  // Aave and Morpho Blue on chain A (anvil dev account 8), seeded by seedSandboxMorpho
  // (test/harness/morpho/seedSandboxMorpho.ts) and seedChainA.
  {
    name: 'morpho',
    description:
      'Aave v3 and Morpho Blue on chain A: Aave Sandbox 5 WETH supplied, 6,000 USDC borrowed (health factor about ' +
      '2.06); Morpho WETH/USDC (LLTV 86%) 10 WETH collateral, 21,000 USDC borrowed (health about 1.23); Morpho ' +
      'WBTC/USDC (LLTV 77%) 0.5 WBTC, 20,000 USDC borrowed (health about 1.155). Pre-liquidation authorized on ' +
      'WETH/USDC at preLLTV 80% (health at it about 1.143).',
    address: '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f',
    privateKey: '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97',
  },
]

export function demoAccount(name: DemoAccount['name']): DemoAccount {
  const account = demoAccounts.find((a) => a.name === name)
  if (!account) throw new Error(`No demo account "${name}".`)
  return account
}
