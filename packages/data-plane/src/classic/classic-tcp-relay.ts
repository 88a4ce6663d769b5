import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { SILENT_LOGGER } from '../alb-proxy.js';
import type { DataPlaneLogger } from '../alb-proxy.js';
import type { RandomNumber } from '../choose-target-group.js';
import type { RequestRecordHub } from '../request-record.js';
import { chooseClassicInstance } from './choose-classic-instance.js';
import { classicLoadBalancerKey } from './classic-exchange.js';
import { isProxyProtocolEnabled } from './classic-policies.js';
import { classicRecordBase, classicTlsRecord } from './classic-record.js';
import type { ClassicInstanceRoute, ClassicListenerRoute, ClassicLoadBalancerRoute } from './classic-routing-config.js';
import { instanceConnectionKey } from './instance-connections.js';
import type { InstanceConnections } from './instance-connections.js';
import { proxyProtocolV1Line } from './proxy-protocol-line.js';

export interface ClassicTcpRelayOptions {
  readonly logger?: DataPlaneLogger;
  readonly now: () => number;
  readonly random: RandomNumber;
  readonly connections: InstanceConnections;
  readonly records?: RequestRecordHub | undefined;
}

export interface ClassicTcpRelay {
  /** Relays one accepted client connection (TLS already terminated for SSL listeners). */
  handleConnection(client: Socket, loadBalancer: ClassicLoadBalancerRoute, listener: ClassicListenerRoute): void;
}

/**
 * The TCP/SSL side of a classic listener: each client connection goes, round robin, to one
 * routable instance and bytes flow both ways unchanged; an SSL listener has already terminated
 * TLS with the load balancer's certificate, and an SSL instance protocol opens TLS to the instance
 * (its certificate unchecked, as without a BackendServerAuthenticationPolicy). With the back-end
 * port's ProxyProtocol policy on, the proxy protocol v1 line goes first. Either side closing, or
 * both silent for the idle timeout [D5], closes the other. No routable instance: the client
 * connection is closed (there is no HTTP to answer with).
 */
export function createClassicTcpRelay(options: ClassicTcpRelayOptions): ClassicTcpRelay {
  const logger = options.logger ?? SILENT_LOGGER;
  const cursors = new Map<string, number>();

  function connectInstance(instance: ClassicInstanceRoute, listener: ClassicListenerRoute): Socket {
    const host = instance.host.startsWith('[') && instance.host.endsWith(']') ? instance.host.slice(1, -1) : instance.host;
    return listener.instanceProtocol === 'SSL'
      ? tlsConnect({ host, port: listener.instancePort, rejectUnauthorized: false })
      : netConnect({ host, port: listener.instancePort });
  }

  return {
    handleConnection(client, loadBalancer, listener) {
      const receivedAtMs = options.now();
      const clientIp = client.remoteAddress ?? '';
      const clientPort = client.remotePort ?? 0;
      const key = classicLoadBalancerKey(loadBalancer);
      const choice = chooseClassicInstance({
        loadBalancer,
        protocol: listener.protocol,
        cursor: cursors.get(key) ?? 0,
        inFlight: () => 0,
        random: options.random,
      });
      let receivedBytes = 0;
      let sentBytes = 0;
      // The log's three times for TCP/SSL (access-logs.md §3: `-1` only when not dispatched):
      // dispatched when the connection to the instance is up (TLS: handshake done), so bytes can
      // go to it; responded at the instance's first byte back, or at close when it sent none.
      // A connection that never reached the instance stays undispatched (`-1`, backend `-`).
      let dispatchedAtMs: number | undefined;
      let targetRespondedAtMs: number | undefined;
      let isPublished = false;
      const publish = (instance: ClassicInstanceRoute | undefined) => {
        const { records } = options;
        if (isPublished || records === undefined || !records.hasListeners()) return;
        isPublished = true;
        const completedAtMs = options.now();
        records.publish({
          ...classicRecordBase(loadBalancer, listener),
          receivedAtMs,
          dispatchedAtMs,
          targetRespondedAtMs: dispatchedAtMs === undefined ? undefined : (targetRespondedAtMs ?? completedAtMs),
          completedAtMs,
          clientIp,
          clientPort,
          target: instance === undefined || dispatchedAtMs === undefined ? undefined : { id: instance.instanceId, host: instance.host, port: listener.instancePort },
          elbStatusCode: undefined,
          targetStatusCode: undefined,
          receivedBytes,
          sentBytes,
          http: undefined,
          tls: listener.protocol === 'SSL' ? classicTlsRecord(client as TLSSocket, listener) : undefined,
          stickiness: [],
          sessionCookies: [],
        });
      };
      client.on('error', () => client.destroy());
      if (choice === undefined) {
        client.destroy();
        return publish(undefined);
      }
      cursors.set(key, choice.cursor);
      const { instance } = choice;
      const upstream = connectInstance(instance, listener);
      upstream.once(listener.instanceProtocol === 'SSL' ? 'secureConnect' : 'connect', () => (dispatchedAtMs = options.now()));
      const instanceKey = instanceConnectionKey(key, instance.instanceId);
      const untrackClient = options.connections.add(instanceKey, client);
      const untrackUpstream = options.connections.add(instanceKey, upstream);
      const idleMs = loadBalancer.idleTimeoutSeconds * 1000;
      const closeBoth = () => {
        client.destroy();
        upstream.destroy();
      };
      client.setTimeout(idleMs, closeBoth);
      upstream.setTimeout(idleMs, closeBoth);
      client.once('close', () => {
        untrackClient();
        upstream.end();
        if (upstream.destroyed) publish(instance);
      });
      upstream.once('close', () => {
        untrackUpstream();
        client.end();
        if (client.destroyed) publish(instance);
      });
      upstream.on('error', (error: Error & { code?: string }) => {
        logger.debug({ err: { message: error.message, code: error.code }, instance: instance.instanceId }, 'classic instance connection failed');
        closeBoth();
      });
      client.on('data', (chunk: Buffer) => (receivedBytes += chunk.length));
      upstream.on('data', (chunk: Buffer) => {
        targetRespondedAtMs ??= options.now();
        sentBytes += chunk.length;
      });
      if (isProxyProtocolEnabled(loadBalancer, listener.instancePort)) {
        // Destination: the load-balancer address and listener port the client connected to.
        upstream.write(
          proxyProtocolV1Line({ address: clientIp, port: clientPort }, { address: client.localAddress ?? '', port: listener.loadBalancerPort }),
        );
      }
      client.pipe(upstream);
      upstream.pipe(client);
    },
  };
}
