/**
 * The cascade benchmark's Worker: bundled by test/bench/cascade.scenario.ts and run in workerd
 * (Miniflare). `GET /?accounts=10000` builds the synthetic book and cascades it; `&only=build`
 * builds it only, so the scenario can tell the cascade's time from the book's.
 */
import { computeCascade } from '../../src/engine/cascade'
import { CASCADE_MARKETS, cascadePortfolio, resultHash } from './cascadePortfolio'

export default {
  fetch(request: Request): Response {
    const url = new URL(request.url)
    const accounts = cascadePortfolio(Number(url.searchParams.get('accounts') ?? '10000'))
    if (url.searchParams.get('only') === 'build') return Response.json({ accounts: accounts.length })
    const result = computeCascade({ accounts, markets: CASCADE_MARKETS, maxRounds: 100 })
    return Response.json({
      rounds: result.rounds.length,
      fixedPoint: result.fixedPoint,
      liquidations: result.rounds.map((round) => round.liquidations.length),
      result: resultHash(result),
    })
  },
}
