import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { startElbow, type ElbowOptions, type RunningElbow } from 'elbow';

export interface ElbowUnderTest {
  elbow: RunningElbow;
  elbv2: ElasticLoadBalancingV2Client;
  /** Sends a raw Query request, as a hand-rolled client would, and returns status, headers and body. */
  post(body: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: string }>;
  stop(): Promise<void>;
}

/** The one way e2e tests start elbow: in this process, port 0, in memory unless told otherwise. */
export async function startElbowUnderTest(options: Partial<ElbowOptions> = {}): Promise<ElbowUnderTest> {
  const elbow = await startElbow({ port: 0, memory: true, logLevel: 'silent', ...options });
  const elbv2 = new ElasticLoadBalancingV2Client({
    endpoint: elbow.endpoint,
    region: elbow.region,
    credentials: elbow.credentials,
    maxAttempts: 1,
  });
  return {
    elbow,
    elbv2,
    async post(body, headers = {}) {
      const response = await fetch(elbow.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
        body,
      });
      return { status: response.status, headers: response.headers, body: await response.text() };
    },
    async stop() {
      elbv2.destroy();
      await elbow.stop();
    },
  };
}

/** The Code, Message and Type of an AWS XML error body. */
export function parseErrorXml(body: string): { type?: string; code?: string; message?: string; requestId?: string } {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  const decode = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => entities[name] ?? '');
  const pick = (tag: string) => {
    const text = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(body)?.[1];
    return text === undefined ? undefined : decode(text);
  };
  return { type: pick('Type'), code: pick('Code'), message: pick('Message'), requestId: pick('RequestId') };
}

export const ELBV2_VERSION = '2015-12-01';

/** A form body from ordered pairs, encoded as the AWS SDKs do. */
export function formBody(pairs: Record<string, string>): string {
  return Object.entries(pairs)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}
