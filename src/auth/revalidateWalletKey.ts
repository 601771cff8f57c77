import { getAddress, type Hex } from 'viem'
import type { ChainUnavailableError } from '../chains/errors'
import type { Database } from '../db/client'
import { recordWalletValidation, revokeKeyRefusedByWallet, type WalletKeyRow } from '../db/queries/apiKeys'
import { verifyWalletSignature } from './verifyWalletSignature'

/**
 * How often the cron asks each contract wallet again whether it still accepts the signature that created
 * its key (see `revalidateWalletKeys`). Alerts writes ask every time, whatever this says.
 */
export const WALLET_KEY_REVALIDATION_INTERVAL_MS = 10 * 60_000

export type RevalidateWalletKeyParameters = {
  env: Pick<Env, 'RPC_URLS'>
  db: Database
  key: WalletKeyRow
  nowMs: number
}

/** `accepted`: the wallet still accepts the signature (recorded); `refused`: it does not, and the key is revoked. */
export type RevalidateWalletKeyReturnType = 'accepted' | 'refused'

export type RevalidateWalletKeyErrorType = ChainUnavailableError

/**
 * Asks the key's chain whether its owner, a contract wallet, still accepts the signature of the SIWE
 * message that created the key (EIP-1271 `isValidSignature`, or the ERC-6492 path while the account is
 * not deployed). A wallet whose signers changed since, or that was replaced, refuses it: the key is revoked
 * for good (`revokedReason: 'wallet-refused'`), and the owner signs in again with its current signers.
 *
 * @throws {ChainUnavailableError} (`UPSTREAM_UNAVAILABLE`) when the chain could not be asked: nothing is
 * recorded, the key stays as it was.
 */
export async function revalidateWalletKey({
  env,
  db,
  key,
  nowMs,
}: RevalidateWalletKeyParameters): Promise<RevalidateWalletKeyReturnType> {
  const accepted = await verifyWalletSignature({
    env,
    chainId: key.chainId,
    address: getAddress(key.owner),
    message: key.signInMessage,
    signature: key.signInSignature as Hex,
  })
  if (accepted) {
    await recordWalletValidation(db, { id: key.id, nowMs })
    return 'accepted'
  }
  await revokeKeyRefusedByWallet(db, { id: key.id, nowMs })
  return 'refused'
}
