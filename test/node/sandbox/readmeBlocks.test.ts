import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { extractReadmeBlocks, missingOutputLines } from '../../harness/readme/extractReadmeBlocks'
import { ROOT } from '../../harness/sandboxFile'

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

describe("the README's runnable blocks", () => {
  const blocks = extractReadmeBlocks(readme)
  const run = blocks.filter((block) => block.kind === 'run')

  it('are there, each output after a run block', () => {
    expect(run.length).toBeGreaterThan(5)
    expect(blocks[0]?.kind).toBe('run')
  })

  // CI runs them in non-interactive shells; a reader pastes them into interactive ones, where zsh does not
  // take `#` for a comment and both shells expand `!` from history, even inside here-documents.
  it('hold nothing an interactive bash or zsh would read differently', () => {
    for (const block of run) {
      for (const line of block.text.split('\n')) {
        expect(line, `README.md near line ${block.line}`).not.toMatch(/^\s*#|\s#\s/)
        expect(line, `README.md near line ${block.line}`).not.toContain('!')
      }
    }
  })

  it('never send a URL with ? or * unquoted (zsh: "no matches found")', () => {
    const unquotedGlob = /(^|\s)https?:\/\/\S*[?*]/
    for (const block of run) expect(block.text, `README.md near line ${block.line}`).not.toMatch(unquotedGlob)
  })
})

describe('missingOutputLines', () => {
  const transcript = [
    'ETH moved on 6 feeds:',
    'venue        chain  asset    before (USD)  after (USD)  change',
    'aave-v3      31337  WETH     3000          2700         -10.00%',
    'verified evt_48fa11db25 alert.fired HEALTH_FACTOR_BELOW 0.9449870475',
  ].join('\n')

  it('matches numbers, ids and column widths by shape, lines in order, some left out', () => {
    const shown = [
      'ETH moved on 6 feeds:',
      'aave-v3 31337 WETH 2999.5 2699.55 -10.00%',
      '…',
      'verified evt_ffff alert.fired HEALTH_FACTOR_BELOW 0.94',
    ].join('\n')
    expect(missingOutputLines(shown, transcript)).toEqual([])
    expect(missingOutputLines('ETH moved on … feeds:', transcript)).toEqual([])
  })

  it('reports what differs in words, or comes out of order', () => {
    expect(missingOutputLines('BTC moved on 4 feeds:', transcript)).toEqual(['BTC moved on 4 feeds:'])
    expect(
      missingOutputLines('verified evt_1 alert.fired HEALTH_FACTOR_BELOW 1\nETH moved on 6 feeds:', transcript),
    ).toEqual(['ETH moved on 6 feeds:'])
    expect(missingOutputLines('{"status":"OK"}', '{"status":"DEGRADED"}')).toEqual(['{"status":"OK"}'])
  })
})
