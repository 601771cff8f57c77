/**
 * Node-only: a local anvil chain for tests and the local sandbox.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'

/**
 * anvil's per-platform packages, as `@foundry-rs/anvil` lists them in its optional dependencies: npm installs
 * only the one matching this machine, so the lockfile serves every platform below.
 */
const ANVIL_PACKAGES: Partial<Record<string, string>> = {
  'linux-x64': '@foundry-rs/anvil-linux-amd64',
  'linux-arm64': '@foundry-rs/anvil-linux-arm64',
  'darwin-x64': '@foundry-rs/anvil-darwin-amd64',
  'darwin-arm64': '@foundry-rs/anvil-darwin-arm64',
  'win32-x64': '@foundry-rs/anvil-win32-amd64',
}

/**
 * The anvil binary of this platform's package; `anvil` on the PATH (foundryup) where npm has none for it.
 * The binary is spawned directly rather than through the package's Node wrapper, so stopping it stops anvil.
 */
export function resolveAnvilBinary(platform: string = process.platform, arch: string = process.arch): string {
  const name = ANVIL_PACKAGES[`${platform}-${arch}`]
  if (name === undefined) return 'anvil'
  try {
    return createRequire(import.meta.url).resolve(`${name}/bin/anvil${platform === 'win32' ? '.exe' : ''}`)
  } catch {
    return 'anvil'
  }
}

export const ANVIL_BINARY = resolveAnvilBinary()

export type StartAnvilOptions = {
  /** Default 31337. */
  chainId?: number | undefined
  /** Default 0: anvil binds a free port and reports it. */
  port?: number | undefined
  /** Genesis block timestamp (unix s). */
  timestamp?: number | undefined
  /** Extra CLI arguments. */
  args?: readonly string[] | undefined
}

export type Anvil = {
  rpcUrl: string
  port: number
  chainId: number
  process: ChildProcess
  /** Kills the process and waits for it to exit. */
  stop(): Promise<void>
}

/**
 * Waits for anvil's "Listening on host:port" line. Anvil binds the port itself (`--port 0` picks
 * a free one), so two test files never race for the same port.
 */
async function listeningPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return await new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(
      () => fail(new Error(`anvil did not start within ${timeoutMs} ms: ${output.slice(-500)}`)),
      timeoutMs,
    )
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Listening on [\w.:[\]]*:(\d+)/.exec(output)
      if (!match) return
      cleanup()
      // Keep draining anvil's logs so it never blocks on a full pipe.
      child.stdout?.resume()
      resolve(Number(match[1]))
    }
    const onExit = (code: number | null) => fail(new Error(`anvil exited with code ${code}: ${output.slice(-500)}`))
    const cleanup = () => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.off('exit', onExit)
    }
    const fail = (error: Error) => {
      cleanup()
      reject(error)
    }
    child.stdout?.on('data', onData)
    child.once('exit', onExit)
  })
}

/**
 * Spawns anvil on 127.0.0.1 and resolves once it listens; its output is drained, never printed.
 * @example
 * const anvil = await startAnvil({ chainId: 31337 })
 * // ... createTestClient({ transport: http(anvil.rpcUrl), mode: 'anvil' })
 * await anvil.stop()
 */
export async function startAnvil({
  chainId = 31337,
  port = 0,
  timestamp,
  args = [],
}: StartAnvilOptions = {}): Promise<Anvil> {
  const cliArgs = ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId)]
  if (timestamp !== undefined) cliArgs.push('--timestamp', String(timestamp))
  const child = spawn(ANVIL_BINARY, [...cliArgs, ...args], { stdio: ['ignore', 'pipe', 'ignore'] })
  let listenPort: number
  try {
    listenPort = await listeningPort(child, 15_000)
  } catch (error) {
    child.kill('SIGKILL')
    throw error
  }
  const rpcUrl = `http://127.0.0.1:${listenPort}`
  return {
    rpcUrl,
    port: listenPort,
    chainId,
    process: child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGTERM')
      await exited
    },
  }
}
