/**
 * The README's runnable shell blocks and the output shown after them.
 *
 * Convention (HTML comments, invisible on GitHub), on the line right before a fenced block:
 * - `<!-- readme: run -->` before a ```sh block: CI runs it, in order with the other run blocks, in ONE
 *   shell session (variables carry over, as in a reader's terminal), in bash and in zsh.
 * - `<!-- readme: output -->` before a ```text block: output that the previous run block prints; CI checks
 *   its shape (see `outputPattern`). Lines may be left out (a subsequence is checked), `…` stands for anything.
 * Blocks without a marker (installing, starting `npm run dev`, deploying) are never run by CI.
 */
export type ReadmeBlock = {
  kind: 'run' | 'output'
  /** 1-based line of the block's first line. */
  line: number
  text: string
}

const MARKER_RE = /^<!--\s*readme:\s*(run|output)\s*-->$/
const FENCE_RE = /^```(\w*)\s*$/

/** The marked blocks of a markdown text, in order; throws on a marker that is not followed by a fenced block. */
export function extractReadmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n')
  const blocks: ReadmeBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER_RE.exec((lines[i] ?? '').trim())
    if (!marker) continue
    const kind = marker[1] as ReadmeBlock['kind']
    const fence = FENCE_RE.exec(lines[i + 1] ?? '')
    const expected = kind === 'run' ? 'sh' : 'text'
    if (!fence || fence[1] !== expected)
      throw new Error(`README line ${i + 1}: "${kind}" marker not followed by a \`\`\`${expected} block.`)
    const end = lines.findIndex((text, j) => j > i + 1 && text.trim() === '```')
    if (end === -1) throw new Error(`README line ${i + 2}: unclosed block.`)
    blocks.push({ kind, line: i + 3, text: lines.slice(i + 2, end).join('\n') })
    i = end
  }
  return blocks
}

const TOKEN_RE =
  /(…)|(0x[0-9a-fA-F]+)|\b((?:evt|ep|sub|rule|key|slv|whsec|msg)_)[A-Za-z0-9+/=_-]+|([+-]?\d+(?:[.,]\d+)*)|(\s+)|([^\s0-9…])/gu

/**
 * One shown output line as a pattern of its shape: numbers, hex strings and ids (`ep_…`, `slv_…`) stand
 * for any of their kind, runs of spaces for any whitespace (table widths vary), `…` for anything.
 */
export function outputPattern(line: string): RegExp {
  let source = ''
  for (const match of line.trim().matchAll(TOKEN_RE)) {
    const [, ellipsis, hex, idPrefix, number, space, other] = match
    if (ellipsis) source += '.*?'
    else if (hex) source += '0x[0-9a-fA-F]+'
    else if (idPrefix) source += `${idPrefix}[A-Za-z0-9+/=_-]+`
    else if (number) source += '[+-]?\\d+(?:[.,]\\d+)*'
    else if (space) source += '\\s+'
    else if (other) source += other.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^\\s*${source}\\s*$`, 'u')
}

/**
 * Lines of `expected` (blank ones and a lone `…` skipped) that do not appear, in order, among the
 * transcript's lines: empty when the shape matches.
 */
export function missingOutputLines(expected: string, transcript: string): string[] {
  const lines = transcript.split('\n')
  let at = 0
  const missing: string[] = []
  for (const line of expected.split('\n')) {
    if (line.trim() === '' || line.trim() === '…') continue
    const pattern = outputPattern(line)
    const found = lines.findIndex((candidate, i) => i >= at && pattern.test(candidate))
    if (found === -1) missing.push(line)
    else at = found + 1
  }
  return missing
}
