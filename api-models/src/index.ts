export type {
  ShapeRef,
  StructureShape,
  ListShape,
  MapShape,
  ScalarShape,
  Shape,
  OperationModel,
  ServiceMetadata,
  ServiceModel,
  Paginator,
  ServiceModelBundle,
  WireProtocol,
} from './service-model.js';
export { loadServiceModel, MODEL_FILES } from './load-service-model.js';
export type { ModelName } from './load-service-model.js';
export type * as elbv2 from './generated/elbv2.js';
export type * as elb from './generated/elb.js';
export type * as ec2 from './generated/ec2.js';
