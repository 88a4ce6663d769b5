/**
 * S3 object keys of access-log files (access-logs.md §1 [D1], §3 [D2]):
 * `[prefix/]AWSLogs/<account>/elasticloadbalancing/<region>/<yyyy>/<mm>/<dd>/<file>`, where the
 * file is `<account>_elasticloadbalancing_<region>_<lb>_<end-time>_<ip>_<random>` plus
 * `.log.gz` (ALB, `<lb>` = `app.<name>.<id16>`) or `.log` (classic, `<lb>` = the name).
 */
export interface LogObjectKeyInput {
  readonly accountId: string;
  readonly region: string;
  readonly prefix: string | undefined;
  /** The interval's end, epoch milliseconds (UTC). */
  readonly endMs: number;
  /** The load balancer node's IP address. */
  readonly nodeIp: string;
  /** 8 lowercase alphanumerics, system generated [D1]; injected. */
  readonly randomString: string;
}

/** `YYYYMMDDTHHMMZ`, the interval's end in UTC (`20140215T2340Z` covers 23:35–23:40 [D1]). */
export function logEndTime(endMs: number): string {
  const iso = new Date(endMs).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
}

/**
 * The date folders: [D1] calls them the delivery date; elbow delivers at the interval's end, so
 * they are the end's UTC date (a file ending at 00:00 sits in the new day's folder).
 */
function folder(input: LogObjectKeyInput): string {
  const iso = new Date(input.endMs).toISOString();
  const prefix = input.prefix === undefined || input.prefix === '' ? '' : `${input.prefix}/`;
  return `${prefix}AWSLogs/${input.accountId}/elasticloadbalancing/${input.region}/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/`;
}

function fileName(input: LogObjectKeyInput, loadBalancerPart: string, extension: string): string {
  return `${input.accountId}_elasticloadbalancing_${input.region}_${loadBalancerPart}_${logEndTime(input.endMs)}_${input.nodeIp}_${input.randomString}${extension}`;
}

/** ALB: `resourceId` is `app/<name>/<id16>`; its slashes become dots [D1]. */
export function albLogObjectKey(input: LogObjectKeyInput & { readonly resourceId: string }): string {
  return folder(input) + fileName(input, input.resourceId.replaceAll('/', '.'), '.log.gz');
}

/** Classic: the load balancer's name, plain `.log` [D2]. */
export function classicLogObjectKey(input: LogObjectKeyInput & { readonly loadBalancerName: string }): string {
  return folder(input) + fileName(input, input.loadBalancerName, '.log');
}

/**
 * The object ELB writes when access logging is enabled, to prove it may write to the bucket:
 * `[prefix/]AWSLogs/<account>/ELBAccessLogTestFile` (ALB guide, "Verify bucket permissions").
 */
export function accessLogTestFileKey(input: { readonly accountId: string; readonly prefix: string | undefined }): string {
  const prefix = input.prefix === undefined || input.prefix === '' ? '' : `${input.prefix}/`;
  return `${prefix}AWSLogs/${input.accountId}/ELBAccessLogTestFile`;
}

/** The system-generated part of a file name: 8 lowercase alphanumerics [D1], from `randomBytes`. */
export function randomLogString(randomBytes: (size: number) => Buffer): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(8)].map((byte) => alphabet[byte % alphabet.length]).join('');
}
