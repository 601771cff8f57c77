/**
 * Every pure unit test (test/unit) again inside workerd, from ONE test file: the engine, decoders
 * and scalars must behave the same in the Workers runtime as under Node. Importing the files
 * registers their suites here; one file instead of dozens saves a workerd setup per file.
 */
import.meta.glob('../unit/**/*.test.ts', { eager: true })
