import type { FastifyInstance } from 'fastify';
import type { Store } from '@elbow/store';

/** elbow's own API, beside the AWS one: for CI scripts and health probes. */
export function registerAdminRoutes(app: FastifyInstance, { store }: { store: Store }): void {
  // The server listens only once the store is open and migrated, so answering at all means ready.
  app.get('/_elbow/health', async () => ({ status: 'ready' }));

  // Wipes every account's and region's state, keeping the schema: a clean slate between CI runs.
  app.post('/_elbow/reset', async () => {
    store.reset();
    return { reset: true };
  });
}
