import { isIPv4, isIPv6 } from 'node:net';
import { unmappedAddress } from '../unmapped-address.js';


/**
 * The proxy protocol version 1 header a classic load balancer sends first on a back-end
 * connection when the ProxyProtocol policy is on (haproxy proxy-protocol.txt §2.1; the Classic
 * LB guide's example `PROXY TCP4 198.51.100.22 203.0.113.7 35646 80\r\n`): source = the client,
 * destination = the load balancer address the client connected to. Both IPv4 → TCP4, both IPv6
 * → TCP6; a mix (or anything unparsable) → `PROXY UNKNOWN\r\n`, as the specification allows.
 */
export function proxyProtocolV1Line(source: { address: string; port: number }, destination: { address: string; port: number }): string {
  const sourceAddress = unmappedAddress(source.address);
  const destinationAddress = unmappedAddress(destination.address);
  const family = isIPv4(sourceAddress) && isIPv4(destinationAddress) ? 'TCP4' : isIPv6(sourceAddress) && isIPv6(destinationAddress) ? 'TCP6' : undefined;
  if (family === undefined) return 'PROXY UNKNOWN\r\n';
  return `PROXY ${family} ${sourceAddress} ${destinationAddress} ${source.port} ${destination.port}\r\n`;
}
