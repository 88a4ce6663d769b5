import type { elb, elbv2 } from '@elbow/api-models';

/**
 * The bootstrap format (issue 8): what `elbow start --config` applies, `elbow export` prints and
 * `elbow import` writes. AWS member names verbatim, the shapes of the Create* inputs, with
 * references by name where AWS takes an ARN. The JSON Schema in ../schema/elbow-config.schema.json
 * is the published contract; these types mirror it (schema.test.ts checks the enums against the model).
 */

/** Attribute values are strings in AWS; YAML's unquoted `true` or `60` are accepted and sent as their text. */
export type ScalarValue = string | number | boolean;

export interface KeyValue {
  Key: string;
  Value: ScalarValue;
}

export interface BootstrapTag {
  Key: string;
  Value?: ScalarValue;
}

export interface TargetGroupWeight {
  TargetGroupName: string;
  Weight?: number;
}

/** An elbv2 Action with TargetGroupName in place of TargetGroupArn (also inside ForwardConfig). */
export interface BootstrapAction extends Omit<elbv2.Action, 'TargetGroupArn' | 'ForwardConfig'> {
  TargetGroupName?: string;
  ForwardConfig?: {
    TargetGroups?: TargetGroupWeight[];
    TargetGroupStickinessConfig?: elbv2.TargetGroupStickinessConfig;
  };
}

export interface BootstrapRule {
  Priority: number;
  Conditions: elbv2.RuleCondition[];
  Actions: BootstrapAction[];
  Transforms?: elbv2.RuleTransform[];
  Tags?: BootstrapTag[];
}

export interface BootstrapListener extends Omit<elbv2.CreateListenerInput, 'LoadBalancerArn' | 'DefaultActions' | 'Tags' | 'Port'> {
  Port: number;
  DefaultActions: BootstrapAction[];
  Attributes?: KeyValue[];
  Tags?: BootstrapTag[];
  Rules?: BootstrapRule[];
}

export interface BootstrapLoadBalancer extends Omit<elbv2.CreateLoadBalancerInput, 'Tags'> {
  Tags?: BootstrapTag[];
  Attributes?: KeyValue[];
  Listeners?: BootstrapListener[];
}

/** A target by the Name of an instance, or by Id as RegisterTargets takes it. */
export interface BootstrapTarget {
  InstanceName?: string;
  Id?: string;
  Port?: number;
  AvailabilityZone?: string;
}

export interface BootstrapTargetGroup extends Omit<elbv2.CreateTargetGroupInput, 'Tags'> {
  Tags?: BootstrapTag[];
  Attributes?: KeyValue[];
  Targets?: BootstrapTarget[];
}

/** An EC2 instance elbow runs; its Name tag identifies it across restarts, Host becomes its `elbow:host` tag. */
export interface BootstrapInstance {
  Name: string;
  Host?: string;
  AvailabilityZone?: string;
  SubnetId?: string;
  InstanceType?: string;
  Tags?: BootstrapTag[];
}

export interface BootstrapClassicListener extends elb.Listener {
  PolicyNames?: string[];
}

export interface BootstrapClassicLoadBalancer extends Omit<elb.CreateAccessPointInput, 'Listeners' | 'Tags'> {
  Listeners: BootstrapClassicListener[];
  Tags?: BootstrapTag[];
  HealthCheck?: elb.HealthCheck;
  LoadBalancerAttributes?: elb.LoadBalancerAttributes;
  Policies?: Array<{ PolicyName: string; PolicyTypeName: string; PolicyAttributes?: Array<{ AttributeName: string; AttributeValue?: string }> }>;
  BackendServerPolicies?: Array<{ InstancePort: number; PolicyNames: string[] }>;
  Instances?: Array<{ InstanceName: string }>;
}

export interface BootstrapDocument {
  $schema?: string;
  Region?: string;
  AccountId?: string;
  Instances?: BootstrapInstance[];
  TargetGroups?: BootstrapTargetGroup[];
  LoadBalancers?: BootstrapLoadBalancer[];
  ClassicLoadBalancers?: BootstrapClassicLoadBalancer[];
}
