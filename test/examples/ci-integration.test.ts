import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

// Example 05 (examples/05-ci-integration-test) run exactly as its README says; it needs the build
// (`npm test` builds first), since the example imports elbow as a user would: its dist.
describe('example 05: a CI integration test that starts elbow programmatically', () => {
  it('the vitest suite (globalSetup startElbow, admin snapshot/restore between tests) passes', { timeout: 120_000 }, async () => {
    const run = await runExample(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'examples/05-ci-integration-test/vitest.config.ts']);
    expect(run.stdout, run.stderr).toMatch(/Tests\s+4 passed \(4\)/);
    expect(run.exitCode).toBe(0);
  });

  it('the node:test suite (startElbow in before, snapshot()/restore() between tests) passes', { timeout: 120_000 }, async () => {
    const run = await runExample(process.execPath, ['--test', 'examples/05-ci-integration-test/load-balancers.node-test.mjs']);
    expect(run.stdout, run.stderr).toContain('# pass 2\n# fail 0');
    expect(run.exitCode).toBe(0);
  });

  it("the examples type-check against elbow's built types (dist/index.d.ts, as a user gets them)", { timeout: 120_000 }, async () => {
    const run = await runExample(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'examples/tsconfig.json']);
    expect(run.stdout + run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
  });
});
