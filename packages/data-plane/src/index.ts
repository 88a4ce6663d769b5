export { wildcardMatch } from './wildcard-match.js';
export type { WildcardOptions } from './wildcard-match.js';
export { ipInCidr } from './ip-in-cidr.js';
export { matchCondition, queryPairs, stripPort } from './match-condition.js';
export type { ConditionOutcome, HeaderList, RuleRequest } from './match-condition.js';
export { matchRule } from './match-rule.js';
export type { RuleOutcome } from './match-rule.js';
export { selectRule } from './select-rule.js';
export type { RuleEvaluation, RuleSelection } from './select-rule.js';
