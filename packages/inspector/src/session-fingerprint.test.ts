import { describe, expect, it } from 'vitest';
import { sessionFingerprint } from './session-fingerprint.js';

describe('sessionFingerprint', () => {
  it('is undefined for a request of no sticky session', () => {
    expect(sessionFingerprint(undefined)).toBeUndefined();
  });

  it('is ten hex characters, the same for the same session key', () => {
    const key = 'AWSALB arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/0123456789abcdef 10.0.0.1:80';
    const fingerprint = sessionFingerprint(key);
    expect(fingerprint).toMatch(/^[0-9a-f]{10}$/);
    expect(sessionFingerprint(key)).toBe(fingerprint);
  });

  it('differs between sessions', () => {
    expect(sessionFingerprint('AWSALBAPP SESSIONID=client-7')).not.toBe(sessionFingerprint('AWSALBAPP SESSIONID=client-8'));
  });
});
