import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ENGINE = resolve(import.meta.dirname, '../../../src/engine')

function engineFiles(dir = ENGINE): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return engineFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Every module specifier of a file: static imports and re-exports, dynamic imports, require. */
function specifiers(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ]
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] as string))
}

describe('the engine is pure', () => {
  const files = engineFiles()

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(3)
  })

  it.each(files.map((file) => [relative(ENGINE, file), file]))(
    '%s imports only decimal.js and engine files',
    (_name, file) => {
      const source = readFileSync(file, 'utf8')
      for (const specifier of specifiers(source)) {
        if (specifier === 'decimal.js') continue
        expect(specifier.startsWith('.'), `${specifier} is not decimal.js or a relative engine import`).toBe(true)
        const target = resolve(dirname(file), specifier)
        expect(target.startsWith(ENGINE), `${specifier} leaves src/engine`).toBe(true)
      }
    },
  )

  it.each(files.map((file) => [relative(ENGINE, file), file]))(
    '%s reads no clock, randomness or I/O globals',
    (_name, file) => {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
      expect(code).not.toMatch(/\b(Date\.now|new Date\(|Math\.random|fetch\(|crypto\.|process\.|globalThis|console\.)/)
    },
  )
})
