/**
 * IPv4 CIDR arithmetic for VPCs, subnets and instance addresses. Pure: strings in, values out.
 * Addresses are held as unsigned 32-bit numbers.
 */
export interface Ipv4Cidr {
  /** The network address (host bits cleared). */
  readonly network: number;
  readonly prefixLength: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** The address as a number, or undefined when it is not dotted-quad IPv4. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => OCTET.test(part))) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/**
 * Parses `a.b.c.d/n`. `requireAligned` refuses host bits (EC2 answers InvalidParameterValue for
 * `10.0.0.1/16`, observed wording in ec2-errors.ts); when false, host bits are cleared.
 */
export function parseCidr(text: string, requireAligned = true): Ipv4Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  const address = parseIpv4(match[1] ?? '');
  const prefixLength = Number(match[2]);
  if (address === undefined || prefixLength > 32) return undefined;
  const network = address - (address % blockSize(prefixLength));
  if (requireAligned && network !== address) return undefined;
  return { network, prefixLength };
}

export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefixLength}`;
}

export function blockSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

export function cidrContainsAddress(cidr: Ipv4Cidr, address: number): boolean {
  return address >= cidr.network && address < cidr.network + blockSize(cidr.prefixLength);
}

/** Whether `inner` lies wholly inside `outer`. */
export function cidrContainsCidr(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.prefixLength >= outer.prefixLength && cidrContainsAddress(outer, inner.network);
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return cidrContainsCidr(a, b) || cidrContainsCidr(b, a);
}

/**
 * The addresses an instance may get: AWS reserves the first four and the last address of every
 * subnet (network, VPC router, DNS, future use, broadcast) — "Subnet CIDR blocks", Amazon VPC
 * User Guide (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
 */
export function firstUsableAddress(cidr: Ipv4Cidr): number {
  return cidr.network + 4;
}

export function lastUsableAddress(cidr: Ipv4Cidr): number {
  return cidr.network + blockSize(cidr.prefixLength) - 2;
}
