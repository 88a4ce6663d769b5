import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';

/** Where a running elbow answers, and whose resources to work on. */
export interface ElbowTarget {
  endpoint: string;
  region: string;
  /** A 12-digit account selects that account (elbow reads it from the access key id); absent: elbow's default account. */
  accountId?: string;
}

export interface ElbowClients {
  elbv2: ElasticLoadBalancingV2Client;
  elb: ElasticLoadBalancingClient;
  ec2: EC2Client;
  destroy(): void;
}

/** SDK v3 clients pointed at elbow, as any user would build them: bootstrap goes through the real control plane. */
export function createElbowClients(target: ElbowTarget): ElbowClients {
  // The SDK warns once per process about Node versions it will drop; elbow's own in-process use of
  // it is no concern of the user's (elbow supports Node >=20.10), so the warning stays off unless
  // the user set the variable themselves.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const config = {
    endpoint: target.endpoint,
    region: target.region,
    // elbow accepts any credentials; a 12-digit access key id picks that account (start-elbow.ts accountIdFor).
    credentials: { accessKeyId: target.accountId ?? 'elbow', secretAccessKey: 'elbow' },
    maxAttempts: 1,
  };
  const elbv2 = new ElasticLoadBalancingV2Client(config);
  const elb = new ElasticLoadBalancingClient(config);
  const ec2 = new EC2Client(config);
  return {
    elbv2,
    elb,
    ec2,
    destroy() {
      elbv2.destroy();
      elb.destroy();
      ec2.destroy();
    },
  };
}
