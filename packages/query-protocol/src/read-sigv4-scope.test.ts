import { describe, expect, it } from 'vitest';
import { readSigV4Scope } from './read-sigv4-scope.js';

const none = new Map<string, string>();

describe('readSigV4Scope', () => {
  it('reads the access key and region from the Authorization header', () => {
    expect(
      readSigV4Scope(
        {
          authorization:
            'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/us-west-2/elasticloadbalancing/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc',
        },
        none,
      ),
    ).toEqual({ accessKeyId: 'AKIDEXAMPLE', region: 'us-west-2' });
  });

  it('reads the X-Amz-Credential query parameter of a presigned request', () => {
    expect(
      readSigV4Scope({}, new Map([['X-Amz-Credential', 'AKID2/20261121/eu-central-1/elasticloadbalancing/aws4_request']])),
    ).toEqual({ accessKeyId: 'AKID2', region: 'eu-central-1' });
  });

  it('returns undefined for unsigned requests and unreadable scopes', () => {
    expect(readSigV4Scope({}, none)).toBeUndefined();
    expect(readSigV4Scope({ authorization: 'AWS AKID:signature' }, none)).toBeUndefined();
    expect(readSigV4Scope({ authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20261121/us-west-2' }, none)).toBeUndefined();
  });

  it('takes the first of repeated Authorization headers', () => {
    expect(
      readSigV4Scope({ authorization: ['AWS4-HMAC-SHA256 Credential=A/d/r1/s/aws4_request', 'AWS4-HMAC-SHA256 Credential=B/d/r2/s/aws4_request'] }, none),
    ).toEqual({ accessKeyId: 'A', region: 'r1' });
  });
});
