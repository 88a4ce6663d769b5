import type { ViteUserConfig } from 'vitest/config';

// Workspace packages export "development" -> src/*.ts, so tests run on sources without a build;
// Node at run time takes "default" -> dist/*.js.
const conditions = ['development', 'node', 'import', 'module', 'default'];

export const sharedTestConfig: ViteUserConfig = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ['src/**/*.test.ts', '**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
};
