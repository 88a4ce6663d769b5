import { spawn } from 'node:child_process';
import { ELBOW_BIN } from '../support/elbow-process.js';

export interface ElbowRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `elbow <args>` to its end (import, export, or a start that fails). */
export function runElbow(args: readonly string[], { cwd }: { cwd?: string } = {}): Promise<ElbowRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ELBOW_BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '' }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
