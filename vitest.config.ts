import { defineConfig } from 'vitest/config';

/**
 * One config, three projects picked by file suffix: unit tests beside the code, database
 * integration tests (`*.int.test.ts`), and multi-process end-to-end tests (`*.e2e.ts`).
 */
export default defineConfig({
  test: {
    reporters: process.env.CI ? ['default'] : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{gateway,subgraphs,shared,scripts}/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{gateway,subgraphs,shared,scripts}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['{gateway,subgraphs,shared,scripts}/**/*.e2e.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
