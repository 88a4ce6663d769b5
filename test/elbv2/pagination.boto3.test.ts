import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';

const SCRIPT = fileURLToPath(new URL('../support/python/paginate_elbv2.py', import.meta.url));

function hasBoto3(): boolean {
  try {
    execFileSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('python3 with boto3 is not installed here: the boto3 pagination test is skipped.');
    return false;
  }
}

interface Walked {
  loadBalancers: { pages: number; names: string[] };
  targetGroups: { pages: number; names: string[] };
  rules: { pages: number; priorities: string[] };
}

describe.skipIf(!hasBoto3())('boto3 paginators against elbow', () => {
  const COUNT = 5;
  let harness: ElbowUnderTest;
  let walked: Walked;

  beforeAll(async () => {
    harness = await startElbowUnderTest();
    walked = await new Promise<Walked>((resolve, reject) => {
      execFile('python3', [SCRIPT, harness.elbow.endpoint, String(COUNT)], { env: { PATH: process.env.PATH, HOME: process.env.HOME } }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as Walked);
      });
    });
  }, 60_000);
  afterAll(async () => {
    await harness?.stop();
  });

  const names = (prefix: string) => Array.from({ length: COUNT }, (_, index) => `${prefix}-${index}`);

  it('visits every load balancer once over pages of two', () => {
    expect(walked.loadBalancers.names.sort()).toEqual(names('paged-alb'));
    expect(walked.loadBalancers.pages).toBe(Math.ceil(COUNT / 2));
  });

  it('visits every target group once over pages of two', () => {
    expect(walked.targetGroups.names.sort()).toEqual(names('paged-tg'));
    expect(walked.targetGroups.pages).toBe(Math.ceil(COUNT / 2));
  });

  it('visits every rule of the listener once, the default rule included', () => {
    const expected = [...Array.from({ length: COUNT }, (_, index) => String(index + 1)), 'default'];
    expect([...walked.rules.priorities].sort()).toEqual([...expected].sort());
    expect(walked.rules.pages).toBe(Math.ceil((COUNT + 1) / 2));
  });
});
