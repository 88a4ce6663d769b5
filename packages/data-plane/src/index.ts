export { wildcardMatch } from './wildcard-match.js';
export type { WildcardOptions } from './wildcard-match.js';
export { ipInCidr } from './ip-in-cidr.js';
export { matchCondition, queryPairs, stripPort } from './match-condition.js';
export type { ConditionOutcome, HeaderList, RuleRequest } from './match-condition.js';
export { matchRule } from './match-rule.js';
export type { RuleOutcome } from './match-rule.js';
export { selectRule } from './select-rule.js';
export type { RuleEvaluation, RuleSelection } from './select-rule.js';
export { chooseTargetGroup } from './choose-target-group.js';
export type { RandomNumber } from './choose-target-group.js';
export { chooseTarget } from './choose-target.js';
export type { ChooseTargetInput, TargetChoice } from './choose-target.js';
export { expandRedirect } from './expand-redirect.js';
export type { RedirectRequest, RedirectResult } from './expand-redirect.js';
export { ALB_STATUS_MESSAGES, albHtmlPage, albResponse } from './alb-response.js';
export type { AlbPageStatus, AlbResponse } from './alb-response.js';
export { albErrorResponse } from './alb-error-response.js';
export type { AlbErrorStatus } from './alb-error-response.js';
export { redirectResponse } from './redirect-response.js';
export { fixedResponse } from './fixed-response.js';
export { forwardedHeaders, MAX_XFF_ADDRESSES } from './forwarded-headers.js';
export type { ForwardedHeaderSettings, ForwardingRequest, ForwardedHeadersResult } from './forwarded-headers.js';
export { traceIdHeader, TRACE_HEADER_LIMIT_BYTES } from './trace-id.js';
export type { RandomBytes, TraceIdInput } from './trace-id.js';
export type { RoutingConfig, RoutingConfigSource, LoadBalancerRoute, ListenerRoute, TargetGroupRoute, TargetRoute, TargetGroupHealthCheck } from './routing-config.js';
export { createCookieKeyRing, DEFAULT_COOKIE_KEY_ROTATION_SECONDS } from './cookie-key-ring.js';
export type { CookieKeyRingOptions, StoredCookieKeyRing } from './cookie-key-ring.js';
export {
  albRequestPasses,
  albResponsePasses,
  createExchange,
  runRequestPasses,
  runResponsePasses,
  routableTargets,
  splitRequestTarget,
  splitAbsoluteForm,
  forwardedHeaderSettings,
  headerBlockBytes,
  MAX_REQUEST_LINE_BYTES,
  MAX_HEADER_FIELD_BYTES,
  MAX_REQUEST_HEADER_BYTES,
} from './alb-passes.js';
export type { AlbPassSlots } from './alb-passes.js';
export type {
  AlbExchange,
  BalancerState,
  ForwardDecision,
  IncomingAlbRequest,
  PassEnvironment,
  RequestPass,
  ResponsePass,
  TargetResponseHead,
} from './alb-exchange.js';
export { createBalancerState } from './balancer-state.js';
export type { InMemoryBalancerState } from './balancer-state.js';
export { routeSticky, stickyResponseCookies, isRoutable } from './sticky-routing.js';
export type { StickyRoutingInput, StickyRoute, StickyReason, StickyResponsePlan, StickyResponseInput } from './sticky-routing.js';
export { pinnedTargetGroup, pinnedTarget, stickyResponsePlan } from './sticky-routing.js';
export type { GroupPin, TargetPin, PinnedTargetGroupInput, PinnedTargetInput, StickyResponsePlanInput } from './sticky-routing.js';
export { stickinessPassSlots } from './sticky-passes.js';
export { createDataPlane } from './data-plane.js';
export type { DataPlane, DataPlaneOptions, ListenerStatus } from './data-plane.js';
export { createAlbProxy, SILENT_LOGGER, TARGET_CONNECT_TIMEOUT_MS } from './alb-proxy.js';
export type { AlbProxy, AlbProxyOptions, DataPlaneLogger, DrainedTarget } from './alb-proxy.js';
export { createLoadBalancerCertificates } from './load-balancer-certificates.js';
export type { LoadBalancerCertificates, TlsCredentials } from './load-balancer-certificates.js';
export { createRequestRecordHub } from './request-record.js';
export { albRequestRecord, loadBalancerResourceId } from './alb-request-record.js';
export { albAccessLogDestination, classicAccessLogDestination } from './access-log-destination.js';
export type { AlbRequestFacts } from './alb-request-record.js';
export type {
  AccessLogDestination,
  AlbRequestRecord,
  ClassicRequestRecord,
  RequestRecord,
  RequestRecordHub,
  RequestRecordListener,
  StickinessOutcome,
  TlsRecord,
} from './request-record.js';
export type {
  ClassicRoutingConfig,
  ClassicRoutingConfigSource,
  ClassicLoadBalancerRoute,
  ClassicListenerRoute,
  ClassicInstanceRoute,
  ClassicPolicyRoute,
  ClassicHealthCheckRoute,
  ClassicProtocol,
} from './classic/classic-routing-config.js';
export { unmappedAddress } from './unmapped-address.js';
export { readClassicHealthCheckTarget, MAX_HEALTH_CHECK_TARGET_LENGTH } from './classic/classic-health-check-target.js';
export type { ClassicHealthCheckTarget, ClassicHealthCheckTargetProblem } from './classic/classic-health-check-target.js';
export { createClassicDataPlane } from './classic/classic-data-plane.js';
export type { ClassicDataPlane, ClassicDataPlaneOptions, ClassicListenerStatus } from './classic/classic-data-plane.js';
export { proxyProtocolV1Line } from './classic/proxy-protocol-line.js';
export { classicErrorResponse } from './classic/classic-error-response.js';
export type { ClassicErrorStatus } from './classic/classic-error-response.js';
export { DEBUG_ROUTE_HEADER, debugRouteValue, debugRouteSlots, debugRouteHeaderPass, exchangeRouteFacts, targetLabel } from './debug-route-header.js';
export type { RouteFacts } from './debug-route-header.js';
export { explainRequest } from './explain-request.js';
export type {
  ExplainInput,
  ExplainedRequest,
  RequestExplanation,
  RuleStep,
  ActionStep,
  CookieCheck,
  TargetGroupStep,
  TargetStep,
  TargetCandidate,
  TargetHealthLookup,
} from './explain-request.js';
export { formatExplanation } from './format-explanation.js';
