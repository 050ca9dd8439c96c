import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Three projects, by cost: unit/component tests that start no process, server, browser or build
// (in-process only, so they use every core), integration tests against real tools and the real
// PostgreSQL fixture (one file at a time: they share a server), and E2E in real Chromium on the
// built renderer.
// The skip reporter ends the run naming every test skipped for a missing tool (require-tool.ts).
export default defineConfig({
  plugins: [react()],
  test: {
    globals: true,
    reporters: ['default', './test/support/skip-reporter.ts'],
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}', 'test/security/**/*.test.ts'],
          setupFiles: ['test/setup/unit.ts'],
          maxWorkers: '100%',
          // A renderer test types into jsdom with user-event: ~1-8 s alone, over 30 s when the
          // integration and E2E projects share the 2 cores (keys-and-role timed out at 30 s in a
          // full run at load 12). A generous ceiling keeps the run free of timing failures; speed
          // targets live in `npm run bench`, not here.
          testTimeout: 90_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/reliability/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
