import { spawn } from 'node:child_process';

export interface MotoS3 {
  /** `http://127.0.0.1:<port>`, for `--s3-endpoint` and an S3 client with forcePathStyle. */
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * moto's standalone server (`moto_server`, installed on every machine) as an S3-compatible
 * store, on a port the OS picks: the server prints the address it bound, which is read here
 * (no port is probed and reused).
 */
export function startMotoS3(): Promise<MotoS3> {
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`moto_server did not start: ${output}`));
    }, 20_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      resolve({
        endpoint: match[1] ?? '',
        stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}
