/** What one API key may do (reported by `me { limits }`). */
export const KEY_LIMITS = {
  /** Per owner address and chain: every other limit is per key, so keys themselves are capped. */
  maxActiveKeysPerOwner: 20,
  maxWebhookEndpoints: 10,
  maxAlertSubscriptions: 200,
  maxRulesPerSubscription: 10,
  testEventsPerHour: 20,
  requestsPerMinute: 300,
} as const
