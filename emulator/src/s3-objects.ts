import { readFileSync } from 'node:fs';
import { s3ObjectPath } from '@elbow/access-logs';
import type { ReadS3Object } from '@elbow/elbv2';

/**
 * elbow has no S3: the objects trust stores are made from (CA bundles, CRLs) are files under
 * `<data-dir>/s3/<bucket>/<key>`, in `--memory` mode too (the data directory is still where a
 * user puts them). Object versions are not modelled: any version id reads the one file. A bucket
 * or key that would climb out of its bucket's folder reads nothing (the one path rule,
 * packages/access-logs s3-object-path.ts, which access logs are written by too).
 */
export function s3ObjectReader(dataDir: string): ReadS3Object {
  return (bucket, key) => {
    const path = s3ObjectPath(dataDir, bucket, key);
    if (path === undefined) return undefined;
    try {
      return readFileSync(path);
    } catch {
      return undefined;
    }
  };
}
