import { isAbsolute, join, resolve, sep } from 'node:path';

/**
 * Where `<bucket>/<key>` lives on disk: `<data-dir>/s3/<bucket>/<key>`. elbow has no S3 of its
 * own; trust-store objects are read (emulator s3-objects.ts) and access logs written here. One
 * rule for both: a bucket that is not one plain folder name, a key that is absolute, holds a
 * backslash or NUL, or would resolve outside its bucket's folder has no path (undefined), so
 * nothing is ever read or written outside `<data-dir>/s3/<bucket>` (issue 7 "bad input").
 */
export function s3ObjectPath(dataDir: string, bucket: string, key: string): string | undefined {
  if (!bucket || bucket === '.' || bucket === '..' || /[/\\\0]/.test(bucket)) return undefined;
  if (!key || key.includes('\0') || key.includes('\\') || key.startsWith('/') || isAbsolute(key)) return undefined;
  const bucketDir = join(resolve(dataDir, 's3'), bucket);
  const path = resolve(bucketDir, key);
  return path.startsWith(bucketDir + sep) ? path : undefined;
}
