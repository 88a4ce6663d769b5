import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BootstrapError } from './bootstrap-error.js';
import { loadBootstrapDocuments } from './load-bootstrap-documents.js';

const VALID = `# A load balancer forwarding to two local servers
Instances:
  - Name: web-1
    Host: 127.0.0.1
TargetGroups:
  - Name: web
    Protocol: HTTP
    Port: 8080
    Attributes:
      - Key: deregistration_delay.timeout_seconds
        Value: 5
    Targets:
      - InstanceName: web-1
        Port: 8081
      - Id: 10.0.0.7
LoadBalancers:
  - Name: my-alb
    Listeners:
      - Port: 80
        Protocol: HTTP
        DefaultActions:
          - Type: forward
            TargetGroupName: web
        Rules:
          - Priority: 10
            Conditions:
              - Field: path-pattern
                Values: ["/api/*"]
            Actions:
              - Type: fixed-response
                FixedResponseConfig: { StatusCode: "200" }
ClassicLoadBalancers:
  - LoadBalancerName: classic
    Listeners:
      - { Protocol: HTTP, LoadBalancerPort: 80, InstancePort: 8080 }
    Instances:
      - InstanceName: web-1
`;

function failureOf(text: string, fileName = 'elbow.yaml'): string {
  try {
    loadBootstrapDocuments(text, fileName);
  } catch (error) {
    if (error instanceof BootstrapError) return error.message;
    throw error;
  }
  throw new Error('expected a BootstrapError');
}

describe('loadBootstrapDocuments', () => {
  it('reads a valid YAML document as the same values', () => {
    const [document] = loadBootstrapDocuments(VALID, 'elbow.yaml');
    expect(document?.TargetGroups?.[0]?.Targets).toEqual([{ InstanceName: 'web-1', Port: 8081 }, { Id: '10.0.0.7' }]);
    expect(document?.LoadBalancers?.[0]?.Listeners?.[0]?.Rules?.[0]?.Priority).toBe(10);
    expect(document?.TargetGroups?.[0]?.Attributes).toEqual([{ Key: 'deregistration_delay.timeout_seconds', Value: 5 }]);
  });

  it('accepts the example the README points to', () => {
    const text = readFileSync(new URL('../examples/elbow.yaml', import.meta.url), 'utf8');
    expect(loadBootstrapDocuments(text, 'examples/elbow.yaml')[0]?.LoadBalancers?.[0]?.Name).toBe('my-alb');
  });

  it('reads JSON, and several YAML documents each with their own Region and AccountId', () => {
    expect(loadBootstrapDocuments('{"TargetGroups": [{"Name": "a"}]}', 'elbow.json')).toEqual([{ TargetGroups: [{ Name: 'a' }] }]);
    const documents = loadBootstrapDocuments('Region: eu-west-1\n---\nRegion: us-west-2\nAccountId: "111122223333"\n', 'two.yaml');
    expect(documents).toEqual([{ Region: 'eu-west-1' }, { Region: 'us-west-2', AccountId: '111122223333' }]);
  });

  it('treats an empty file as nothing to create', () => {
    expect(loadBootstrapDocuments('', 'empty.yaml')).toEqual([]);
    expect(loadBootstrapDocuments('# nothing yet\n', 'empty.yaml')).toEqual([]);
  });

  it('names the file, the line, the JSON path and the expected type', () => {
    const text = VALID.replace('      - Port: 80\n', '      - Port: eighty\n');
    expect(failureOf(text)).toBe('elbow.yaml:19: /LoadBalancers/0/Listeners/0/Port: must be integer');
  });

  it('names an unknown member at its own line with the members allowed there', () => {
    const text = VALID.replace('    Host: 127.0.0.1\n', '    Host: 127.0.0.1\n    Hostname: x\n');
    expect(failureOf(text)).toBe(
      'elbow.yaml:5: /Instances/0/Hostname: unknown member; expected one of Name, Host, AvailabilityZone, SubnetId, InstanceType, Tags',
    );
  });

  it('names a missing required member at the object that lacks it', () => {
    const text = VALID.replace('        DefaultActions:\n          - Type: forward\n            TargetGroupName: web\n', '');
    expect(failureOf(text)).toBe("elbow.yaml:19: /LoadBalancers/0/Listeners/0: must have required property 'DefaultActions'");
  });

  it('lists the allowed values of an enum', () => {
    const text = VALID.replace('          - Type: forward', '          - Type: forwards');
    expect(failureOf(text)).toBe(
      'elbow.yaml:22: /LoadBalancers/0/Listeners/0/DefaultActions/0/Type: must be one of forward, authenticate-oidc, authenticate-cognito, redirect, fixed-response, jwt-validation',
    );
  });

  it('says a target needs exactly one of InstanceName and Id', () => {
    const text = VALID.replace('      - Id: 10.0.0.7\n', '      - Port: 80\n');
    expect(failureOf(text)).toBe('elbow.yaml:15: /TargetGroups/0/Targets/1: must have exactly one of InstanceName, Id');
  });

  it('lists every mistake of a file, in document order', () => {
    const text = VALID.replace('    Port: 8080\n', '    Port: "8080"\n').replace('  - Name: my-alb\n', '  - Name: 7\n');
    expect(failureOf(text).split('\n')).toEqual([
      'elbow.yaml:8: /TargetGroups/0/Port: must be integer',
      'elbow.yaml:17: /LoadBalancers/0/Name: must be string',
    ]);
  });

  it('names the document of a multi-document file, and the top level as /', () => {
    expect(failureOf('Region: us-east-1\n---\nTargetGroup: []\n')).toBe(
      'elbow.yaml:3: document 2: /TargetGroup: unknown member; expected one of $schema, Region, AccountId, Instances, TargetGroups, LoadBalancers, ClassicLoadBalancers',
    );
    expect(failureOf('- 1\n')).toBe('elbow.yaml:1: /: must be object');
  });

  it('reports YAML syntax errors and duplicate keys with their line', () => {
    expect(failureOf('TargetGroups:\n  - Name: a\n  Name: b\n')).toMatch(/^elbow\.yaml:3: /);
    expect(failureOf('Region: us-east-1\nRegion: us-west-2\n')).toMatch(/^elbow\.yaml:2: Map keys must be unique/);
  });

  it('names JSON files and their lines the same way', () => {
    expect(failureOf('{\n  "TargetGroups": [\n    {"Name": "a", "Port": 0}\n  ]\n}\n', 'elbow.json')).toBe(
      'elbow.json:3: /TargetGroups/0/Port: must be >= 1',
    );
  });
});
