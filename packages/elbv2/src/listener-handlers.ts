import type { elbv2 } from '@elbow/api-models';
import { ServiceError, validationError } from '@elbow/query-protocol';
import { actionsOutput, resolveActions } from './action-rules.js';
import { checkForwardTargets } from './action-target-groups.js';
import { isArnInScope } from './arn.js';
import { assertCertificateArn, MAX_ADDITIONAL_CERTIFICATES_PER_LOAD_BALANCER } from './certificate-rules.js';
import { elbv2Errors } from './elbv2-errors.js';
import type { SyncHandlers } from './handler-types.js';
import { scopeOf } from './handler-types.js';
import type { LoadBalancerRecord, LoadBalancerRepository } from './load-balancer-repository.js';
import { describeListenerAttributes, resolveListenerAttributeChanges } from './listener-attributes.js';
import { toListenerOutput } from './listener-output.js';
import type { ListenerRecord, ListenerRepository } from './listener-repository.js';
import { resolveListenerSettings } from './listener-settings.js';
import type { ResolvedListenerSettings } from './listener-settings.js';
import { pageOf } from './pagination.js';
import type { RuleRepository } from './rule-repository.js';
import type { Scope } from './scope.js';
import { findSslPolicy, sslPoliciesFor } from './ssl-policies.js';
import type { TagRepository } from './tag-repository.js';
import { assertTagQuota, assertValidNewTags } from './tag-rules.js';
import type { TargetGroupRepository } from './target-group-repository.js';
import type { TargetGroupUsage } from './target-group-usage.js';

export interface ListenerHandlerDependencies {
  readonly listeners: ListenerRepository;
  readonly rules: RuleRepository;
  readonly loadBalancers: LoadBalancerRepository;
  readonly targetGroups: TargetGroupRepository;
  readonly targetGroupUsage: TargetGroupUsage;
  readonly tags: TagRepository;
  readonly randomHex: (length: number) => string;
  readonly clock: (() => Date) | undefined;
}

/** "Listeners per Application Load Balancer: 50" (elbv2-validation.md §7 [D6]). */
export const MAX_LISTENERS_PER_LOAD_BALANCER = 50;
const ID_LENGTH = 16;

export type ListenerMutationName =
  | 'CreateListener'
  | 'ModifyListener'
  | 'DeleteListener'
  | 'ModifyListenerAttributes'
  | 'AddListenerCertificates'
  | 'RemoveListenerCertificates';
export type ListenerQueryName = 'DescribeListeners' | 'DescribeListenerAttributes' | 'DescribeListenerCertificates' | 'DescribeSSLPolicies';

/** `...:loadbalancer/app/<name>/<id>` → `...:listener/app/<name>/<id>/<listener-id>` (elbv2-validation.md §5). */
export function listenerArnOf(loadBalancerArn: string, id: string): string {
  return `${loadBalancerArn.replace(':loadbalancer/', ':listener/')}/${id}`;
}

/** `...:listener/app/<name>/<id>/<listener-id>` → `...:listener-rule/app/<name>/<id>/<listener-id>/<rule-id>`. */
export function ruleArnOf(listenerArn: string, id: string): string {
  return `${listenerArn.replace(':listener/', ':listener-rule/')}/${id}`;
}

export function findListener(listeners: ListenerRepository, scope: Scope, arn: string): ListenerRecord {
  if (!isArnInScope(arn, 'listener', scope)) throw elbv2Errors.invalidListenerArn(arn);
  const listener = listeners.findByArn(scope, arn);
  if (!listener) throw elbv2Errors.listenerNotFound();
  return listener;
}

function findLoadBalancer(loadBalancers: LoadBalancerRepository, scope: Scope, arn: string): LoadBalancerRecord {
  if (!isArnInScope(arn, 'loadbalancer', scope)) throw elbv2Errors.invalidLoadBalancerArn(arn);
  const loadBalancer = loadBalancers.findByArn(scope, arn);
  if (!loadBalancer) throw elbv2Errors.loadBalancerNotFound();
  return loadBalancer;
}

