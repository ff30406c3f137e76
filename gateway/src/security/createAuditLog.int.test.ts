import { createLogger } from '@home-affairs/service';
import { createTestDatabase, type TestDatabase } from '@home-affairs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditEntry, AuditQueueFullError, createAuditLog } from './createAuditLog.ts';
import { gatewayMigrationsFolder } from './createSecurity.ts';
import { auditLog, securityTables } from './db/schema.ts';

let database: TestDatabase<typeof securityTables>;

beforeAll(async () => {
  database = await createTestDatabase({
    name: 'gateway',
    schema: securityTables,
    migrationsFolder: gatewayMigrationsFolder,
  });
});

afterAll(() => database?.dispose());

const entry = (operationName: string): AuditEntry => ({
  at: new Date(),
  subject: 'researcher-1',
  role: 'researcher',
  tokenId: null,
  clientName: null,
  operationType: 'query',
  operationName,
  documentHash: null,
  variables: '{}',
  subgraphs: ['units'],
  outcome: 'ok',
  errorCodes: [],
  durationMs: 1,
});

const within = <T>(promise: Promise<T>, milliseconds: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`not settled within ${milliseconds} ms`)), milliseconds),
    ),
  ]);

describe('createAuditLog', () => {
  it('keeps writing after a scheduled flush finds the queue already drained', async () => {
    const audit = createAuditLog({
      db: database.db,
      logger: createLogger('audit-test', 'silent'),
      flushMilliseconds: 20,
    });
    // A read schedules a flush; a write drains the queue before that flush fires, so the flush
    // finds nothing to do. Writes after it must still be committed, and close must return.
    await audit.record(entry('read'));
    await within(audit.record(entry('first write'), { wait: true }), 5_000);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await within(audit.record(entry('second write'), { wait: true }), 5_000);
    await audit.record(entry('last read'));
    await within(audit.close(), 5_000);

    const rows = await database.db.select().from(auditLog).orderBy(auditLog.sequence);
    expect(rows.map((row) => row.operationName)).toEqual([
      'read',
      'first write',
      'second write',
      'last read',
    ]);
  });

  it('holds at most maxQueue entries and reservations, refusing the rest', async () => {
    const audit = createAuditLog({
      db: database.db,
      logger: createLogger('audit-test', 'silent'),
      maxQueue: 3,
      // Nothing is written during the test: the queue only fills.
      flushMilliseconds: 60_000,
      batchSize: 100,
    });
    await audit.record(entry('queued'));
    const first = audit.reserve();
    const second = audit.reserve();
    expect(first && second).toBeTruthy();
    expect(audit.size()).toBe(3);
    expect(audit.reserve()).toBeUndefined();
    await expect(audit.record(entry('over the bound'))).rejects.toBeInstanceOf(AuditQueueFullError);
    expect(audit.size()).toBe(3);

    second!.release();
    second!.release(); // A second release gives back nothing more.
    expect(audit.size()).toBe(2);
    await first!.record(entry('reserved'));
    await expect(first!.record(entry('twice'))).rejects.toThrow();
    expect(audit.size()).toBe(2);
    await within(audit.close(), 5_000);
    expect(audit.size()).toBe(0);
  });
});
