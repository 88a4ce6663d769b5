export { createElbService } from './create-elb-service.js';
export type { ElbServiceOptions } from './create-elb-service.js';
