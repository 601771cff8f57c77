/** Shape checks for venue answers (JSON from HTTP APIs), shared by the HTTP adapters. */

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A plain decimal string as venues print them (`"-95.059824"`, `"0.0"`), never a JS number. */
export const isDecimal = (value: unknown): value is string => typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)

export const isPositiveInt = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0