export function listenerMutations(deps: ListenerHandlerDependencies): SyncHandlers<ListenerMutationName> {
  const { listeners, rules, loadBalancers, tags } = deps;

  function assertTrustStore(scope: Scope, settings: ResolvedListenerSettings): void {
    const arn = settings.mutualAuthentication?.trustStoreArn;
    if (arn === undefined) return;
    if (!isArnInScope(arn, 'truststore', scope) || !listeners.hasTrustStore(scope, arn)) throw elbv2Errors.trustStoreNotFound();
  }

  return {
    CreateListener(input, context) {
      const scope = scopeOf(context);
      const loadBalancer = findLoadBalancer(loadBalancers, scope, input.LoadBalancerArn);
      const settings = resolveListenerSettings(input, loadBalancer.type);
      assertTrustStore(scope, settings);
      const resolved = resolveActions(input.DefaultActions, { loadBalancerType: loadBalancer.type, protocol: settings.protocol });
      const newTags = input.Tags ?? [];
      assertValidNewTags(newTags);
      assertTagQuota([], newTags);

      const existing =
        settings.port !== undefined
          ? listeners.findByPort(scope, loadBalancer.arn, settings.port)
          : listeners.listByLoadBalancer(scope, loadBalancer.arn)[0];
      if (existing) {
        // "If you attempt to create multiple listeners with the same settings, each call succeeds" [M1 CreateListener].
        const current = listenerView(deps, scope, existing);
        const candidate = { ...current, DefaultActions: actionsOutput(resolved.actions), ...settingsView(settings) };
        if (JSON.stringify(comparable(current)) === JSON.stringify(comparable(candidate))) return { Listeners: [current] };
        throw new ServiceError('DuplicateListener', `A listener already exists on this port for this load balancer '${loadBalancer.arn}'`);
      }
      if (listeners.countByLoadBalancer(scope, loadBalancer.arn) >= MAX_LISTENERS_PER_LOAD_BALANCER) {
        throw new ServiceError('TooManyListeners', `You've reached the limit on the number of listeners per load balancer`);
      }
      checkForwardTargets(deps, { scope, loadBalancerArn: loadBalancer.arn, loadBalancerType: loadBalancer.type, listenerProtocol: settings.protocol, ruleArn: undefined }, resolved.forward);

      const listener = listeners.insert(scope, {
        ...settings,
        arn: listenerArnOf(loadBalancer.arn, deps.randomHex(ID_LENGTH)),
        loadBalancerArn: loadBalancer.arn,
        createdAt: (deps.clock?.() ?? context.now).toISOString(),
      });
      listeners.setDefaultCertificate(scope, listener.arn, settings.certificateArn);
      rules.insert(scope, {
        arn: ruleArnOf(listener.arn, deps.randomHex(ID_LENGTH)),
        listenerArn: listener.arn,
        loadBalancerArn: loadBalancer.arn,
        priority: undefined,
        conditions: [],
        actions: resolved.actions,
        transforms: [],
        forward: resolved.forward,
      });
      tags.put(scope, listener.arn, newTags);
      return { Listeners: [listenerView(deps, scope, listener)] };
    },

    ModifyListener(input, context) {
      const scope = scopeOf(context);
      const listener = findListener(listeners, scope, input.ListenerArn);
      const loadBalancer = findLoadBalancer(loadBalancers, scope, listener.loadBalancerArn);
      const current: ResolvedListenerSettings = { ...listener, certificateArn: defaultCertificateOf(listeners, scope, listener.arn) };
      const settings = resolveListenerSettings(input, loadBalancer.type, current);
      assertTrustStore(scope, settings);
      if (settings.port !== undefined && settings.port !== listener.port) {
        const other = listeners.findByPort(scope, loadBalancer.arn, settings.port);
        if (other && other.arn !== listener.arn) {
          throw new ServiceError('DuplicateListener', `A listener already exists on this port for this load balancer '${loadBalancer.arn}'`);
        }
      }
      const defaultRule = rules.findDefault(scope, listener.arn);
      if (!defaultRule) throw new Error(`Listener '${listener.arn}' has no default rule`);
      // New actions, or the current ones re-checked against a changed protocol (an authenticate
      // action on a listener turned HTTP, a group whose protocol no longer fits).
      const resolved = resolveActions(input.DefaultActions ?? defaultRule.actions, { loadBalancerType: loadBalancer.type, protocol: settings.protocol }, defaultRule.actions);
      checkForwardTargets(deps, { scope, loadBalancerArn: loadBalancer.arn, loadBalancerType: loadBalancer.type, listenerProtocol: settings.protocol, ruleArn: defaultRule.arn }, resolved.forward);
      // Rules' actions must still fit the listener's protocol too.
      if (settings.protocol !== listener.protocol) {
        for (const rule of rules.listByListener(scope, listener.arn)) {
          if (rule.isDefault) continue;
          const ruleActions = resolveActions(rule.actions, { loadBalancerType: loadBalancer.type, protocol: settings.protocol }, rule.actions);
          checkForwardTargets(deps, { scope, loadBalancerArn: loadBalancer.arn, loadBalancerType: loadBalancer.type, listenerProtocol: settings.protocol, ruleArn: rule.arn }, ruleActions.forward);
        }
      }

      listeners.update(scope, listener.arn, settings);
      listeners.setDefaultCertificate(scope, listener.arn, settings.certificateArn);
      if (settings.certificateArn === undefined) {
        const additional = listeners.listCertificates(scope, listener.arn).map((certificate) => certificate.certificateArn);
        listeners.removeCertificates(scope, listener.arn, additional);
      }
      rules.updateDefinition(scope, defaultRule.arn, { conditions: [], actions: resolved.actions, transforms: [], forward: resolved.forward });
      return { Listeners: [listenerView(deps, scope, { ...listener, ...settings })] };
    },

    DeleteListener(input, context) {
      const scope = scopeOf(context);
      const listener = findListener(listeners, scope, input.ListenerArn);
      for (const rule of rules.listByListener(scope, listener.arn)) tags.removeAll(scope, rule.arn);
      tags.removeAll(scope, listener.arn);
      listeners.delete(scope, listener.arn);
      return {};
    },

    ModifyListenerAttributes(input, context) {
      const scope = scopeOf(context);
      const listener = findListener(listeners, scope, input.ListenerArn);
      const loadBalancer = findLoadBalancer(loadBalancers, scope, listener.loadBalancerArn);
      const changes = resolveListenerAttributeChanges(loadBalancer.type, input.Attributes);
      listeners.putAttributes(scope, listener.arn, changes);
      return { Attributes: describeListenerAttributes(loadBalancer.type, listeners.getAttributes(scope, listener.arn)) };
    },

    AddListenerCertificates(input, context) {
      const scope = scopeOf(context);
      const listener = findListener(listeners, scope, input.ListenerArn);
      const arns = input.Certificates.map((certificate) => assertCertificateArn(certificate.CertificateArn));
      const present = new Set(listeners.listCertificates(scope, listener.arn).map((certificate) => certificate.certificateArn));
      const added = [...new Set(arns)].filter((arn) => !present.has(arn));
      if (listeners.countAdditionalCertificates(scope, listener.loadBalancerArn) + added.length > MAX_ADDITIONAL_CERTIFICATES_PER_LOAD_BALANCER) {
        throw new ServiceError('TooManyCertificates', `You've reached the limit on the number of certificates per load balancer`);
      }
      listeners.addCertificates(scope, listener.arn, added);
      const byArn = new Map(listeners.listCertificates(scope, listener.arn).map((certificate) => [certificate.certificateArn, certificate]));
      return {
        Certificates: [...new Set(arns)].map((arn) => ({ CertificateArn: arn, IsDefault: byArn.get(arn)?.isDefault ?? false })),
      };
    },

    RemoveListenerCertificates(input, context) {
      const scope = scopeOf(context);
      const listener = findListener(listeners, scope, input.ListenerArn);
      const defaultArn = defaultCertificateOf(listeners, scope, listener.arn);
      const arns = input.Certificates.map((certificate) => certificate.CertificateArn ?? '');
      // [M1 RemoveListenerCertificates]: "You can't remove the default certificate for a listener";
      // wording unverified.
      if (arns.some((arn) => arn === defaultArn) || input.Certificates.some((certificate) => certificate.IsDefault === true)) {
        throw new ServiceError('OperationNotPermitted', 'The default certificate of a listener cannot be removed');
      }
      listeners.removeCertificates(scope, listener.arn, arns);
      return {};
    },
  };
}

