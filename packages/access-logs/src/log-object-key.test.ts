import { describe, expect, it } from 'vitest';
import { albLogObjectKey, classicLogObjectKey, logEndTime, randomLogString } from './log-object-key.js';

describe('access-log object keys', () => {
  it('names an ALB file as [D1]\'s example does', () => {
    const key = albLogObjectKey({
      accountId: '123456789012',
      region: 'us-east-2',
      prefix: 'prefix',
      endMs: Date.parse('2016-05-01T23:40:00Z'),
      nodeIp: '172.160.001.192',
      randomString: '20sg8hgm',
      resourceId: 'app/my-loadbalancer/1234567890abcdef',
    });
    // [D1]'s example pairs a 2016/05/01 folder with a 20140215 end time; the folder follows the end here.
    expect(key).toBe(
      'prefix/AWSLogs/123456789012/elasticloadbalancing/us-east-2/2016/05/01/123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.1234567890abcdef_20160501T2340Z_172.160.001.192_20sg8hgm.log.gz',
    );
  });

  it('names a classic file as [D2]\'s example does: the name, plain .log', () => {
    const key = classicLogObjectKey({
      accountId: '123456789012',
      region: 'us-west-2',
      prefix: 'my-app',
      endMs: Date.parse('2014-02-15T23:40:00Z'),
      nodeIp: '172.160.001.192',
      randomString: '20sg8hgm',
      loadBalancerName: 'my-loadbalancer',
    });
    expect(key).toBe(
      'my-app/AWSLogs/123456789012/elasticloadbalancing/us-west-2/2014/02/15/123456789012_elasticloadbalancing_us-west-2_my-loadbalancer_20140215T2340Z_172.160.001.192_20sg8hgm.log',
    );
  });

  it('puts logs at the bucket root without a prefix', () => {
    const key = classicLogObjectKey({ accountId: '1', region: 'r', prefix: undefined, endMs: 0, nodeIp: '127.0.0.1', randomString: 'abcdefgh', loadBalancerName: 'lb' });
    expect(key.startsWith('AWSLogs/1/elasticloadbalancing/r/1970/01/01/')).toBe(true);
  });

  it('writes the end time as YYYYMMDDTHHMMZ in UTC, and an interval ending at midnight in the new day', () => {
    expect(logEndTime(Date.parse('2014-02-15T23:40:00Z'))).toBe('20140215T2340Z');
    const key = classicLogObjectKey({ accountId: '1', region: 'r', prefix: '', endMs: Date.parse('2024-01-01T00:00:00Z'), nodeIp: 'i', randomString: 's', loadBalancerName: 'lb' });
    expect(key).toBe('AWSLogs/1/elasticloadbalancing/r/2024/01/01/1_elasticloadbalancing_r_lb_20240101T0000Z_i_s.log');
  });

  it('makes the random part 8 lowercase alphanumerics from the injected bytes', () => {
    expect(randomLogString(() => Buffer.from([0, 1, 25, 26, 35, 36, 255, 100]))).toBe('abz09ad2');
    expect(randomLogString((size) => Buffer.alloc(size, 7))).toMatch(/^[a-z0-9]{8}$/);
  });
});
