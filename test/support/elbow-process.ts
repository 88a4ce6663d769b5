import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built `elbow` command of this repository (run `npm run build` first; `npm test` does). */
export const ELBOW_BIN = fileURLToPath(new URL('../../emulator/bin/elbow.js', import.meta.url));

export interface ElbowProcess {
  child: ChildProcessWithoutNullStreams;
  endpoint: string;
  readyLine: string;
  /** Sends a signal and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  stderr(): string;
}

/** Starts `elbow start <args>` as its own process and resolves on its ready line. */
export function startElbowProcess(
  args: readonly string[],
  { env = {}, cwd }: { env?: Record<string, string>; cwd?: string } = {},
): Promise<ElbowProcess> {
  const child = spawn(process.execPath, [ELBOW_BIN, 'start', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    cwd,
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`elbow did not print its ready line; stdout: ${stdout} stderr: ${stderr}`));
    }, 15_000);
    const exitedEarly = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`elbow exited with ${code} before it was ready; stderr: ${stderr}`));
    };
    child.once('exit', exitedEarly);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^elbow ready on (\S+).*$/m.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', exitedEarly);
      resolve({
        child,
        endpoint: match[1]!,
        readyLine: match[0],
        stderr: () => stderr,
        stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    });
  });
}