export function listenerQueries(deps: ListenerHandlerDependencies): SyncHandlers<ListenerQueryName> {
  const { listeners, loadBalancers } = deps;
  return {
    DescribeListeners(input, context) {
      const scope = scopeOf(context);
      const arns = input.ListenerArns ?? [];
      if (input.LoadBalancerArn === undefined && arns.length === 0) {
        throw validationError('You must specify either listener ARNs or a load balancer ARN');
      }
      if (input.LoadBalancerArn !== undefined && arns.length > 0) {
        throw validationError('Listener ARNs and a load balancer ARN cannot be specified at the same time');
      }
      let found: ListenerRecord[];
      if (input.LoadBalancerArn !== undefined) {
        const loadBalancer = findLoadBalancer(loadBalancers, scope, input.LoadBalancerArn);
        found = listeners.listByLoadBalancer(scope, loadBalancer.arn);
      } else {
        const unique = new Map(arns.map((arn) => [arn, findListener(listeners, scope, arn)]));
        found = [...unique.values()].sort((a, b) => a.seq - b.seq);
      }
      const page = pageOf(found, input.Marker, input.PageSize);
      return {
        Listeners: page.items.map((listener) => listenerView(deps, scope, listener)),
        ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}),
      };
    },

    DescribeListenerAttributes(input, context) {
      const scope = scopeOf(context);
      const listener = findListener(listeners, scope, input.ListenerArn);
      const loadBalancer = findLoadBalancer(loadBalancers, scope, listener.loadBalancerArn);
      return { Attributes: describeListenerAttributes(loadBalancer.type, listeners.getAttributes(scope, listener.arn)) };
    },

    DescribeListenerCertificates(input, context) {
      const scope = scopeOf(context);
      const listener = findListener(listeners, scope, input.ListenerArn);
      const certificates = listeners.listCertificates(scope, listener.arn).map((certificate, index) => ({ ...certificate, seq: index + 1 }));
      const page = pageOf(certificates, input.Marker, input.PageSize);
      return {
        Certificates: page.items.map((certificate) => ({ CertificateArn: certificate.certificateArn, IsDefault: certificate.isDefault })),
        ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}),
      };
    },

    DescribeSSLPolicies(input) {
      const names = input.Names ?? [];
      let policies: elbv2.SslPolicy[];
      if (names.length > 0) {
        const missing = names.filter((name) => !findSslPolicy(name));
        // Wording unverified (the not-found messages of other resources name no item).
        if (missing.length > 0) throw new ServiceError('SSLPolicyNotFound', 'One or more ssl policies not found');
        const wanted = new Set(names);
        policies = sslPoliciesFor(input.LoadBalancerType).filter((policy) => wanted.has(policy.Name as string));
      } else {
        policies = sslPoliciesFor(input.LoadBalancerType);
      }
      const page = pageOf(policies.map((policy, index) => ({ policy, seq: index + 1 })), input.Marker, input.PageSize);
      return {
        SslPolicies: page.items.map((item) => structuredClone(item.policy)),
        ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}),
      };
    },
  };
}

