import { defineConfig } from 'vitest/config';

// One elbow for the whole run, started in globalSetup; test files reach it through inject('elbow').
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.ts'],
    globalSetup: ['./global-setup.ts'],
  },
});
