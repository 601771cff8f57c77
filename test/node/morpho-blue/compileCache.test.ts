/**
 * The compiled Morpho Blue cache: named after the package version and a hash of what decides the
 * output, written whole or not at all, and safe when two processes publish the same build.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { compileMorphoBlue, publishCacheFolder } from '../../harness/morpho'

const scratch = mkdtempSync(join(tmpdir(), 'solvent-solc-cache-'))

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true })
})

describe('publishCacheFolder', () => {
  it('keeps the first folder when a second process publishes the same one, leaving no temporary folder', () => {
    const folder = join(scratch, 'pkg@1.0.0-abc')
    publishCacheFolder({ folder, files: { 'artifacts.json': '"first"' } })
    publishCacheFolder({ folder, files: { 'artifacts.json': '"second"' } })
    expect(readFileSync(join(folder, 'artifacts.json'), 'utf8')).toBe('"first"')
    expect(readdirSync(scratch)).toEqual(['pkg@1.0.0-abc'])
  })
})

describe('compileMorphoBlue', () => {
  it('builds Morpho and its mocks with the repository settings, cached under .cache/solc/<pkg>@<version>-<hash>', async () => {
    const artifacts = await compileMorphoBlue()
    // About 15.6 KiB deployed; the creation code is a little larger.
    expect((artifacts.Morpho.bytecode.length - 2) / 2).toBeGreaterThan(15_000)
    expect((artifacts.Morpho.bytecode.length - 2) / 2).toBeLessThan(24_576)
    const root = join(dirname(new URL(import.meta.url).pathname), '../../../.cache/solc')
    const folder = readdirSync(root).find((name) => name.startsWith('@morpho-org+morpho-blue@1.0.0-'))
    if (!folder) throw new Error('no cache folder')
    expect(basename(folder)).toMatch(/^@morpho-org\+morpho-blue@1\.0\.0-[0-9a-f]{16}$/)
    const input = JSON.parse(readFileSync(join(root, folder, 'input.json'), 'utf8'))
    expect(input).toMatchObject({
      versions: { '@morpho-org/morpho-blue': '1.0.0', 'solc-0.8.19': '0.8.19' },
      settings: {
        viaIR: true,
        optimizer: { enabled: true, runs: 999_999 },
        evmVersion: 'paris',
        metadata: { bytecodeHash: 'none' },
      },
    })
    expect(existsSync(join(root, folder, 'artifacts.json'))).toBe(true)
    // A second call reads the cache: the same object content.
    expect(await compileMorphoBlue()).toEqual(artifacts)
  })
})
