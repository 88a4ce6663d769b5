import { execFile, execFileSync } from 'node:child_process';
import type { RunningElbow } from 'elbow';

function awsCliMajorVersion(): number | undefined {
  try {
    // v1 prints its version on stderr, v2 on stdout: `aws-cli/1.45.11 Python/3.11.7 ...`
    const printed = execFileSync('aws', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return Number(/aws-cli\/(\d+)/.exec(printed)?.[1] ?? 1);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    return stderr ? Number(/aws-cli\/(\d+)/.exec(stderr)?.[1]) || undefined : undefined;
  }
}

const majorVersion = awsCliMajorVersion();

/** Whether the AWS CLI is on this machine; CLI tests say so and skip where it is not. */
export const hasAwsCli = majorVersion !== undefined;

/** The exit code the CLI uses for an error the service returned: 255 in v1, 254 in v2. */
export const SERVICE_ERROR_EXIT_CODE = majorVersion === 1 ? 255 : 254;
if (!hasAwsCli) console.warn('The AWS CLI (`aws`) is not installed here: the CLI end-to-end tests are skipped.');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `aws --endpoint-url <elbow> <args>` with throwaway credentials and no user config. */
export function aws(elbow: RunningElbow, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      'aws',
      ['--endpoint-url', elbow.endpoint, '--output', 'json', ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_ACCESS_KEY_ID: elbow.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: elbow.credentials.secretAccessKey,
          AWS_DEFAULT_REGION: elbow.region,
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_MAX_ATTEMPTS: '1',
          AWS_PAGER: '',
        },
      },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ exitCode, stdout, stderr });
      },
    );
  });
}
