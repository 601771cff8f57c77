import type { AuthenticatedKey } from '../alerts/types'
import { isWalletKey } from '../db/queries/apiKeys'
import { UnauthenticatedError } from '../errors/auth'
import { requireKey } from './requireKey'
import { revalidateWalletKey } from './revalidateWalletKey'
import type { AuthContext } from './types'

/** One check per request, however many writes it makes. */
const checked = new WeakMap<object, Promise<AuthenticatedKey>>()

/**
 * `requireKey` for writes to alerts (webhook endpoints, subscriptions): a key a contract wallet created is
 * re-validated on its chain first (`revalidateWalletKey`), so a wallet whose signers changed cannot add or
 * change alerts in the minutes before the cron would notice. EOA keys need no chain.
 *
 * @throws {UnauthenticatedError} without a valid key, or when the wallet no longer accepts its signature (the key is then revoked).
 * @throws {ChainUnavailableError} (`UPSTREAM_UNAVAILABLE`) when the wallet's chain could not be asked: the
 * write is refused, since whether the key still speaks for the wallet is unknown.
 */
export function requireWriteKey(context: AuthContext): Promise<AuthenticatedKey> {
  let key = checked.get(context)
  if (!key) {
    key = check(context)
    checked.set(context, key)
  }
  return key
}

async function check(context: AuthContext): Promise<AuthenticatedKey> {
  const authenticated = await requireKey(context)
  const { key } = authenticated
  if (!isWalletKey(key)) return authenticated
  const verdict = await revalidateWalletKey({ env: context.env, db: context.db, key, nowMs: context.nowMs })
  if (verdict === 'refused') {
    throw new UnauthenticatedError(
      `The wallet ${key.owner} no longer accepts the signature this API key was created with (its signers changed); the key is revoked: sign in again.`,
    )
  }
  return authenticated
}
