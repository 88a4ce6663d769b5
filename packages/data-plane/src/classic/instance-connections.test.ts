import { describe, expect, it } from 'vitest';
import { createInstanceConnections, instanceConnectionKey } from './instance-connections.js';

function closable() {
  const state = { isDestroyed: false, destroy: () => void (state.isDestroyed = true) };
  return state;
}

describe('createInstanceConnections', () => {
  it('counts connections per instance until they are untracked', () => {
    const connections = createInstanceConnections();
    const key = instanceConnectionKey('123456789012/us-east-1/lb', 'i-1');
    const untrack = connections.add(key, closable());
    connections.add(key, closable());
    expect(connections.count(key)).toBe(2);
    untrack();
    untrack();
    expect(connections.count(key)).toBe(1);
  });

  it('closes the connections of instances that left, and keeps the others', () => {
    const connections = createInstanceConnections();
    const kept = closable();
    const gone = closable();
    connections.add('lb/i-1', kept);
    connections.add('lb/i-2', gone);
    connections.closeAllExcept(new Set(['lb/i-1']));
    expect([kept.isDestroyed, gone.isDestroyed]).toEqual([false, true]);
    expect(connections.count('lb/i-2')).toBe(0);
    connections.closeAll();
    expect(kept.isDestroyed).toBe(true);
  });

  it('closes the connections whose key a predicate accepts', () => {
    const connections = createInstanceConnections();
    const kept = closable();
    const gone = closable();
    connections.add('tg/a 10.0.0.1:80', kept);
    connections.add('tg/a 10.0.0.2:80', gone);
    connections.closeMatching((key) => key.includes('10.0.0.2'));
    expect([kept.isDestroyed, gone.isDestroyed]).toEqual([false, true]);
  });
});
