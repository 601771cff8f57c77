export { PI, SECONDS_PER_YEAR } from './constants'
export { erf } from './erf'
export { erfc } from './erfc'
export {
  type FindBracketIllinoisParameters,
  type FindBracketIllinoisReturnType,
  findBracketIllinois,
} from './findBracketIllinois'
export {
  type FindRootBrentParameters,
  type FindRootBrentReturnType,
  findRootBrent,
} from './findRootBrent'
export {
  type FindRootNewtonParameters,
  type FindRootNewtonReturnType,
  findRootNewton,
} from './findRootNewton'
export { ln } from './ln'
export { normalCdf } from './normalCdf'
export { normalPdf } from './normalPdf'
export { secondsToYears } from './secondsToYears'
export { sqrt } from './sqrt'
