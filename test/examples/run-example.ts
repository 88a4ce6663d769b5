import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where the examples' commands are run from (as their READMEs say). */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ExampleRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs an example's command from the repository root as a user would: a clean environment (PATH
 * and HOME only, so nothing of this vitest run leaks into a nested one), no AWS configuration,
 * no colours in the output.
 */
export function runExample(command: string, args: readonly string[], env: Record<string, string> = {}, timeoutMs = 120_000, cwd = REPOSITORY_ROOT): Promise<ExampleRun> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd,
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', NO_COLOR: '1', ...env },
      },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ exitCode, stdout, stderr });
      },
    );
  });
}
