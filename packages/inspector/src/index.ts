export { inspectorPlugin, DEFAULT_CAPACITY, MAX_REQUESTS_LIMIT, MAX_WINDOW_SECONDS } from './inspector-plugin.js';
export type { InspectorOptions } from './inspector-plugin.js';
export { toInspectorEntry, statusClassOf, stickySummaryOf, targetGroupNameOf, MAX_TEXT_LENGTH } from './inspector-entry.js';
export type { InspectorEntry, StatusClass, StickySummary } from './inspector-entry.js';
export { distribution } from './distribution.js';
export type { Distribution, DistributionBucket, DistributionBy } from './distribution.js';
export { sessionFingerprint } from './session-fingerprint.js';
export { createRingBuffer } from './ring-buffer.js';
export type { RingBuffer } from './ring-buffer.js';
export { albResourceTree, classicResourceTree } from './resource-tree.js';
export type {
  ActionNode,
  ClassicLoadBalancerNode,
  HealthNode,
  InstanceHealthOf,
  ListenerNode,
  LoadBalancerNode,
  ResourceTree,
  RuleNode,
  TargetGroupNode,
  TargetHealthOf,
  TargetNode,
} from './resource-tree.js';