function defaultCertificateOf(listeners: ListenerRepository, scope: Scope, listenerArn: string): string | undefined {
  return listeners.listCertificates(scope, listenerArn).find((certificate) => certificate.isDefault)?.certificateArn;
}

function listenerView(deps: ListenerHandlerDependencies, scope: Scope, listener: ListenerRecord): elbv2.Listener {
  const defaultRule = deps.rules.findDefault(scope, listener.arn);
  return toListenerOutput(listener, defaultRule?.actions ?? [], defaultCertificateOf(deps.listeners, scope, listener.arn));
}

function settingsView(settings: ResolvedListenerSettings) {
  return { Protocol: settings.protocol, Port: settings.port, SslPolicy: settings.sslPolicy, AlpnPolicy: settings.alpnPolicy && [...settings.alpnPolicy], certificate: settings.certificateArn };
}

/** What two CreateListener calls must agree on to count as the same listener. */
function comparable(listener: elbv2.Listener & { certificate?: string }) {
  return {
    Protocol: listener.Protocol,
    Port: listener.Port,
    SslPolicy: listener.SslPolicy,
    AlpnPolicy: listener.AlpnPolicy,
    certificate: listener.certificate ?? listener.Certificates?.[0]?.CertificateArn,
    DefaultActions: listener.DefaultActions,
  };
}
