/**
 * Φ(x) in IEEE-754 doubles, for the portfolio-margin scenario grid only (internal).
 *
 * Why a double kernel: the grid revalues every option on 105 scenarios (the liquidation-price
 * search ranks its trial grids with the cheaper `roughNormalCdf` and values only the worst cells with this). The Decimal `normalCdf` costs ~0.5–1 ms per call on decimal.js,
 * which would put one 20-option grid at seconds. Φ is a probability, not money: the kernel
 * multiplies it into exact fixed-point money (see `scenarioKernel.ts`), so money never becomes a
 * JS number; only dimensionless quantities are doubles.
 *
 * Accuracy: absolute error < 3e-16 for every x (tested against the Decimal `normalCdf`), which meets
 * the engine's 1e-15 requirement. Determinism: only +, −, ×, ÷ and exact conversions are used (no
 * `Math.exp`, whose last bit is engine-defined), so Workers, Node and browsers agree bit for bit.
 *
 * Regions (a = |x|):
 * - a < 2.5: ½ ± φ(a)·Σₙ a^(2n+1)/(1·3·…·(2n+1)), positive terms, compensated (Neumaier) sum
 *   (the normal form of DLMF 7.6.2);
 * - 2.5 ≤ a ≤ 38.5: tail = φ(a)·R(a) with the Mills-ratio continued fraction
 *   R(a) = 1/(a + 1/(a + 2/(a + 3/(a + …)))) evaluated bottom-up (DLMF 7.9.2 rescaled);
 * - a > 38.5: φ(a) underflows, Φ is 0 or 1.
 *
 * @see https://dlmf.nist.gov/7.6.E2
 * @see https://dlmf.nist.gov/7.9.E2
 */
import { LN2_HI, LN2_LO } from './fastLog'

/** 1/√(2π), the double nearest to 0.398942280401432677939946059934... */
const INV_SQRT_2PI = 0.3989422804014327
const INV_LN2 = Math.LOG2E
const SERIES_LIMIT = 2.5
const UNDERFLOW_LIMIT = 38.5

/**
 * e^y for y ≤ 0 from + − × ÷ only: y = k·ln2 + r with |r| ≤ ln2/2, e^r by a degree-13 Taylor
 * polynomial (truncation < 4e-18), times 2^k built exactly from a bigint.
 */
function expNonPositive(y: number): number {
  const k = Math.round(y * INV_LN2)
  const r = y - k * LN2_HI - k * LN2_LO
  let polynomial = 1
  for (let n = 13; n >= 1; n--) polynomial = 1 + (r * polynomial) / n
  const scale = k >= 0 ? Number(1n << BigInt(k)) : 1 / Number(1n << BigInt(-k))
  return polynomial * scale
}

/**
 * Standard normal CDF of a double, absolute error < 3e-16. NaN in, NaN out.
 *
 * @param x - a standardised value (d₁ or d₂ of the Black formula).
 */
export function fastNormalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN
  const a = Math.abs(x)
  if (a > UNDERFLOW_LIMIT) return x > 0 ? 1 : 0
  const pdf = INV_SQRT_2PI * expNonPositive(-0.5 * a * a)
  if (a < SERIES_LIMIT) {
    const a2 = a * a
    let term = a
    let sum = a
    let compensation = 0
    for (let n = 1; term > 1e-17 * sum; n++) {
      term = (term * a2) / (2 * n + 1)
      const next = sum + term
      compensation += sum >= term ? sum - next + term : term - next + sum
      sum = next
    }
    const half = pdf * (sum + compensation)
    return x >= 0 ? 0.5 + half : 0.5 - half
  }
  // 8 + 320/a² terms keep the truncation below 1e-16 relative from a = 2.5 (60 terms) upward.
  const depth = Math.ceil(8 + 320 / (a * a))
  let fraction = a
  for (let k = depth; k >= 1; k--) fraction = a + k / fraction
  const tail = pdf / fraction
  return x >= 0 ? 1 - tail : tail
}
