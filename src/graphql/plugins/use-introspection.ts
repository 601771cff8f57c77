import { NoSchemaIntrospectionCustomRule } from 'graphql'
import type { Plugin } from 'graphql-yoga'

export type UseIntrospectionOptions = { enabled: boolean }

/** Introspection on (local dev) or off (production default): off adds graphql-js's NoSchemaIntrospection rule. */
export function useIntrospection({ enabled }: UseIntrospectionOptions): Plugin {
  return {
    onValidate({ addValidationRule }) {
      if (!enabled) addValidationRule(NoSchemaIntrospectionCustomRule)
    },
  }
}
