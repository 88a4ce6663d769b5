import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BootstrapError } from './bootstrap-error.js';
import { importDescribeDumps, listenerArnOfRule, type DumpFile } from './import-describe-dumps.js';
import { loadBootstrapDocuments } from './load-bootstrap-documents.js';
import { formatBootstrapDocument } from './format-bootstrap-document.js';

// A real account's dump, hand-written from the AWS CLI documentation's example outputs
// (fixtures/aws-account/SOURCES.md names the example behind each file).
const FIXTURES = fileURLToPath(new URL('../fixtures/aws-account/', import.meta.url));
const ACCOUNT_DUMP: DumpFile[] = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({ fileName: name, text: readFileSync(`${FIXTURES}${name}`, 'utf8') }));

const LB_ARN = 'arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-load-balancer/50dc6c495c0c9188';
const TG_ARN = 'arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067';

function dump(fileName: string, value: unknown): DumpFile {
  return { fileName, text: JSON.stringify(value, null, 4) };
}

describe('importDescribeDumps of a realistic account dump', () => {
  const { document, notes } = importDescribeDumps(ACCOUNT_DUMP);

  it('keeps the region of the ARNs and names target groups instead of ARNs', () => {
    expect(document.Region).toBe('us-west-2');
    expect(document.TargetGroups?.map((group) => group.Name)).toEqual(['my-targets']);
    const listeners = document.LoadBalancers?.[0]?.Listeners ?? [];
    expect(listeners.map((listener) => [listener.Port, listener.DefaultActions])).toEqual([
      [80, [{ Type: 'forward', TargetGroupName: 'my-targets' }]],
      [443, [{ Type: 'forward', TargetGroupName: 'my-targets' }]],
    ]);
  });

  it('puts the non-default rules under their listener, by priority, in the form CreateRule takes', () => {
    const rules = document.LoadBalancers?.[0]?.Listeners?.find((listener) => listener.Port === 80)?.Rules;
    expect(rules).toEqual([
      { Priority: 5, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/images/*'] } }], Actions: [{ Type: 'forward', Order: 1, TargetGroupName: 'my-targets' }] },
      {
        Priority: 10,
        Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['*.example.com'] } }],
        Actions: [{ Type: 'fixed-response', Order: 1, FixedResponseConfig: { MessageBody: 'Hello world', StatusCode: '200', ContentType: 'text/plain' } }],
      },
    ]);
  });

  it('gives each attributes dump to the one resource of its kind, and tags to their ARN', () => {
    const loadBalancer = document.LoadBalancers?.[0];
    expect(loadBalancer?.Attributes).toContainEqual({ Key: 'idle_timeout.timeout_seconds', Value: '120' });
    expect(loadBalancer?.Tags).toEqual([{ Key: 'project', Value: 'lima' }, { Key: 'department', Value: 'digital-media' }]);
    expect(document.TargetGroups?.[0]?.Attributes).toContainEqual({ Key: 'stickiness.enabled', Value: 'true' });
    expect(loadBalancer?.Subnets).toEqual(['us-west-2a', 'us-west-2b']);
  });

  it('recreates the classic load balancer with its policies, backend policies and instances named after the real ids', () => {
    const classic = document.ClassicLoadBalancers?.[0];
    expect(classic?.AvailabilityZones).toEqual(['us-west-2a']);
    expect(classic?.Listeners.map((listener) => [listener.LoadBalancerPort, listener.PolicyNames ?? []])).toEqual([
      [80, []],
      [443, ['ELBSecurityPolicy-2015-03']],
    ]);
    expect(classic?.Policies?.map((policy) => policy.PolicyName)).toEqual(['my-ProxyProtocol-policy', 'my-app-cookie-policy', 'my-duration-cookie-policy', 'ELBSecurityPolicy-2015-03']);
    expect(classic?.BackendServerPolicies).toEqual([{ InstancePort: 80, PolicyNames: ['my-ProxyProtocol-policy'] }]);
    expect(classic?.Instances).toEqual([{ InstanceName: 'i-207d9717' }, { InstanceName: 'i-afefb49b' }]);
    expect(document.Instances).toEqual([{ Name: 'i-207d9717' }, { Name: 'i-afefb49b' }]);
    expect(classic?.LoadBalancerAttributes?.ConnectionSettings).toEqual({ IdleTimeout: 30 });
  });

  it('says on its notes each thing of the real account it mapped or left out', () => {
    expect(notes).toEqual([
      'TargetGroups/my-targets: VPC vpc-3ac0fb5f → the default VPC',
      'LoadBalancers/my-load-balancer: subnet subnet-8360a9e7 → the default subnet in us-west-2a',
      'LoadBalancers/my-load-balancer: subnet subnet-b7d581c0 → the default subnet in us-west-2b',
      "LoadBalancers/my-load-balancer: security groups sg-5943793c → the default VPC's default group",
      'ClassicLoadBalancers/my-load-balancer: policy ELBSecurityPolicy-2015-03 recreated by reference to the predefined policy',
      'ClassicLoadBalancers/my-load-balancer: policy my-PublicKey-policy left out: no describe-load-balancer-policies output describes it',
      'ClassicLoadBalancers/my-load-balancer: policy my-authentication-policy left out: no describe-load-balancer-policies output describes it',
      'ClassicLoadBalancers/my-load-balancer: policy my-SSLNegotiation-policy left out: no describe-load-balancer-policies output describes it',
      'ClassicLoadBalancers/my-load-balancer: subnets subnet-15aaab61 → the default subnets in us-west-2a',
      "ClassicLoadBalancers/my-load-balancer: security groups sg-a61988c3 → the default VPC's default group",
      'ClassicLoadBalancers/my-load-balancer: instance i-207d9717 → a local instance named i-207d9717 (host 127.0.0.1; set Host to reach your server)',
      'ClassicLoadBalancers/my-load-balancer: instance i-afefb49b → a local instance named i-afefb49b (host 127.0.0.1; set Host to reach your server)',
    ]);
  });

  it('writes a document the published schema accepts', () => {
    expect(loadBootstrapDocuments(formatBootstrapDocument(document, 'yaml'), 'imported.yaml')).toEqual([document]);
  });
});

describe('importDescribeDumps edge cases', () => {
  const targetGroups = (names: string[]) =>
    dump('tgs.json', { TargetGroups: names.map((name, index) => ({ TargetGroupArn: `${TG_ARN.replace('my-targets', name).slice(0, -1)}${index}`, TargetGroupName: name, Protocol: 'HTTP', Port: 80 })) });
  const attributes = { Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }] };

  it('asks for the owner ARN when an attributes dump could belong to several resources', () => {
    expect(() => importDescribeDumps([targetGroups(['a', 'b']), dump('attrs.json', attributes)])).toThrow(
      `attrs.json: these target group attributes could belong to any of the 2 dumped; add "TargetGroupArn": "<arn>" beside "Attributes" (e.g. jq '. + {TargetGroupArn: "<arn>"}')`,
    );
  });

  it('takes the owner ARN an attributes dump carries', () => {
    const groups = targetGroups(['a', 'b']);
    const arnOfB = (JSON.parse(groups.text) as { TargetGroups: Array<{ TargetGroupArn: string }> }).TargetGroups[1]?.TargetGroupArn;
    const { document } = importDescribeDumps([groups, dump('attrs.json', { ...attributes, TargetGroupArn: arnOfB })]);
    expect(document.TargetGroups?.map((group) => group.Attributes)).toEqual([undefined, [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]]);
  });

  it('gives a listener attributes dump (describe-listener-attributes) to the one listener dumped', () => {
    const listenerArn = `${LB_ARN.replace(':loadbalancer/', ':listener/')}/f2f7dc8efc522ab2`;
    const listeners = { Listeners: [{ Port: 80, Protocol: 'HTTP', LoadBalancerArn: LB_ARN, ListenerArn: listenerArn, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }] }] };
    const loadBalancers = { LoadBalancers: [{ LoadBalancerArn: LB_ARN, LoadBalancerName: 'lb', Type: 'application', AvailabilityZones: [] }] };
    const attributes = { Attributes: [{ Key: 'routing.http.response.server.enabled', Value: 'false' }] };
    const { document } = importDescribeDumps([dump('all.json', loadBalancers), dump('listeners.json', listeners), dump('listener-attributes.json', attributes)]);
    expect(document.LoadBalancers?.[0]?.Listeners?.[0]?.Attributes).toEqual([{ Key: 'routing.http.response.server.enabled', Value: 'false' }]);
    expect(document.LoadBalancers?.[0]?.Attributes).toBeUndefined();
  });

  it('rejects output it does not recognise, naming the file and the member', () => {
    expect(() => importDescribeDumps([dump('health.json', { TargetHealthDescriptions: [] })])).toThrow(/^health\.json: unrecognised top-level member 'TargetHealthDescriptions'; expected one of LoadBalancers \(aws elbv2 describe-load-balancers\), /);
    expect(() => importDescribeDumps([dump('names.json', ['my-targets'])])).toThrow('names.json: expected the JSON object an aws describe-* command prints, found an array (drop --query)');
    expect(() => importDescribeDumps([{ fileName: 'empty.json', text: '  \n' }])).toThrow('empty.json: empty; expected the JSON an aws describe-* command prints');
  });

  it('refuses members of the wrong shape, naming the file and the member path (shapes of the AWS model)', () => {
    const refused = (content: unknown) => () => importDescribeDumps([dump('bad.json', content)]);
    expect(refused({ LoadBalancers: [null] })).toThrow(new BootstrapError('bad.json: LoadBalancers[0] must be an object, found null'));
    expect(refused({ LoadBalancers: 'x' })).toThrow(new BootstrapError('bad.json: LoadBalancers must be a list, found the string "x"'));
    expect(refused({ LoadBalancerDescriptions: [{ ListenerDescriptions: 'x' }] })).toThrow(
      new BootstrapError('bad.json: LoadBalancerDescriptions[0].ListenerDescriptions must be a list, found the string "x"'),
    );
    expect(refused({ Rules: [{ Priority: '1', Actions: [{ Type: 7 }] }] })).toThrow(new BootstrapError('bad.json: Rules[0].Actions[0].Type must be a string, found number 7'));
    expect(refused({ LoadBalancerAttributes: [] })).toThrow(new BootstrapError('bad.json: LoadBalancerAttributes must be an object, found a list'));
    expect(refused({ Attributes: [], LoadBalancerArn: 5 })).toThrow(new BootstrapError('bad.json: LoadBalancerArn must be a string, found number 5'));
  });

  it('names a target group an action forwards to but no dump describes', () => {
    const listeners = { Listeners: [{ Port: 80, Protocol: 'HTTP', LoadBalancerArn: LB_ARN, ListenerArn: `${LB_ARN.replace(':loadbalancer/', ':listener/')}/f2f7dc8efc522ab2`, DefaultActions: [{ Type: 'forward', TargetGroupArn: TG_ARN }] }] };
    const loadBalancers = { LoadBalancers: [{ LoadBalancerArn: LB_ARN, LoadBalancerName: 'my-load-balancer', Type: 'application', AvailabilityZones: [] }] };
    expect(() => importDescribeDumps([dump('lbs.json', loadBalancers), dump('listeners.json', listeners)])).toThrow(
      `the dumps name target group ${TG_ARN} but hold no describe-target-groups output for it`,
    );
  });

  it('maps a zone the local region lacks to the next unused one, and says so', () => {
    const loadBalancers = {
      LoadBalancers: [{ LoadBalancerArn: LB_ARN, LoadBalancerName: 'lb', Type: 'application', AvailabilityZones: [{ ZoneName: 'us-west-2a', SubnetId: 'subnet-1' }, { ZoneName: 'us-west-2z', SubnetId: 'subnet-2' }] }],
    };
    const { document, notes } = importDescribeDumps([dump('lbs.json', loadBalancers)]);
    expect(document.LoadBalancers?.[0]?.Subnets).toEqual(['us-west-2a', 'us-west-2b']);
    expect(notes).toContain('LoadBalancers/lb: zone us-west-2z → us-west-2b (the region has no us-west-2z locally)');
  });
});

describe('listenerArnOfRule', () => {
  it('drops the rule id and names the listener (ARN formats of describe-rules.rst and describe-listeners.rst)', () => {
    expect(listenerArnOfRule('arn:aws:elasticloadbalancing:us-west-2:123456789012:listener-rule/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee')).toBe(
      'arn:aws:elasticloadbalancing:us-west-2:123456789012:listener/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2',
    );
  });
});
