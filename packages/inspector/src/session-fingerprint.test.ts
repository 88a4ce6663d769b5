import { describe, expect, it } from 'vitest';
import { sessionFingerprint } from './session-fingerprint.js';

describe('sessionFingerprint', () => {
  it('is undefined when no sticky cookie was presented', () => {
    expect(sessionFingerprint([])).toBeUndefined();
  });

  it('is ten hex characters, the same for the same cookies in any order', () => {
    const fingerprint = sessionFingerprint(['AWSALB=abc', 'AWSALBTG=def']);
    expect(fingerprint).toMatch(/^[0-9a-f]{10}$/);
    expect(sessionFingerprint(['AWSALBTG=def', 'AWSALB=abc'])).toBe(fingerprint);
  });

  it('differs when a cookie value differs', () => {
    expect(sessionFingerprint(['AWSALB=abc'])).not.toBe(sessionFingerprint(['AWSALB=abd']));
  });

  it("follows the application's own cookie and ignores the resealed AWSALB* values beside it", () => {
    const first = sessionFingerprint(['AWSALBAPP-0=first-seal', 'SESSIONID=client-7']);
    const second = sessionFingerprint(['AWSALBAPP-0=second-seal', 'SESSIONID=client-7']);
    expect(first).toBe(second);
    expect(first).toBe(sessionFingerprint(['SESSIONID=client-7']));
    expect(first).not.toBe(sessionFingerprint(['SESSIONID=client-8']));
  });

  it('takes a cookie without "=" as a name-less value', () => {
    expect(sessionFingerprint(['opaque'])).toMatch(/^[0-9a-f]{10}$/);
  });
});
