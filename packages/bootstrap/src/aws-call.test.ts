import { describe, expect, it } from 'vitest';
import { awsCall, isAwsError } from './aws-call.js';

/** An error shaped as SDK v3 throws a Query-protocol service error. */
function serviceError(name: string, code: string, message: string): Error {
  return Object.assign(new Error(message), { name, Code: code });
}

describe('awsCall', () => {
  it('names source, resource, operation, code and message of an AWS error', async () => {
    const failing = () => Promise.reject(serviceError('ValidationError', 'ValidationError', "Health check timeout '10' must be smaller than the interval '5'"));
    await expect(awsCall('elbow.yaml', 'TargetGroups/web', 'CreateTargetGroup', failing)).rejects.toThrow(
      "elbow.yaml: TargetGroups/web: CreateTargetGroup: ValidationError: Health check timeout '10' must be smaller than the interval '5'",
    );
  });

  it('says that elbow did not answer on a network failure', async () => {
    const refused = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }));
    await expect(awsCall('export', 'default VPC', 'DescribeVpcs', refused)).rejects.toThrow('export: default VPC: DescribeVpcs: cannot reach elbow (connect ECONNREFUSED 127.0.0.1:9)');
  });

  it('passes the answer through', async () => {
    await expect(awsCall('f', 'r', 'Op', () => Promise.resolve(42))).resolves.toBe(42);
  });
});

describe('isAwsError', () => {
  it('matches the wire code and the SDK exception name', () => {
    expect(isAwsError(serviceError('TargetGroupNotFoundException', 'TargetGroupNotFound', 'x'), 'TargetGroupNotFound')).toBe(true);
    expect(isAwsError(Object.assign(new Error('x'), { name: 'LoadBalancerNotFoundException' }), 'LoadBalancerNotFound')).toBe(true);
    expect(isAwsError(serviceError('ValidationError', 'ValidationError', 'x'), 'TargetGroupNotFound')).toBe(false);
  });
});
