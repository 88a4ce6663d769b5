import { isIPv4, isIPv6 } from 'node:net';

interface ParsedAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

function parseIPv4(text: string): bigint {
  return text.split('.').reduce((sum, part) => (sum << 8n) | BigInt(Number(part)), 0n);
}

function parseIPv6(text: string): bigint {
  let source = text;
  const embedded = /(\d+\.\d+\.\d+\.\d+)$/.exec(source);
  if (embedded?.[1] !== undefined) {
    const v4 = parseIPv4(embedded[1]);
    source = `${source.slice(0, -embedded[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = source.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  return groups.reduce((sum, group) => (sum << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/**
 * Parses an address; an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, how a dual-stack Node
 * socket reports an IPv4 peer) counts as the IPv4 address. Decision: a client on IPv4 is
 * an IPv4 client to `source-ip`, whatever the local socket family.
 */
function parseAddress(text: string): ParsedAddress | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const withoutZone = bare.replace(/%.*$/, '');
  if (isIPv4(withoutZone)) return { family: 4, value: parseIPv4(withoutZone) };
  if (!isIPv6(withoutZone)) return undefined;
  const value = parseIPv6(withoutZone);
  if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffff_ffffn };
  return { family: 6, value };
}

/**
 * Whether `address` lies in `cidr` (`10.0.0.0/8`, `2001:db8::/32`). A CIDR without a prefix
 * length is a single address. Malformed input never matches, never throws.
 */
export function ipInCidr(address: string, cidr: string): boolean {
  const slash = cidr.indexOf('/');
  const network = parseAddress(slash < 0 ? cidr : cidr.slice(0, slash));
  const peer = parseAddress(address);
  if (network === undefined || peer === undefined || network.family !== peer.family) return false;
  const width = network.family === 4 ? 32 : 128;
  const prefixText = slash < 0 ? String(width) : cidr.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return false;
  const prefix = Number(prefixText);
  if (prefix > width) return false;
  const shift = BigInt(width - prefix);
  return network.value >> shift === peer.value >> shift;
}
