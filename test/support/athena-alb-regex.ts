// AWS's Athena regex for ALB access logs lives with example 02, which parses its logs with it;
// the tests read their logs with the same expression (one copy of AWS's text).
export { ATHENA_ALB_GROUPS, ATHENA_ALB_INPUT_REGEX, athenaAlbRegex } from '../../examples/02-access-log-investigation/athena-alb-regex.mjs';
