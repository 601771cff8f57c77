const DURATION_RE = /^(\d+)([smhd]?)$/
const UNIT_SEC = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 } as const

/**
 * Parses an age: whole seconds (`90000`), or with a unit (`90s`, `30m`, `25h`, `2d`). Refuses 0.
 * @example
 * parseDurationSec('25h') // 90_000
 */
export function parseDurationSec(text: string): number {
  const match = DURATION_RE.exec(text.trim())
  if (!match) throw new Error(`"${text}" is not an age in seconds (90000) or with a unit (30m, 25h, 2d).`)
  const seconds = Number(match[1]) * UNIT_SEC[match[2] as keyof typeof UNIT_SEC]
  if (!Number.isSafeInteger(seconds) || seconds <= 0) throw new Error(`An age of ${text} is not above 0 s.`)
  return seconds
}
