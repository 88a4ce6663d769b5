import { ServiceError } from '@elbow/query-protocol';

/**
 * Listener certificates. elbow has no ACM or IAM: any well-formed ACM certificate ARN or IAM
 * server-certificate ARN is accepted; anything else is CertificateNotFound with AWS's wording
 * `Certificate '<arn>' not found` (hashicorp/terraform-provider-aws#11334, a real
 * CreateListener response).
 */
const ACM_ARN = /^arn:aws(?:-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const IAM_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:server-certificate\/[\w+=,.@/-]+$/;

/** "Certificates per Application Load Balancer (excluding default certificates): 25" (elbv2-validation.md §7 [D6]). */
export const MAX_ADDITIONAL_CERTIFICATES_PER_LOAD_BALANCER = 25;

export function assertCertificateArn(arn: string | undefined): string {
  if (arn === undefined || !(ACM_ARN.test(arn) || IAM_ARN.test(arn))) {
    throw new ServiceError('CertificateNotFound', `Certificate '${arn ?? ''}' not found`);
  }
  return arn;
}
