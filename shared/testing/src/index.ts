export { captureLines } from './captureLines.ts';
export {
  createServerDatabase,
  createTestDatabase,
  type TestDatabase,
} from './createTestDatabase.ts';
export {
  findPostgresBinaries,
  type PostgresCluster,
  startPostgresCluster,
} from './startPostgresCluster.ts';
