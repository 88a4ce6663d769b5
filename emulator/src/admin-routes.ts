import type { FastifyInstance } from 'fastify';
import type { Store } from '@elbow/store';
import type { DataPlane } from '@elbow/data-plane';
import { createTrustStoreContentReader } from '@elbow/elbv2';

/** elbow's own API, beside the AWS one: for CI scripts and health probes. */
export function registerAdminRoutes(app: FastifyInstance, { store, dataPlane }: { store: Store; dataPlane: DataPlane }): void {
  // The server listens only once the store is open and migrated, so answering at all means ready.
  app.get('/_elbow/health', async () => ({ status: 'ready' }));

  // Wipes every account's and region's state, keeping the schema: a clean slate between CI runs.
  app.post('/_elbow/reset', async () => {
    store.reset();
    return { reset: true };
  });

  // Every listener the data plane knows: its requested port, the address bound, and `bound`,
  // `failed: <reason>` (the port could not be bound; the API call that made it still succeeded)
  // or `not-served: <why>` (NLB, GWLB, non-HTTP protocols).
  app.get('/_elbow/listeners', async () => ({
    listeners: dataPlane.listeners().map(({ listenerArn, loadBalancerArn, protocol, port, boundAddress, state }) => ({
      listenerArn,
      loadBalancerArn,
      protocol,
      port,
      boundAddress: boundAddress ?? null,
      state,
    })),
  }));

  // Where GetTrustStoreCaCertificatesBundle / GetTrustStoreRevocationContent point (AWS hands out
  // a pre-signed S3 URL): the stored bundle, or one revocation list, as bytes.
  const readTrustStoreContent = createTrustStoreContentReader(store.db);
  app.get('/_elbow/trust-store-content', async (request, reply) => {
    // The app leaves query strings to their routes (create-app.ts), so this one parses its own.
    const query = new URLSearchParams(request.url.slice(request.url.indexOf('?') + 1));
    const arn = query.get('arn') ?? undefined;
    const revocationId = query.get('revocationId') ?? undefined;
    const id = revocationId === undefined ? undefined : /^\d{1,15}$/.test(revocationId) ? Number(revocationId) : NaN;
    const content = arn && !Number.isNaN(id) ? readTrustStoreContent(arn, id) : undefined;
    if (!content) return reply.code(404).send({ error: 'no such trust store content' });
    return reply.type('application/octet-stream').send(content);
  });
}
