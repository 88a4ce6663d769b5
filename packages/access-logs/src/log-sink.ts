import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { s3ObjectPath } from './s3-object-path.js';

/** Where finished access-log objects go. */
export interface LogSink {
  put(bucket: string, key: string, body: Buffer): Promise<void>;
  close?(): void;
}

/** Files under `<data-dir>/s3/<bucket>/<key>`; a bucket or key that would leave that folder is refused. */
export function localFileSink(dataDir: string): LogSink {
  return {
    async put(bucket, key, body) {
      const path = s3ObjectPath(dataDir, bucket, key);
      if (path === undefined) throw new Error(`access log not written: bucket '${bucket}' and key '${key}' would leave <data-dir>/s3/${bucket}`);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, body);
    },
  };
}

export interface S3SinkOptions {
  /** `--s3-endpoint`, e.g. `http://127.0.0.1:5000`. */
  readonly endpoint: string;
  readonly region: string;
  /** Defaults to the SDK's chain; an S3-compatible test store accepts any. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** PutObject to an S3-compatible store, path-style (`<endpoint>/<bucket>/<key>`, as local stores serve it). */
export function s3Sink(options: S3SinkOptions): LogSink {
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: true,
    maxAttempts: 2,
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
  return {
    async put(bucket, key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    close() {
      client.destroy();
    },
  };
}
