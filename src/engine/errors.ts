/**
 * The engine's one error: the input cannot be evaluated as given (a missing price, a change the
 * margin model does not support, a negative amount). The engine imports nothing outside itself,
 * so the GraphQL boundary maps this class to `BAD_USER_INPUT`.
 */
export class EngineInputError extends Error {
  override name = 'EngineInputError'
}
