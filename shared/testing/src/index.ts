export { captureLines } from './captureLines.ts';
export {
  createServerDatabase,
  createTestDatabase,
  type TestDatabase,
} from './createTestDatabase.ts';
export { concurrencySkipReason, describeConcurrent } from './describeConcurrent.ts';
export { errorCodes, expectBadArgument, expectRefused } from './expectRefused.ts';
export {
  type SignedIdentities,
  signedIdentities,
  type TestAnswer,
  type TestSubgraphServer,
  writerIdentity,
} from './signedIdentities.ts';
export { startedForTests } from './startedForTests.ts';
export {
  findPostgresBinaries,
  type PostgresCluster,
  startPostgresCluster,
} from './startPostgresCluster.ts';
export { startTestSubgraph, type TestSubgraph } from './startTestSubgraph.ts';
export { templateRun } from './templateDatabases.ts';
export { temporaryFolders } from './temporaryFolders.ts';
