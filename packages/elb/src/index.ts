export { createElbService } from './create-elb-service.js';
export type { ElbServiceOptions } from './create-elb-service.js';
export { createClassicRoutingConfigReader } from './classic-routing-config-reader.js';
export { createClassicDrainingRepository } from './classic-draining-repository.js';
export type { ClassicDrainingInstance, ClassicDrainingRepository } from './classic-draining-repository.js';
export { instanceHealth, liveInstanceState } from './instance-health.js';
export type { InstanceHealthFacts, LiveInstanceCheckState, LiveInstanceHealth } from './instance-health.js';
