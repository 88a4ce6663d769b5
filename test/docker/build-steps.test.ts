import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExample, type ExampleRun } from '../examples/run-example.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The Docker build context: the repository's files (tracked, or new and not ignored) less what
 * .dockerignore leaves out. Its patterns here are `**\/<name>` (that name anywhere) and `<path>`
 * (that top-level path); the test fails on any other form, so the two files cannot drift apart.
 */
function buildContextFiles(): string[] {
  const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const matchers = patterns.map((pattern) => {
    if (pattern.startsWith('**/') && !pattern.slice(3).includes('/')) {
      const name = pattern.slice(3);
      return (path: string) => path.split('/').includes(name);
    }
    if (!pattern.includes('*')) return (path: string) => path === pattern || path.startsWith(`${pattern}/`);
    throw new Error(`.dockerignore pattern '${pattern}' has a form this test does not read`);
  });
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  return files.filter((path) => existsSync(join(ROOT, path)) && !matchers.some((matches) => matches(path)));
}

/** Where turbo keeps its cache for this checkout (shared by git worktrees), so built packages are not built again. */
function turboCacheDir(): string {
  const commonDir = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: ROOT, encoding: 'utf8' }).trim();
  return join(dirname(commonDir), '.turbo', 'cache');
}

// Issue 8: Docker does not run on our machines, so CI runs the Dockerfile's build steps
// (emulator/docker/build.sh, which the build stage RUNs) on the host, in a copy of the build
// context, and starts elbow from the runtime directory they assemble, as the image would.
describe('the Docker build steps, run on the host', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'elbow-docker-build-'));
  const contextDir = join(workDir, 'context');
  const runtimeDir = join(workDir, 'runtime');
  let build: ExampleRun;

  beforeAll(async () => {
    for (const path of buildContextFiles()) {
      mkdirSync(dirname(join(contextDir, path)), { recursive: true });
      cpSync(join(ROOT, path), join(contextDir, path));
    }
    // The same steps, with three settings for the host: npm takes packages from its cache when it
    // has them (the checkout's own install filled it); better-sqlite3 compiles at once instead of
    // first waiting for a prebuilt binary these machines cannot download (an image build on a
    // connected machine gets the prebuilt one); turbo reuses the checkout's build outputs, which
    // have the same inputs.
    build = await runExample(
      'bash',
      ['emulator/docker/build.sh', runtimeDir],
      { npm_config_prefer_offline: 'true', npm_config_build_from_source: 'true', TURBO_CACHE_DIR: turboCacheDir() },
      900_000,
      contextDir,
    );
  }, 900_000);
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('succeed', () => {
    expect(build.exitCode, build.stdout + build.stderr).toBe(0);
    expect(build.stdout).toContain(`runtime assembled in ${runtimeDir}`);
  });

  it('leave only what runs: package.json, dist, bin and models, production node_modules, no sources or tests', () => {
    expect(readdirSync(runtimeDir).sort()).toEqual(['api-models', 'emulator', 'node_modules', 'package.json', 'packages']);
    expect(readdirSync(join(runtimeDir, 'emulator')).sort()).toEqual(['bin', 'dist', 'package.json']);
    expect(readdirSync(join(runtimeDir, 'api-models')).sort()).toEqual(['dist', 'models', 'package.json']);
    // Each package keeps its package.json and what its manifest's "files" names: dist, and what it
    // reads at run time (the bootstrap schema, the inspector's page), nothing else.
    for (const name of readdirSync(join(runtimeDir, 'packages'))) {
      const manifest = JSON.parse(readFileSync(join(runtimeDir, 'packages', name, 'package.json'), 'utf8')) as { files?: string[] };
      expect(manifest.files, name).toContain('dist');
      expect(readdirSync(join(runtimeDir, 'packages', name)).filter((entry) => entry !== 'node_modules').sort(), name).toEqual(['package.json', ...(manifest.files ?? [])].sort());
    }
    expect(existsSync(join(runtimeDir, 'packages', 'bootstrap', 'schema', 'elbow-config.schema.json'))).toBe(true);
    // The AWS SDK clients run in production (`--config` applies through them); test-only packages do not.
    for (const devOnly of ['typescript', 'vitest', 'turbo', 'eslint', 'playwright-core', '@elbow/e2e']) {
      expect(existsSync(join(runtimeDir, 'node_modules', devOnly)), devOnly).toBe(false);
    }
    expect(existsSync(join(runtimeDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
  });

  it("start elbow from the runtime directory as the image's entrypoint does, answering /_elbow/health and the API", async () => {
    // The image's environment (ENV in emulator/Dockerfile), with a free port and a throwaway data dir.
    const dataDir = join(workDir, 'data');
    const child = spawn(process.execPath, [join(runtimeDir, 'emulator', 'bin', 'elbow.js'), 'start'], {
      cwd: '/',
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ELBOW_HOST: '0.0.0.0', ELBOW_LISTENER_HOST: '0.0.0.0', ELBOW_PORT: '0', ELBOW_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const readyLine = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const line = /^elbow ready on .*$/m.exec(output)?.[0];
          if (line) resolve(line);
        });
        child.once('exit', (code) => reject(new Error(`elbow exited with ${code}: ${output}`)));
      });
      expect(readyLine).toContain(`state ${join(dataDir, 'elbow.sqlite')}`);
      const endpoint = /on (\S+)/.exec(readyLine)?.[1] ?? '';
      expect(await (await fetch(`${endpoint}/_elbow/health`)).json()).toEqual({ status: 'ready' });
      const described = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=DescribeTargetGroups&Version=2015-12-01',
      });
      expect(described.status).toBe(200);
      expect(await described.text()).toContain('<DescribeTargetGroupsResponse');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
