export type { Database, DatabaseConfig, DatabaseHandle, StatementCounter } from './openDatabase.ts';
export { databaseConfigFromEnv, openDatabase } from './openDatabase.ts';
