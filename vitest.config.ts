import { defineConfig } from 'vitest/config';

/**
 * One config, three projects picked by file suffix: unit tests beside the code, database
 * integration tests (`*.int.test.ts`), and multi-process end-to-end tests (`*.e2e.ts`).
 */
export default defineConfig({
  resolve: {
    // graphql 16 has no `exports` map: Node loads its CommonJS build (as @apollo/gateway and
    // @apollo/subgraph do) while Vite would pick the ESM one from `module`, and two copies of
    // graphql refuse each other's schemas ("Cannot use GraphQLObjectType from another realm").
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    reporters: process.env.CI ? ['default'] : ['default'],
    // Three test files at a time: VITEST_MAX_WORKERS=n to change it, --no-file-parallelism for
    // one (the --maxWorkers flag does not reach the projects). Vitest's default is the cores less
    // one: a single file on a 2-core machine. The files run side by side safely (databases of
    // their own, ports of 0, temporary folders: docs/testing.md); what it gains there is measured
    // in docs/testing.md.
    maxWorkers: 3,
    // On real Postgres, each subgraph's migrated and prepared test databases are built once per
    // run and copied per test file (shared/testing/src/templateDatabases.ts).
    globalSetup: ['./shared/testing/src/globalSetup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{gateway,subgraphs,shared,scripts,dashboard}/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts'],
          // The unit files share each worker's loaded modules instead of importing graphql,
          // Apollo and the schemas afresh per file, which was most of their time. A unit test
          // leaves no state behind: no module mocks, no stubbed globals, no process listeners.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['{gateway,subgraphs,shared,scripts,dashboard}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['{gateway,subgraphs,shared,scripts,dashboard}/**/*.e2e.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
