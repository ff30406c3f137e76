import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectRows } from '@home-affairs/db';
import { createTestDatabase, describeConcurrent, type TestDatabase } from '@home-affairs/testing';
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { sql } from 'drizzle-orm';
import { integer, pgSchema, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeysTable } from './idempotencyKeysTable.ts';
import { type IdempotentRequest, runIdempotently } from './runIdempotently.ts';

const testSchema = pgSchema('idempotency_test');
const idempotencyKeys = idempotencyKeysTable(testSchema);
/** What the test writes do: one row per write that really ran. */
const writes = testSchema.table('writes', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  label: text().notNull(),
});
const schema = { testSchema, idempotencyKeys, writes };

const writers = 20;
let database: TestDatabase<typeof schema>;
let migrations: string;

beforeAll(async () => {
  // No migrations of its own: the tables come from drizzle-kit's own diff of the definitions
  // above, so the test runs on exactly the table a subgraph's generated migration creates.
  migrations = mkdtempSync(join(tmpdir(), 'idempotency-test-'));
  mkdirSync(join(migrations, 'meta'));
  writeFileSync(
    join(migrations, 'meta', '_journal.json'),
    JSON.stringify({ version: '7', dialect: 'postgresql', entries: [] }),
  );
  database = await createTestDatabase({
    name: 'idempotency',
    schema,
    migrationsFolder: migrations,
    poolSize: writers + 2,
  });
  for (const statement of await generateMigration(
    generateDrizzleJson({}),
    generateDrizzleJson(schema),
  )) {
    await database.db.execute(sql.raw(statement));
  }
});

afterAll(async () => {
  await database?.dispose();
  rmSync(migrations, { recursive: true, force: true });
});

let keys = 0;
/** A request with a key no other test uses. */
function request(overrides: Partial<IdempotentRequest> = {}): IdempotentRequest {
  keys += 1;
  return {
    table: idempotencyKeys,
    operation: 'register',
    key: `key-${keys}`,
    input: { name: 'Hội Luật gia', seat: '16681' },
    subject: 'writer-40',
    ...overrides,
  };
}

/** A write that inserts one row labelled `label`, waiting `holdSeconds` inside the transaction. */
function insertWrite(label: string, holdSeconds = 0) {
  return async (tx: TestDatabase<typeof schema>['db']) => {
    const [row] = await tx.insert(writes).values({ label }).returning({ id: writes.id });
    if (holdSeconds > 0) await tx.execute(sql`SELECT pg_sleep(${holdSeconds})`);
    return { id: row!.id };
  };
}

async function writesLabelled(label: string): Promise<number> {
  const [row] = await selectRows<{ n: number }>(
    database.db,
    sql`SELECT count(*)::int AS n FROM ${writes} WHERE ${writes.label} = ${label}`,
  );
  return Number(row!.n);
}

async function storedRow(key: string) {
  const [row] = await selectRows<Record<string, unknown>>(
    database.db,
    sql`SELECT * FROM ${idempotencyKeys} WHERE ${idempotencyKeys.key} = ${key}`,
  );
  return row;
}

describe('runIdempotently', () => {
  it('writes once and answers a retry with the first result', async () => {
    const first = request();
    const result = await runIdempotently(database.db, first, insertWrite('retry'));
    const retry = await runIdempotently(database.db, { ...first }, insertWrite('retry'));
    expect(retry).toEqual(result);
    expect(await writesLabelled('retry')).toBe(1);
  });

  it('keeps a hash of the input, never the input', async () => {
    const first = request({ input: { nationalId: '040123456789' } });
    await runIdempotently(database.db, first, insertWrite('hash'));
    const row = await storedRow(first.key);
    expect(row?.input_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain('040123456789');
  });

  it('treats a null field and a missing one as the same input', async () => {
    const first = request({ input: { name: 'Quỹ', abbreviation: null, nested: { a: null } } });
    const result = await runIdempotently(database.db, first, insertWrite('nulls'));
    const retry = await runIdempotently(
      database.db,
      { ...first, input: { nested: {}, name: 'Quỹ' } },
      insertWrite('nulls'),
    );
    expect(retry).toEqual(result);
    expect(await writesLabelled('nulls')).toBe(1);
  });

  it('refuses the key with another input, operation or writer as CONFLICT', async () => {
    const first = request();
    await runIdempotently(database.db, first, insertWrite('conflict'));
    for (const reuse of [
      { ...first, input: { ...first.input, seat: '16684' } },
      { ...first, operation: 'dissolve' },
      { ...first, subject: 'writer-01' },
    ]) {
      await expect(
        runIdempotently(database.db, reuse, insertWrite('conflict')),
      ).rejects.toMatchObject({ extensions: { code: 'CONFLICT', field: 'input.idempotencyKey' } });
    }
    expect(await writesLabelled('conflict')).toBe(1);
  });

  it('leaves the key free when the write is refused', async () => {
    const first = request();
    await expect(
      runIdempotently(database.db, first, async (tx) => {
        await insertWrite('refused')(tx);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await storedRow(first.key)).toBeUndefined();
    expect(await writesLabelled('refused')).toBe(0);
    await runIdempotently(database.db, first, insertWrite('refused'));
    expect(await writesLabelled('refused')).toBe(1);
  });

  it('refuses a blank or overlong key as BAD_USER_INPUT', async () => {
    for (const key of ['', '   ', 'k'.repeat(201)]) {
      await expect(
        runIdempotently(database.db, request({ key }), insertWrite('bad key')),
      ).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field: 'input.idempotencyKey' },
      });
    }
  });
});

describeConcurrent('runIdempotently with concurrent requests on Postgres', () => {
  it(`writes once for ${writers} identical requests at once, and all answer the same`, async () => {
    const same = request();
    const results = await Promise.all(
      Array.from({ length: writers }, () =>
        runIdempotently(database.db, { ...same }, insertWrite('identical', 0.2)),
      ),
    );
    expect(await writesLabelled('identical')).toBe(1);
    expect(new Set(results.map((result) => result.id)).size).toBe(1);
  });

  it('lets a waiting duplicate write when the first is refused', async () => {
    const same = request();
    let calls = 0;
    const outcomes = await Promise.allSettled(
      Array.from({ length: writers }, () =>
        runIdempotently(database.db, { ...same }, async (tx) => {
          calls += 1;
          if (calls === 1) {
            await tx.execute(sql`SELECT pg_sleep(0.2)`);
            throw new Error('first refused');
          }
          return insertWrite('after refusal')(tx);
        }),
      ),
    );
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    const answered = outcomes.flatMap((outcome) =>
      outcome.status === 'fulfilled' ? [outcome.value.id] : [],
    );
    expect(refused).toHaveLength(1);
    expect(answered).toHaveLength(writers - 1);
    expect(new Set(answered).size).toBe(1);
    expect(await writesLabelled('after refusal')).toBe(1);
  });

  it('writes once when the same key comes with different inputs at once; the rest are CONFLICT', async () => {
    const same = request();
    const outcomes = await Promise.allSettled(
      Array.from({ length: writers }, (_, index) =>
        runIdempotently(
          database.db,
          { ...same, input: { ...same.input, copy: index } },
          insertWrite('different', 0.05),
        ),
      ),
    );
    const conflicts = outcomes.filter(
      (outcome) =>
        outcome.status === 'rejected' &&
        (outcome.reason as { extensions?: { code?: string } }).extensions?.code === 'CONFLICT',
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(conflicts).toHaveLength(writers - 1);
    expect(await writesLabelled('different')).toBe(1);
  });
});
