export { captureLines } from './captureLines.ts';
export {
  createServerDatabase,
  createTestDatabase,
  type TestDatabase,
} from './createTestDatabase.ts';
export { concurrencySkipReason, describeConcurrent } from './describeConcurrent.ts';
export {
  type SignedIdentities,
  signedIdentities,
  type TestAnswer,
  type TestSubgraphServer,
  writerIdentity,
} from './signedIdentities.ts';
export {
  findPostgresBinaries,
  type PostgresCluster,
  startPostgresCluster,
} from './startPostgresCluster.ts';
