import type { ViteUserConfig } from 'vitest/config';

// Workspace packages export "development" -> src/*.ts, so tests run on sources without a build;
// Node at run time takes "default" -> dist/*.js. No `module` condition: the AWS SDK maps it to its
// dist-es build, which Node's ESM loader cannot run (extensionless relative imports).
const conditions = ['development', 'node', 'import', 'default'];

export const sharedTestConfig: ViteUserConfig = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    // Each package also writes a JSON report (a turbo output, so cached runs restore it) that
    // scripts/test-summary.js adds up into the one closing line CI reads.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results.json' },
    include: ['src/**/*.test.ts', '**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
};
