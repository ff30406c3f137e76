import { type DatabaseHandle, openDatabase, selectRows } from '@home-affairs/db';
import { createServerDatabase } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRows } from './copyRows.ts';
import { loadBeforePrimaryKey } from './loadBeforePrimaryKey.ts';

// On the server of TEST_DATABASE_URL when it is set (node-postgres), in-memory PGlite otherwise.
let handle: DatabaseHandle<Record<string, never>>;
let drop = async () => {};

beforeAll(async () => {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const created = await createServerDatabase(serverUrl, 'bulk_load_key');
    drop = created.drop;
    handle = await openDatabase({ name: 'bulk_load_key', url: created.url, poolSize: 2 }, {});
  } else {
    handle = await openDatabase({ name: 'bulk_load_key' }, {});
  }
  await handle.db.execute(sql`CREATE SCHEMA loaded`);
  await handle.db.execute(sql`CREATE TABLE loaded.counts (
    unit text NOT NULL, day date NOT NULL, n int NOT NULL,
    CONSTRAINT "counts unit day" PRIMARY KEY (unit, day))`);
  await handle.db.execute(sql`CREATE TABLE loaded.plain (n int)`);
});

afterAll(async () => {
  await handle?.close();
  await drop();
});

/** The primary key of `table` as the catalogue has it. */
const keyOf = (table: string) =>
  selectRows<{ name: string; definition: string }>(
    handle.db,
    sql`SELECT conname AS name, pg_get_constraintdef(oid) AS definition
        FROM pg_constraint WHERE conrelid = ${table}::regclass AND contype = 'p'`,
  );

const columns = ['unit', 'day', 'n'];

describe(`loadBeforePrimaryKey (${process.env.TEST_DATABASE_URL ? 'node-postgres' : 'PGlite'})`, () => {
  it('loads without the key, then adds the same key back', async () => {
    const before = await keyOf('loaded.counts');
    let keyDuringLoad: unknown[] = [];
    const loaded = await handle.db.transaction((tx) =>
      loadBeforePrimaryKey(tx, 'loaded.counts', async () => {
        keyDuringLoad = await selectRows(
          tx,
          sql`SELECT 1 FROM pg_constraint WHERE conrelid = 'loaded.counts'::regclass AND contype = 'p'`,
        );
        return copyRows(tx, 'loaded.counts', columns, [
          ['40001', '2025-07-01', 2],
          ['40001', '2025-07-02', 3],
        ]);
      }),
    );
    expect(loaded).toBe(2);
    expect(keyDuringLoad).toEqual([]);
    expect(before).toEqual([{ name: 'counts unit day', definition: 'PRIMARY KEY (unit, day)' }]);
    expect(await keyOf('loaded.counts')).toEqual(before);
    await expect(
      handle.db.execute(sql`INSERT INTO loaded.counts VALUES ('40001', '2025-07-01', 9)`),
    ).rejects.toThrow();
  });

  it('fails the load on a duplicate key, and the transaction leaves table and key as they were', async () => {
    const before = await keyOf('loaded.counts');
    await expect(
      handle.db.transaction((tx) =>
        loadBeforePrimaryKey(tx, 'loaded.counts', () =>
          copyRows(tx, 'loaded.counts', columns, [
            ['40003', '2025-07-01', 1],
            ['40003', '2025-07-01', 1],
          ]),
        ),
      ),
    ).rejects.toThrow();
    expect(await keyOf('loaded.counts')).toEqual(before);
    const rows = await selectRows(
      handle.db,
      sql`SELECT unit FROM loaded.counts WHERE unit = '40003'`,
    );
    expect(rows).toEqual([]);
  });

  it('loads a table without a primary key as it is', async () => {
    const loaded = await handle.db.transaction((tx) =>
      loadBeforePrimaryKey(tx, 'loaded.plain', () => copyRows(tx, 'loaded.plain', ['n'], [[1]])),
    );
    expect(loaded).toBe(1);
  });
});
