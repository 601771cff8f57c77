import type { SandboxTickReturnType } from '../../../src/cron/sandboxTick'
import type { SandboxFile } from '../sandbox'

/**
 * Asks the running Worker for one cron evaluation now over every active subscription, due or not
 * (`POST /__sandbox/tick`, local development only), and returns its answer.
 */
export async function runSandboxTick(file: SandboxFile): Promise<SandboxTickReturnType> {
  if (!file.worker) throw new Error('The Worker has not answered yet: wait for `npm run dev` to print its banner.')
  let response: Response
  try {
    response = await fetch(file.worker.tickUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
  } catch (error) {
    throw new Error(`The Worker at ${file.worker.url} does not answer: is \`npm run dev\` running?`, { cause: error })
  }
  if (!response.ok) throw new Error(`${file.worker.tickUrl}: HTTP ${response.status} ${await response.text()}`)
  return (await response.json()) as SandboxTickReturnType
}
