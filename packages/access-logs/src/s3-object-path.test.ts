import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { s3ObjectPath } from './s3-object-path.js';

const dataDir = resolve('/var/elbow-data');

describe('s3ObjectPath', () => {
  it('maps bucket and key under <data-dir>/s3/<bucket>/', () => {
    expect(s3ObjectPath(dataDir, 'logs', 'prefix/AWSLogs/1/file.log.gz')).toBe(join(dataDir, 's3', 'logs', 'prefix', 'AWSLogs', '1', 'file.log.gz'));
  });

  it('allows dot segments that stay inside the bucket', () => {
    expect(s3ObjectPath(dataDir, 'logs', 'a/../b/c')).toBe(join(dataDir, 's3', 'logs', 'b', 'c'));
  });

  it.each([
    ['a prefix climbing out with ../..', 'logs', '../../AWSLogs/1/f'],
    ['a key climbing to the bucket folder itself', 'logs', 'a/..'],
    ['an absolute key', 'logs', '/etc/passwd'],
    ['a backslash', 'logs', '..\\..\\f'],
    ['a NUL', 'logs', 'a\0b'],
    ['an empty key', 'logs', ''],
  ])('refuses %s', (_title, bucket, key) => {
    expect(s3ObjectPath(dataDir, bucket, key)).toBeUndefined();
  });

  it.each([['..'], ['.'], [''], ['a/b'], ['a\\b'], ['a\0b']])('refuses the bucket %j', (bucket) => {
    expect(s3ObjectPath(dataDir, bucket, 'key')).toBeUndefined();
  });
});
