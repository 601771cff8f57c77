import type { MarginModelId, RiskReport, SnapshotHeader } from './types'

export type ReportIdentity = Pick<
  RiskReport,
  'model' | 'venue' | 'chainId' | 'account' | 'marginAccountId' | 'asOfSec' | 'declared'
>

/** The fields every risk report copies from its snapshot: which margin account, where, as of when. */
export function reportIdentity(model: MarginModelId, snapshot: SnapshotHeader): ReportIdentity {
  return {
    model,
    venue: snapshot.venue,
    chainId: snapshot.chainId,
    account: snapshot.account,
    marginAccountId: snapshot.marginAccountId,
    asOfSec: snapshot.asOfSec,
    declared: snapshot.declared ?? false,
  }
}
