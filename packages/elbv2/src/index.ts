export { createElbv2Service, defaultRandomHex } from './create-elbv2-service.js';
export type { Elbv2ServiceOptions } from './create-elbv2-service.js';
export type { LiveTargetHealth } from './target-health-rules.js';
export { TARGET_GROUP_ATTRIBUTES } from './target-group-attributes.js';
export type { TargetGroupAttributeDefinition } from './target-group-attributes.js';
export { createTrustStoreContentReader } from './trust-store-content-reader.js';
export type { ReadS3Object } from './trust-store-handlers.js';
export { createRoutingConfigReader } from './routing-config-reader.js';
