import type { SandboxFile } from '../sandbox'

export type SandboxFileChain = SandboxFile['chains'][number]

/**
 * The chains a sandbox command acts on: the one named by `chain` (its name, `a` or `b`, or its id), or every
 * chain when undefined.
 *
 * @throws {RangeError} when no chain of the sandbox has that name or id (the CLI reports a usage error).
 * @example
 * selectSandboxChains(file, 'b') // [chain 31338]
 */
export function selectSandboxChains(file: SandboxFile, chain: string | undefined): SandboxFileChain[] {
  const chains =
    chain === undefined
      ? file.chains
      : file.chains.filter((c) => c.name === chain.toLowerCase() || String(c.chainId) === chain)
  if (chains.length === 0)
    throw new RangeError(
      `Unknown chain "${chain}". The sandbox runs ${file.chains.map((c) => `${c.name} (${c.chainId})`).join(', ')}.`,
    )
  return chains
}

/** Whether `text` names a chain of the sandbox (its name or id). */
export function isSandboxChain(file: SandboxFile, text: string): boolean {
  return file.chains.some((c) => c.name === text.toLowerCase() || String(c.chainId) === text)
}
