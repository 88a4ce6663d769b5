// The subset of the botocore service-model format that elbow's models use. The models are
// loaded from models/*.json at run time; these types describe that JSON.

export interface ShapeRef {
  shape: string;
  /**
   * The member's name on the wire when it differs from the member name: an XML element name on
   * output (EC2 `vpcSet`, a list's `item`), and on input the basis of EC2's parameter name
   * (capitalized: `locationName: "Filter"` → `Filter.1.Name`).
   */
  locationName?: string;
  /** EC2 only: the input parameter name, used as is (wins over locationName). */
  queryName?: string;
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

/** `query` (awsQuery: elbv2, elb) or `ec2` (EC2's variant of it); see packages/query-protocol protocol strategies. */
export type WireProtocol = 'query' | 'ec2';

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
