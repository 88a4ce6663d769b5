export { createElbService } from './create-elb-service.js';
export type { ElbServiceOptions } from './create-elb-service.js';
export { createClassicRoutingConfigReader } from './classic-routing-config-reader.js';
