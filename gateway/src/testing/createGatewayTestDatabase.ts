import { createTestDatabase, type TestDatabase } from '@home-affairs/testing';
import { gatewayMigrationsFolder } from '../security/createSecurity.ts';
import { securityTables } from '../security/db/schema.ts';

/**
 * A fresh, migrated gateway database (audit log, token registry, revocations) for the tests that
 * read it; `dispose()` drops it.
 */
export function createGatewayTestDatabase(): Promise<TestDatabase<typeof securityTables>> {
  return createTestDatabase({
    name: 'gateway',
    schema: securityTables,
    migrationsFolder: gatewayMigrationsFolder,
  });
}
