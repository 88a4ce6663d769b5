import type { FastifyInstance } from 'fastify';
import type { Store, StoreSnapshot } from '@elbow/store';
import type { ClassicDataPlane, DataPlane } from '@elbow/data-plane';
import { createTrustStoreContentReader } from '@elbow/elbv2';

/** What the admin API may do with live target health (packages/health through start-elbow.ts). */
export interface AdminHealthControl {
  setOverride(targetGroupArn: string, targetId: string, port: number, state: 'healthy' | 'unhealthy' | undefined): boolean;
  activeCheckers(): number;
  pendingTimers(): number;
  /** Resolves once every new checker has its first result. */
  firstChecks(): Promise<void>;
  /** The classic twin of setOverride: a watched classic instance; account and region default to elbow's. */
  setInstanceOverride?(
    instance: { loadBalancerName: string; instanceId: string; accountId?: string; region?: string },
    state: 'healthy' | 'unhealthy' | undefined,
  ): boolean;
}

const OVERRIDE_STATES = new Set(['healthy', 'unhealthy', 'clear']);
/** DescribeInstanceHealth's states, as the classic override takes them. */
const INSTANCE_OVERRIDE_STATES: ReadonlyMap<string, 'healthy' | 'unhealthy' | undefined> = new Map([
  ['InService', 'healthy'],
  ['OutOfService', 'unhealthy'],
  ['clear', undefined],
]);

/** elbow's own API, beside the AWS one: for CI scripts and health probes. */
export function registerAdminRoutes(
  app: FastifyInstance,
  { store, dataPlane, health, classicDataPlane }: { store: Store; dataPlane: DataPlane; health?: AdminHealthControl; classicDataPlane?: ClassicDataPlane },
): void {
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
    // Classic load balancers have no listener ARNs: each is named by load balancer and port.
    classicListeners: (classicDataPlane?.listeners() ?? []).map(({ loadBalancerName, accountId, region, protocol, port, boundAddress, state }) => ({
      loadBalancerName,
      accountId,
      region,
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

  // Snapshot and restore for suites outside this process (issue 8): POST /_elbow/snapshots keeps
  // the whole state in memory under a new id; POST /_elbow/snapshots/<id>/restore brings it back
  // (the data plane follows before the answer, onSend in create-app.ts); DELETE frees it.
  const snapshots = new Map<string, StoreSnapshot>();
  let snapshotCount = 0;
  app.post('/_elbow/snapshots', async (_request, reply) => {
    snapshotCount += 1;
    const id = `snapshot-${snapshotCount}`;
    const snapshot = store.snapshot();
    snapshots.set(id, snapshot);
    return reply.code(201).send({ id, bytes: snapshot.image.byteLength });
  });
  app.post<{ Params: { id: string } }>('/_elbow/snapshots/:id/restore', async (request, reply) => {
    const snapshot = snapshots.get(request.params.id);
    if (snapshot === undefined) return reply.code(404).send({ error: `no snapshot with id '${request.params.id}'` });
    store.restore(snapshot);
    return { restored: request.params.id };
  });
  app.delete<{ Params: { id: string } }>('/_elbow/snapshots/:id', async (request, reply) => {
    if (!snapshots.delete(request.params.id)) return reply.code(404).send({ error: `no snapshot with id '${request.params.id}'` });
    return { deleted: request.params.id };
  });

  if (health === undefined) return;

  // Forces a target's health for a test (issue 5): {"targetGroupArn", "targetId", "port",
  // "state": "healthy" | "unhealthy" | "clear"}. Routing and DescribeTargetHealth follow at once;
  // `clear` hands the target back to its health checks. Only targets health checks watch (a used
  // group's registered targets in an enabled zone) can be set; others answer 404.
  app.post('/_elbow/targets/health', async (request, reply) => {
    let body: unknown;
    try {
      body = JSON.parse(Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '');
    } catch {
      return reply.code(400).send({ error: 'expected a JSON body' });
    }
    const { targetGroupArn, targetId, port, state } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof targetGroupArn !== 'string' || typeof targetId !== 'string' || !Number.isInteger(port) || typeof state !== 'string' || !OVERRIDE_STATES.has(state)) {
      return reply.code(400).send({ error: 'expected {"targetGroupArn": string, "targetId": string, "port": integer, "state": "healthy" | "unhealthy" | "clear"}' });
    }
    const isSet = health.setOverride(targetGroupArn, targetId, port as number, state === 'clear' ? undefined : (state as 'healthy' | 'unhealthy'));
    if (!isSet) return reply.code(404).send({ error: 'no health-checked target with that group, id and port' });
    return { targetGroupArn, targetId, port, state };
  });

  // Forces a classic instance's health for a test (issue 6): {"loadBalancerName", "instanceId",
  // "state": "InService" | "OutOfService" | "clear", "accountId"?, "region"?}. Routing and
  // DescribeInstanceHealth follow at once; only instances health checks watch (registered, running,
  // in an enabled zone) can be set; others answer 404.
  const { setInstanceOverride } = health;
  if (setInstanceOverride !== undefined) {
    app.post('/_elbow/instances/health', async (request, reply) => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '');
      } catch {
        return reply.code(400).send({ error: 'expected a JSON body' });
      }
      const { loadBalancerName, instanceId, state, accountId, region } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
      const isOptionalString = (value: unknown) => value === undefined || typeof value === 'string';
      if (
        typeof loadBalancerName !== 'string' ||
        typeof instanceId !== 'string' ||
        typeof state !== 'string' ||
        !INSTANCE_OVERRIDE_STATES.has(state) ||
        !isOptionalString(accountId) ||
        !isOptionalString(region)
      ) {
        return reply.code(400).send({
          error: 'expected {"loadBalancerName": string, "instanceId": string, "state": "InService" | "OutOfService" | "clear", "accountId"?: string, "region"?: string}',
        });
      }
      const instance = {
        loadBalancerName,
        instanceId,
        ...(typeof accountId === 'string' ? { accountId } : {}),
        ...(typeof region === 'string' ? { region } : {}),
      };
      if (!setInstanceOverride(instance, INSTANCE_OVERRIDE_STATES.get(state))) {
        return reply.code(404).send({ error: 'no health-checked instance with that load balancer and id' });
      }
      return { loadBalancerName, instanceId, state };
    });
  }

  // The health checkers running and the timers pending on elbow's clock, so tests can show that
  // no health-check timer survives its target, group or load balancer.
  app.get('/_elbow/health-checks', async () => ({ activeCheckers: health.activeCheckers(), pendingTimers: health.pendingTimers() }));
}
