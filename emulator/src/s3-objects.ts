import { readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { ReadS3Object } from '@elbow/elbv2';

/**
 * elbow has no S3: the objects trust stores are made from (CA bundles, CRLs) are files under
 * `<data-dir>/s3/<bucket>/<key>`, in `--memory` mode too (the data directory is still where a
 * user puts them). Object versions are not modelled: any version id reads the one file. A key
 * that would climb out of its bucket's folder reads nothing.
 */
export function s3ObjectReader(dataDir: string): ReadS3Object {
  const root = resolve(dataDir, 's3');
  return (bucket, key) => {
    if (!bucket || !key || bucket.includes('/') || bucket === '.' || bucket === '..') return undefined;
    const bucketDir = join(root, bucket);
    const path = resolve(bucketDir, key);
    if (!path.startsWith(bucketDir + sep)) return undefined;
    try {
      return readFileSync(path);
    } catch {
      return undefined;
    }
  };
}
