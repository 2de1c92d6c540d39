import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (tests beside the code, no external services) and `integration`
 * (test/integration: real services started by scripts/services.sh, real clients, the built
 * server). Tests run from TypeScript sources; integration tests that spawn the `pointer`
 * binary use the build made by `npm run build`.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
