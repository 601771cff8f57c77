/**
 * CI's check that the README's walkthrough still works (`tsx test/harness/readmeBlocks.ts`, a step of
 * .ci/run): starts `npm run dev` on its own ports, runs the README's `<!-- readme: run -->` blocks in one
 * shell session (bash, then zsh when it is installed: the README promises both), and checks each
 * `<!-- readme: output -->` block's shape against what the session printed (test/harness/readme).
 *
 * The README's ports (8787 for the Worker, 9000 for the webhook receiver) are replaced by this run's, so
 * a developer's own `npm run dev` on 8787 is left alone; `.sandbox/sandbox.json` is shared, though, so
 * do not run this beside it. Every wait is bounded by a generous deadline, none is a measurement.
 * `--shells bash,zsh` makes each listed shell required (CI, which installs zsh itself); by default zsh is
 * used when installed and skipped with a note when not. `--print` prints the script and exits.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { extractReadmeBlocks, missingOutputLines } from './readme/extractReadmeBlocks'
import { ROOT } from './sandboxFile'

const README_WORKER_PORT = '8787'
const README_RECEIVER_PORT = '9000'
const args = process.argv.slice(2)
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
const workerPort = option('--port') ?? '8799'
const receiverPort = option('--receiver-port') ?? '9099'
/** Bounds, not measurements: far above what a loaded 2-core machine needs. */
const DEV_START_DEADLINE_MS = 300_000
const SESSION_DEADLINE_MS = 300_000

const blocks = extractReadmeBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'))
const runBlocks = blocks.filter((block) => block.kind === 'run')
if (runBlocks.length === 0) throw new Error('README.md has no <!-- readme: run --> block.')
const script = runBlocks
  .map((block) => {
    const text = block.text
      .replaceAll(`127.0.0.1:${README_WORKER_PORT}`, `127.0.0.1:${workerPort}`)
      .replaceAll(`127.0.0.1:${README_RECEIVER_PORT}`, `127.0.0.1:${receiverPort}`)
      .replaceAll(`listen(${README_RECEIVER_PORT},`, `listen(${receiverPort},`)
    return `echo '--- README.md line ${block.line}'\n${text}\n`
  })
  .join('\n')
if (args.includes('--print')) {
  console.log(script)
  process.exit(0)
}
const scriptFile = join(mkdtempSync(join(tmpdir(), 'solvent-readme-')), 'walkthrough.sh')
writeFileSync(scriptFile, script)

const hasShell = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0
const required = option('--shells')?.split(',')
const missingShells = (required ?? []).filter((shell) => !hasShell(shell))
if (missingShells.length > 0) {
  console.log(`[readme] required shell(s) not installed: ${missingShells.join(', ')}`)
  process.exit(1)
}
const shells = (required ?? ['bash', 'zsh']).filter((shell) => {
  if (hasShell(shell)) return true
  console.log(`[readme] ${shell} is not installed: the README is not checked in ${shell}.`)
  return false
})

/** Streams a child's output through, prefixed, and keeps it. */
function capture(child: ChildProcess, prefix: string): { text: () => string } {
  let text = ''
  const onData = (chunk: Buffer) => {
    text += chunk.toString()
    process.stdout.write(
      chunk
        .toString()
        .split('\n')
        .map((line, i, all) => (i === all.length - 1 && line === '' ? '' : `${prefix}${line}\n`))
        .join(''),
    )
  }
  child.stdout?.on('data', onData)
  child.stderr?.on('data', onData)
  return { text: () => text }
}

/**
 * SIGTERM to the child (`npm run dev` stops what it started itself), or to its whole process group for a
 * shell session (its background receiver too); SIGKILL to the group if it has not exited after 15 s.
 */
async function stop(child: ChildProcess, { group }: { group: boolean }): Promise<void> {
  const pid = child.pid
  if (child.exitCode !== null || child.signalCode !== null || pid === undefined) return
  const exited = once(child, 'exit')
  process.kill(group ? -pid : pid, 'SIGTERM')
  const timer = setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // gone already
    }
  }, 15_000)
  await exited
  clearTimeout(timer)
}

// tsx as a loader, not its CLI: the child's pid is the dev runner itself, which stops what it started on SIGTERM.
const dev = spawn(process.execPath, ['--import', 'tsx', 'test/harness/dev.ts', '--port', workerPort], {
  cwd: ROOT,
  detached: true,
  stdio: ['ignore', 'pipe', 'pipe'],
})
const devOutput = capture(dev, '[dev] ')
let failed = false
try {
  const started = Date.now()
  while (!devOutput.text().includes('Ctrl-C stops everything.')) {
    if (dev.exitCode !== null) throw new Error(`npm run dev exited with code ${dev.exitCode}.`)
    if (Date.now() - started > DEV_START_DEADLINE_MS) throw new Error('npm run dev did not print its banner.')
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  for (const shell of shells) {
    console.log(`[readme] README walkthrough in ${shell}`)
    // -e: a failing command ends the session, as CI must notice; both shells take the same flags.
    const session = spawn(shell, ['-e', '-o', 'pipefail', scriptFile], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const output = capture(session, `[${shell}] `)
    const deadline = setTimeout(() => {
      console.log(`[readme] ${shell}: the walkthrough did not end within ${SESSION_DEADLINE_MS / 1000} s`)
      void stop(session, { group: true })
    }, SESSION_DEADLINE_MS)
    const [code] = (await once(session, 'exit')) as [number | null]
    clearTimeout(deadline)
    try {
      // Whatever the session left in the background (a receiver, after a failure) goes with it.
      if (session.pid !== undefined) process.kill(-session.pid, 'SIGTERM')
    } catch {
      // nothing left
    }
    if (code !== 0) {
      console.log(
        `[readme] ${shell}: the walkthrough failed (exit ${code}); the last "--- README.md line" above is where.`,
      )
      failed = true
      continue
    }
    for (const [i, block] of blocks.entries()) {
      if (block.kind !== 'output') continue
      const missing = missingOutputLines(block.text, output.text())
      if (missing.length === 0) continue
      const after = blocks
        .slice(0, i)
        .reverse()
        .find((b) => b.kind === 'run')?.line
      console.log(`[readme] ${shell}: output shown at README.md line ${block.line} (after line ${after}) not seen:`)
      for (const line of missing) console.log(`    ${line}`)
      failed = true
    }
    if (!failed) console.log(`[readme] ${shell}: every block ran and every output matched`)
  }
} catch (error) {
  console.log(`[readme] ${error instanceof Error ? error.message : String(error)}`)
  failed = true
} finally {
  await stop(dev, { group: false })
}
process.exit(failed ? 1 : 0)
