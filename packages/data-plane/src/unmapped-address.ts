/**
 * `::ffff:10.0.0.1` (how a dual-stack Node socket shows an IPv4 peer) → `10.0.0.1`; any other
 * address as it is. Wherever the load balancer writes a client's address (X-Forwarded-For, the
 * proxy protocol line, access logs) AWS writes the IPv4 form.
 */
export function unmappedAddress(address: string): string {
  return /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
}
