import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Three suites, one command: fast unit tests, integration tests on real SQLite and
// PostgreSQL databases, and end-to-end tests in real Chromium against the built app.
export default defineConfig({
  test: {
    // Vitest's default (one worker fewer than the cores) is a single worker on 2 cores, which ran
    // every file one after another. Unit files run beside the integration files.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    projects: [
      {
        // Components rendered on happy-dom: Preact's JSX (the app's build gets it from @preact/preset-vite).
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One file at a time: each test has its own PostgreSQL schema, but Kysely's migrator
          // reads the catalog of the whole database, and a schema another file drops meanwhile
          // fails that read ("schema … does not exist").
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file drives its own browser and server; two at once on 2 cores only slows both.
          fileParallelism: false,
          // After the unit and integration files, so no browser test shares the cores with them.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
