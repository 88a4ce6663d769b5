// The subset of the botocore service-model format that elbow's models use. The models are
// loaded from models/*.json at run time; these types describe that JSON.

export interface ShapeRef {
  shape: string;
}

interface ShapeBase {
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}

export interface StructureShape extends ShapeBase {
  type: 'structure';
  members?: Record<string, ShapeRef>;
  required?: string[];
  exception?: boolean;
  error?: { code: string; httpStatusCode: number; senderFault?: boolean };
}

export interface ListShape extends ShapeBase {
  type: 'list';
  member: ShapeRef;
  flattened?: boolean;
}

export interface MapShape extends ShapeBase {
  type: 'map';
  key: ShapeRef;
  value: ShapeRef;
}

export interface ScalarShape extends ShapeBase {
  type: 'string' | 'integer' | 'long' | 'double' | 'float' | 'boolean' | 'timestamp' | 'blob';
}

export type Shape = StructureShape | ListShape | MapShape | ScalarShape;

export interface OperationModel {
  name: string;
  http: { method: string; requestUri: string };
  input?: ShapeRef;
  output?: ShapeRef & { resultWrapper?: string };
  errors?: ShapeRef[];
  deprecated?: boolean;
}

export interface ServiceMetadata {
  apiVersion: string;
  endpointPrefix: string;
  protocol: string;
  serviceId: string;
  xmlNamespace: string;
  signingName?: string;
}

export interface ServiceModel {
  metadata: ServiceMetadata;
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

export interface Paginator {
  input_token: string;
  output_token: string;
  limit_key?: string;
  result_key: string | string[];
}

export interface ServiceModelBundle {
  /** Where the model was copied from (botocore version and path). */
  source: string;
  model: ServiceModel;
  paginators: Record<string, Paginator>;
}
