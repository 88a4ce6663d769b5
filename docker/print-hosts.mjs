#!/usr/bin/env node
// Prints an /etc/hosts line for every load balancer elbow knows, so a browser or curl on the host
// reaches the listener ports docker-compose.yml publishes by DNS name:
//   node docker/print-hosts.mjs [elbow endpoint, default http://127.0.0.1:4590] [address, default 127.0.0.1]
//   node docker/print-hosts.mjs | sudo tee -a /etc/hosts
// Also runs as the compose service `hosts` (docker compose run --rm hosts).
// Asks the elbv2 and classic ELB APIs (DescribeLoadBalancers, every page, every region named in
// ELBOW_REGIONS, default us-east-1) with plain HTTP, so it needs nothing but Node.
const endpoint = process.argv[2] ?? process.env.ELBOW_ENDPOINT ?? 'http://127.0.0.1:4590';
const address = process.argv[3] ?? process.env.HOSTS_ADDRESS ?? '127.0.0.1';
const regions = (process.env.ELBOW_REGIONS ?? 'us-east-1').split(',').filter(Boolean);

const APIS = [
  { version: '2015-12-01', service: 'elasticloadbalancing', pageSize: 400 },
  { version: '2012-06-01', service: 'elasticloadbalancing', pageSize: 400 },
];

async function describeAll(region, api) {
  const names = [];
  let marker;
  do {
    const body = new URLSearchParams({ Action: 'DescribeLoadBalancers', Version: api.version, PageSize: String(api.pageSize), ...(marker ? { Marker: marker } : {}) });
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        // Any signature is accepted; the credential scope names the region.
        authorization: `AWS4-HMAC-SHA256 Credential=elbow/20260101/${region}/${api.service}/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`DescribeLoadBalancers (${api.version}, ${region}) answered ${response.status}: ${text}`);
    names.push(...[...text.matchAll(/<DNSName>([^<]+)<\/DNSName>/g)].map((match) => match[1]));
    marker = /<NextMarker>([^<]+)<\/NextMarker>/.exec(text)?.[1];
  } while (marker);
  return names;
}

try {
  const names = new Set();
  for (const region of regions) for (const api of APIS) for (const name of await describeAll(region, api)) names.add(name);
  for (const name of [...names].sort()) console.log(`${address} ${name}`);
} catch (error) {
  console.error(`print-hosts: ${error.message}`);
  process.exit(1);
}
