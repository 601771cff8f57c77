/** Prefixes of the public ids alerts create (Stripe-style: the kind is readable from the id). */
export type IdPrefix = 'key' | 'ep' | 'sub' | 'rule' | 'evt'

/** A new random id, e.g. `sub_3f9c…` (128 random bits, hex). */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${toHex(crypto.getRandomValues(new Uint8Array(16)))}`
}

export function toHex(bytes: Uint8Array): string {
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex
}

/** Hex SHA-256 of a string (API keys are stored only as this). */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))))
}
