import type { BalancerState } from './alb-exchange.js';
import type { TargetRoute } from './routing-config.js';

const targetKey = (target: TargetRoute) => `${target.id}:${target.port}`;

export interface InMemoryBalancerState extends BalancerState {
  /** Counts one request in flight to a target until the returned function is called (once). */
  begin(targetGroupArn: string, target: TargetRoute): () => void;
}

/**
 * Round-robin cursors and outstanding-request counts per target group, in this process's memory:
 * AWS keeps them per load-balancer node and never exposes them, so nothing needs to survive a
 * restart.
 */
export function createBalancerState(): InMemoryBalancerState {
  const cursors = new Map<string, number>();
  const outstanding = new Map<string, Map<string, number>>();
  return {
    cursor: (targetGroupArn) => cursors.get(targetGroupArn) ?? 0,
    setCursor(targetGroupArn, cursor) {
      cursors.set(targetGroupArn, cursor);
    },
    inFlight(targetGroupArn, targets) {
      const counts = outstanding.get(targetGroupArn);
      return targets.map((target) => counts?.get(targetKey(target)) ?? 0);
    },
    begin(targetGroupArn, target) {
      let counts = outstanding.get(targetGroupArn);
      if (counts === undefined) {
        counts = new Map();
        outstanding.set(targetGroupArn, counts);
      }
      const key = targetKey(target);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      let isDone = false;
      return () => {
        if (isDone) return;
        isDone = true;
        const left = (counts.get(key) ?? 1) - 1;
        if (left <= 0) counts.delete(key);
        else counts.set(key, left);
      };
    },
  };
}
