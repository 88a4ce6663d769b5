import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// The shared config resolves with the `module` condition, which the AWS SDK maps to its dist-es
// build; Node's ESM loader cannot run that build (extensionless relative imports). This package's
// SDK round-trip tests therefore resolve without `module`; workspace sources still use
// `development`.
const conditions = ['development', 'node', 'import', 'default'];

export default defineConfig({
  ...sharedTestConfig,
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
});
