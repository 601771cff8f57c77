import { inject } from 'vitest'
import type { InboxPlan, InboxState, ReceivedRequest } from '../harness/receiver/types'

export type { InboxPlan, InboxState, ReceivedRequest, ReceiverAnswer } from '../harness/receiver/types'

/**
 * A client for one inbox of the loopback webhook receiver (test/harness/receiver), usable inside
 * workerd (plain fetch). Pick a name no other test file uses: inboxes are shared by every test file.
 *
 * @example
 * const inbox = receiverInbox('delivery-basic')
 * await inbox.program({ responses: [503, 'drop'], secrets: [secret], reset: true })
 * // … deliver to inbox.url …
 * const requests = await inbox.requests()
 */
export function receiverInbox(name: string, baseUrl: string = inject('webhookReceiverUrl')) {
  const control = `${baseUrl}/control/${name}`
  const state = async (): Promise<InboxState> => {
    const response = await fetch(control)
    if (!response.ok) throw new Error(`receiver control ${name}: HTTP ${response.status}`)
    return (await response.json()) as InboxState
  }
  return {
    /** The webhook URL to store on the endpoint. */
    url: `${baseUrl}/inbox/${name}`,
    /** Sets what the inbox answers next (and its secrets); see {@link InboxPlan}. */
    async program(plan: InboxPlan): Promise<void> {
      const response = await fetch(control, { method: 'POST', body: JSON.stringify(plan) })
      if (!response.ok) throw new Error(`receiver control ${name}: HTTP ${response.status} ${await response.text()}`)
      await response.body?.cancel()
    },
    state,
    async requests(): Promise<ReceivedRequest[]> {
      return (await state()).requests
    },
    /** Forgets the inbox: plan, secrets and requests. */
    async reset(): Promise<void> {
      const response = await fetch(control, { method: 'DELETE' })
      await response.body?.cancel()
    },
  }
}

export type ReceiverInbox = ReturnType<typeof receiverInbox>
