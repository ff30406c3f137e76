export {
  type DatabaseConfig,
  databaseConfigFromEnv,
  dataRootFromEnv,
} from './databaseConfigFromEnv.ts';
export { hasStoredData, migrationsTableOf } from './hasStoredData.ts';
export { historyEntryColumns } from './historyEntryColumns.ts';
export { isDatabaseUnavailable } from './isDatabaseUnavailable.ts';
export type { Database, DatabaseHandle, StatementCounter } from './openDatabase.ts';
export { openDatabase } from './openDatabase.ts';
export {
  copyPgliteTemplate,
  ensurePgliteTemplate,
  pgliteTemplateFolder,
} from './pgliteTemplate.ts';
export { rowsByOwner } from './rowsByOwner.ts';
export { selectRows } from './selectRows.ts';
export { subgraphDatabase } from './subgraphDatabase.ts';
