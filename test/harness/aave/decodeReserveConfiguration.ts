/** The decoder lives in the adapter; the harness re-exports it. */
export {
  decodeReserveConfiguration,
  type ReserveConfiguration,
} from '../../../src/protocols/aave-v3/decodeReserveConfiguration'
