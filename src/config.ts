/**
 * Runtime configuration read from the Worker's vars (wrangler.toml `[vars]`, `wrangler secret`,
 * `.dev.vars`). One place parses them; everything else receives a typed `Config`.
 */
export type Config = {
  environment: 'development' | 'production'
  /** GraphQL introspection and the GraphiQL page. */
  introspection: boolean
  /** CORS: browser origins allowed to call the API (`*` = any). Empty = no cross-origin access. */
  allowedOrigins: readonly string[]
  maxBodyBytes: number
  /** Shows internal error messages in GraphQL errors (development only). */
  exposeErrors: boolean
  /** Webhook receivers on loopback over plain http (local development and tests only; never in production). */
  allowLoopbackWebhooks: boolean
  /** Sign-in nonces one client IP may request per minute, and signatures `signIn` checks for it (`SIWE_NONCES_PER_MINUTE`). */
  siweNoncesPerMinute: number
  /**
   * `POST /__sandbox/tick` runs a cron tick on request. Only when `ENVIRONMENT` is set to `development`
   * (as wrangler.toml's local `[vars]` do), never by default: a deployment missing the var must not expose it.
   */
  sandboxTick: boolean
}

const DEFAULT_MAX_BODY_BYTES = 65_536
const DEFAULT_SIWE_NONCES_PER_MINUTE = 30

export function readConfig(env: Env): Config {
  const environment = env.ENVIRONMENT === 'production' ? 'production' : 'development'
  const dev = environment === 'development'
  return {
    environment,
    introspection: parseBoolean(env.INTROSPECTION, dev),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    maxBodyBytes: parsePositiveInt(env.MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES),
    exposeErrors: dev,
    allowLoopbackWebhooks: dev && parseBoolean(env.WEBHOOK_ALLOW_LOOPBACK_HTTP, false),
    siweNoncesPerMinute: parsePositiveInt(env.SIWE_NONCES_PER_MINUTE, DEFAULT_SIWE_NONCES_PER_MINUTE),
    sandboxTick: env.ENVIRONMENT === 'development',
  }
}

/** A stable key for caching things built from a config (the yoga instance). */
export function configKey(config: Config): string {
  return JSON.stringify(config)
}

function parseBoolean(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === '') return fallback
  return /^(1|true|yes|on)$/i.test(value.trim())
}

function parsePositiveInt(value: string | undefined, fallback: number): number {
  const n = Number.parseInt(value ?? '', 10)
  return Number.isSafeInteger(n) && n > 0 ? n : fallback
}
