export { captureLines } from './captureLines.ts';
export { createTestDatabase, type TestDatabase } from './createTestDatabase.ts';
export {
  findPostgresBinaries,
  type PostgresCluster,
  startPostgresCluster,
} from './startPostgresCluster.ts';
