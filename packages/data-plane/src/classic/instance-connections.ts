/** Anything that can be cut: a socket, a request to an instance. */
export interface Closable {
  destroy(): void;
}

/**
 * The open connections (and in-flight requests) of each instance, by `instanceConnectionKey`:
 * least outstanding requests counts them, and when an instance leaves the snapshot
 * (deregistered, or its connection-draining time is over) the ones left are closed.
 */
export interface InstanceConnections {
  /** Tracks `connection` until the returned function is called (once is enough). */
  add(key: string, connection: Closable): () => void;
  count(key: string): number;
  /** Closes every connection of instances whose key is not in `liveKeys`. */
  closeAllExcept(liveKeys: ReadonlySet<string>): void;
  /** Closes every connection whose key `isMatch` accepts (the ALB's targets whose drain ended). */
  closeMatching(isMatch: (key: string) => boolean): void;
  closeAll(): void;
}

export function instanceConnectionKey(loadBalancerKey: string, instanceId: string): string {
  return `${loadBalancerKey}/${instanceId}`;
}

export function createInstanceConnections(): InstanceConnections {
  const byKey = new Map<string, Set<Closable>>();
  const close = (key: string) => {
    const connections = byKey.get(key);
    byKey.delete(key);
    for (const connection of connections ?? []) connection.destroy();
  };
  return {
    add(key, connection) {
      let connections = byKey.get(key);
      if (connections === undefined) {
        connections = new Set();
        byKey.set(key, connections);
      }
      connections.add(connection);
      return () => {
        const current = byKey.get(key);
        if (current === undefined) return;
        current.delete(connection);
        if (current.size === 0) byKey.delete(key);
      };
    },
    count: (key) => byKey.get(key)?.size ?? 0,
    closeAllExcept(liveKeys) {
      for (const key of [...byKey.keys()]) if (!liveKeys.has(key)) close(key);
    },
    closeMatching(isMatch) {
      for (const key of [...byKey.keys()]) if (isMatch(key)) close(key);
    },
    closeAll() {
      for (const key of [...byKey.keys()]) close(key);
    },
  };
}
