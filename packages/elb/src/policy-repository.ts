import type { Database } from 'better-sqlite3';
import type { Scope } from './handler-types.js';
import type { PolicyRecord } from './policy-types.js';

/** A load balancer's policies, and the ordered policy lists of its listeners and back-end ports. */
export interface ClassicPolicyRepository {
  /** In creation order. */
  list(scope: Scope, loadBalancerName: string): PolicyRecord[];
  find(scope: Scope, loadBalancerName: string, policyName: string): PolicyRecord | undefined;
  insert(scope: Scope, loadBalancerName: string, policy: PolicyRecord): void;
  delete(scope: Scope, loadBalancerName: string, policyName: string): void;
  /** Port → policy names, for every listener that has any. */
  listenerPolicies(scope: Scope, loadBalancerName: string): Map<number, string[]>;
  setListenerPolicies(scope: Scope, loadBalancerName: string, port: number, policyNames: readonly string[]): void;
  /** Instance port → policy names, in port order. */
  backendPolicies(scope: Scope, loadBalancerName: string): Map<number, string[]>;
  setBackendPolicies(scope: Scope, loadBalancerName: string, instancePort: number, policyNames: readonly string[]): void;
  /** Whether a listener or back-end port enables it. */
  isInUse(scope: Scope, loadBalancerName: string, policyName: string): boolean;
}

const KEY = 'account_id = ? AND region = ? AND load_balancer_name = ?';

export function createClassicPolicyRepository(db: Database): ClassicPolicyRepository {
  const selectPolicies = db.prepare<[string, string, string], { policy_name: string; policy_type_name: string }>(
    `SELECT policy_name, policy_type_name FROM classic_policies WHERE ${KEY} ORDER BY seq`,
  );
  const selectPolicy = db.prepare<[string, string, string, string], { policy_name: string; policy_type_name: string }>(
    `SELECT policy_name, policy_type_name FROM classic_policies WHERE ${KEY} AND policy_name = ?`,
  );
  const selectAttributes = db.prepare<[string, string, string], { policy_name: string; attribute_name: string; attribute_value: string }>(
    `SELECT policy_name, attribute_name, attribute_value FROM classic_policy_attributes WHERE ${KEY} ORDER BY policy_name, position`,
  );
  const selectPolicyAttributes = db.prepare<[string, string, string, string], { attribute_name: string; attribute_value: string }>(
    `SELECT attribute_name, attribute_value FROM classic_policy_attributes WHERE ${KEY} AND policy_name = ? ORDER BY position`,
  );
  const insertPolicy = db.prepare(`INSERT INTO classic_policies (account_id, region, load_balancer_name, policy_name, policy_type_name) VALUES (?, ?, ?, ?, ?)`);
  const insertAttribute = db.prepare(`
    INSERT INTO classic_policy_attributes (account_id, region, load_balancer_name, policy_name, position, attribute_name, attribute_value)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const deletePolicy = db.prepare(`DELETE FROM classic_policies WHERE ${KEY} AND policy_name = ?`);
  const selectListenerPolicies = db.prepare<[string, string, string], { load_balancer_port: number; policy_name: string }>(
    `SELECT load_balancer_port, policy_name FROM classic_listener_policies WHERE ${KEY} ORDER BY load_balancer_port, position`,
  );
  const deleteListenerPolicies = db.prepare(`DELETE FROM classic_listener_policies WHERE ${KEY} AND load_balancer_port = ?`);
  const insertListenerPolicy = db.prepare(
    `INSERT INTO classic_listener_policies (account_id, region, load_balancer_name, load_balancer_port, position, policy_name) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const selectBackendPolicies = db.prepare<[string, string, string], { instance_port: number; policy_name: string }>(
    `SELECT instance_port, policy_name FROM classic_backend_server_policies WHERE ${KEY} ORDER BY instance_port, position`,
  );
  const deleteBackendPolicies = db.prepare(`DELETE FROM classic_backend_server_policies WHERE ${KEY} AND instance_port = ?`);
  const insertBackendPolicy = db.prepare(
    `INSERT INTO classic_backend_server_policies (account_id, region, load_balancer_name, instance_port, position, policy_name) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const countUses = db
    .prepare<[string, string, string, string, string, string, string, string], number>(`
      SELECT (SELECT count(*) FROM classic_listener_policies WHERE ${KEY} AND policy_name = ?)
           + (SELECT count(*) FROM classic_backend_server_policies WHERE ${KEY} AND policy_name = ?)`)
    .pluck();

  function grouped<K>(rows: ReadonlyArray<{ key: K; policy: string }>): Map<K, string[]> {
    const map = new Map<K, string[]>();
    for (const { key, policy } of rows) {
      const list = map.get(key) ?? [];
      list.push(policy);
      map.set(key, list);
    }
    return map;
  }

  return {
    list(scope, name) {
      const attributes = new Map<string, Array<{ name: string; value: string }>>();
      for (const row of selectAttributes.all(scope.accountId, scope.region, name)) {
        const list = attributes.get(row.policy_name) ?? [];
        list.push({ name: row.attribute_name, value: row.attribute_value });
        attributes.set(row.policy_name, list);
      }
      return selectPolicies.all(scope.accountId, scope.region, name).map((row) => ({
        policyName: row.policy_name,
        policyTypeName: row.policy_type_name,
        attributes: attributes.get(row.policy_name) ?? [],
      }));
    },
    find(scope, name, policyName) {
      const row = selectPolicy.get(scope.accountId, scope.region, name, policyName);
      if (!row) return undefined;
      const attributes = selectPolicyAttributes.all(scope.accountId, scope.region, name, policyName).map((attribute) => ({
        name: attribute.attribute_name,
        value: attribute.attribute_value,
      }));
      return { policyName: row.policy_name, policyTypeName: row.policy_type_name, attributes };
    },
    insert(scope, name, policy) {
      insertPolicy.run(scope.accountId, scope.region, name, policy.policyName, policy.policyTypeName);
      policy.attributes.forEach((attribute, position) =>
        insertAttribute.run(scope.accountId, scope.region, name, policy.policyName, position, attribute.name, attribute.value),
      );
    },
    delete(scope, name, policyName) {
      deletePolicy.run(scope.accountId, scope.region, name, policyName);
    },
    listenerPolicies(scope, name) {
      return grouped(selectListenerPolicies.all(scope.accountId, scope.region, name).map((row) => ({ key: row.load_balancer_port, policy: row.policy_name })));
    },
    setListenerPolicies(scope, name, port, policyNames) {
      deleteListenerPolicies.run(scope.accountId, scope.region, name, port);
      policyNames.forEach((policyName, position) => insertListenerPolicy.run(scope.accountId, scope.region, name, port, position, policyName));
    },
    backendPolicies(scope, name) {
      return grouped(selectBackendPolicies.all(scope.accountId, scope.region, name).map((row) => ({ key: row.instance_port, policy: row.policy_name })));
    },
    setBackendPolicies(scope, name, instancePort, policyNames) {
      deleteBackendPolicies.run(scope.accountId, scope.region, name, instancePort);
      policyNames.forEach((policyName, position) => insertBackendPolicy.run(scope.accountId, scope.region, name, instancePort, position, policyName));
    },
    isInUse(scope, name, policyName) {
      return (countUses.get(scope.accountId, scope.region, name, policyName, scope.accountId, scope.region, name, policyName) ?? 0) > 0;
    },
  };
}
