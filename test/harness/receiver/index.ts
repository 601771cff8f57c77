export type { ReceiverServer } from './startReceiver'
export { startReceiver } from './startReceiver'
export type { InboxPlan, InboxState, ReceivedRequest, ReceiverAnswer } from './types'
