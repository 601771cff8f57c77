import { D, finite, RATIO_INFINITE, RATIO_NONE, type Ratio } from '../../engine'

/** A rule value as stored in `alert_rules.last_value`: a decimal string, `infinite` or `none`. */
export function encodeRuleValue(value: Ratio): string {
  return value.kind === 'finite' ? value.value.toFixed() : value.kind
}

export function decodeRuleValue(stored: string): Ratio {
  if (stored === 'none') return RATIO_NONE
  if (stored === 'infinite') return RATIO_INFINITE
  return finite(new D(stored))
}
