import type { TestProject } from 'vitest/node'
import { startReceiver } from '../harness/receiver'

/** Node side of the workerd tests: the loopback webhook receiver (test/harness/receiver); tests `inject('webhookReceiverUrl')`. */
export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const receiver = await startReceiver()
  provide('webhookReceiverUrl', receiver.url)
  return () => receiver.close()
}
