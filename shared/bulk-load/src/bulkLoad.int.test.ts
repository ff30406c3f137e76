import { type Database, selectRows } from '@home-affairs/db';
import { createTestDatabase, type TestDatabase } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  integer,
  pgSchema,
  pgTable,
  primaryKey,
  text,
} from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyChunks, copyRows, copyText } from './copyRows.ts';
import { loadBeforeIndexes } from './loadBeforeIndexes.ts';

/** The drizzle tables the statements below create, as a subgraph's schema would name them. */
const copiedTable = pgTable('copied', {
  id: integer().primaryKey(),
  label: text(),
  day: date(),
  flag: boolean(),
  amount: bigint({ mode: 'bigint' }),
});
const loaded = pgSchema('loaded');
const countsTable = loaded.table(
  'counts',
  { unit: text().notNull(), day: date().notNull(), n: integer().notNull() },
  (table) => [primaryKey({ name: 'counts unit day', columns: [table.unit, table.day] })],
);
const plainTable = loaded.table('plain', { n: integer() });
/** A table whose SQL column names only go into a statement quoted. */
const quotedTable = loaded.table('quoted', {
  order: integer('order').notNull(),
  label: text('Label "as shown"'),
});

/** The columns of `copiedTable`, in the order of the rows below. */
const copiedColumns = [
  copiedTable.id,
  copiedTable.label,
  copiedTable.day,
  copiedTable.flag,
  copiedTable.amount,
];

// On the server of TEST_DATABASE_URL when it is set (node-postgres), in-memory PGlite otherwise.
let handle: TestDatabase<Record<string, never>>;

beforeAll(async () => {
  handle = await createTestDatabase({ name: 'bulk_load', schema: {}, poolSize: 2 });
  await handle.db.execute(sql`CREATE TABLE copied (
    id int PRIMARY KEY, label text, day date, flag boolean, amount bigint)`);
  await handle.db.execute(sql`CREATE SCHEMA loaded`);
  await handle.db.execute(sql`CREATE TABLE loaded.counts (
    unit text NOT NULL, day date NOT NULL, n int NOT NULL,
    CONSTRAINT "counts unit day" PRIMARY KEY (unit, day))`);
  await handle.db.execute(sql`CREATE TABLE loaded.plain (n int)`);
  await handle.db.execute(
    sql`CREATE TABLE loaded.quoted ("order" int NOT NULL, "Label ""as shown""" text)`,
  );
});

afterAll(async () => {
  await handle?.dispose();
});

type Row = { id: number; label: string | null; day: string | null; flag: boolean; amount: string };

const read = (db: Database<Record<string, never>>) =>
  selectRows<Row>(
    db,
    sql`SELECT id, label, day::text AS day, flag, amount::text AS amount FROM copied ORDER BY id`,
  );

describe(`copyRows (${process.env.TEST_DATABASE_URL ? 'node-postgres' : 'PGlite'})`, () => {
  it('loads text with the characters COPY escapes, nulls, days, booleans and big numbers', async () => {
    const rows = [
      [
        1,
        'tab\there, new\nline, back\\slash, return\r',
        '2025-07-01',
        true,
        9_007_199_254_740_993n,
      ],
      [2, null, null, false, 0],
      [3, 'Hồ sơ cần xác minh thêm', '2026-11-20', true, -5],
    ];
    const copied = await handle.db.transaction((tx) =>
      copyRows(tx, copiedTable, copiedColumns, rows),
    );
    expect(copied).toBe(3);
    expect(await read(handle.db)).toEqual([
      {
        id: 1,
        label: 'tab\there, new\nline, back\\slash, return\r',
        day: '2025-07-01',
        flag: true,
        amount: '9007199254740993',
      },
      { id: 2, label: null, day: null, flag: false, amount: '0' },
      { id: 3, label: 'Hồ sơ cần xác minh thêm', day: '2026-11-20', flag: true, amount: '-5' },
    ]);
  });

  it('loads more rows than one chunk, from a generator, on the bare database too', async () => {
    const many = function* () {
      for (let id = 10; id < 250_010; id += 1) yield [id, `n${id}`, null, id % 2 === 0, id];
    };
    expect(await copyRows(handle.db, copiedTable, copiedColumns, many())).toBe(250_000);
    const [summary] = await selectRows<{ count: number; sum: string }>(
      handle.db,
      sql`SELECT count(*)::int AS count, sum(amount)::text AS sum FROM copied WHERE id >= 10`,
    );
    expect(summary).toEqual({ count: 250_000, sum: String((10 + 250_009) * 125_000) });
  });

  it('loads chunks of COPY text as they come, as text or bytes (copyText, copyChunks)', async () => {
    const rows = function* () {
      for (let id = 300_000; id < 300_250; id += 1) yield [id, `c\t${id}`, '2025-07-01', true, id];
    };
    const decoder = new TextDecoder();
    const chunks = async function* () {
      let index = 0;
      for (const bytes of copyText(rows(), 100)) {
        yield index % 2 === 0 ? bytes : decoder.decode(bytes);
        index += 1;
      }
    };
    await handle.db.transaction((tx) => copyChunks(tx, copiedTable, copiedColumns, chunks()));
    const copied = (await read(handle.db)).filter((row) => row.id >= 300_000);
    expect(copied).toHaveLength(250);
    expect(copied[249]).toEqual({
      id: 300_249,
      label: 'c\t300249',
      day: '2025-07-01',
      flag: true,
      amount: '300249',
    });
  });

  it('rolls back with the transaction it ran in', async () => {
    await expect(
      handle.db.transaction(async (tx) => {
        await copyRows(tx, copiedTable, copiedColumns, [[5, 'gone', null, true, 1]]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await read(handle.db)).some((row) => row.id === 5)).toBe(false);
  });

  it('fails with the database error on a bad row, leaving no rows of the load', async () => {
    await expect(
      handle.db.transaction((tx) =>
        copyRows(tx, copiedTable, copiedColumns, [
          [6, 'fine', null, true, 1],
          [1, 'duplicate key', null, true, 1],
        ]),
      ),
    ).rejects.toThrow(/duplicate key|unique/);
    expect((await read(handle.db)).some((row) => row.id === 6)).toBe(false);
  });
});

describe(`the columns of copyRows and copyChunks (${process.env.TEST_DATABASE_URL ? 'node-postgres' : 'PGlite'})`, () => {
  it('quotes the SQL names of the columns', async () => {
    const copied = await handle.db.transaction((tx) =>
      copyRows(tx, quotedTable, [quotedTable.label, quotedTable.order], [['first', 1]]),
    );
    expect(copied).toBe(1);
    await handle.db.transaction((tx) =>
      copyChunks(
        tx,
        quotedTable,
        [quotedTable.order, quotedTable.label],
        (async function* () {
          yield* copyText([[2, 'second']]);
        })(),
      ),
    );
    expect(
      await selectRows(
        handle.db,
        sql`SELECT ${quotedTable.order} AS "order", ${quotedTable.label} AS label
            FROM ${quotedTable} ORDER BY 1`,
      ),
    ).toEqual([
      { order: 1, label: 'first' },
      { order: 2, label: 'second' },
    ]);
  });

  it('refuses a column of another table, no columns and a column twice, before copying', async () => {
    const nothing = (async function* (): AsyncGenerator<string> {})();
    await expect(
      // @ts-expect-error: a column of another table (the same SQL name, `n`) is a type error too.
      copyRows(handle.db, plainTable, [countsTable.n], [[1]]),
    ).rejects.toThrow(
      'copyRows: column "n" of "loaded"."counts" is not a column of "loaded"."plain"',
    );
    await expect(
      // @ts-expect-error: one column of the table, one of another.
      copyChunks(handle.db, copiedTable, [copiedTable.id, plainTable.n], nothing),
    ).rejects.toThrow('copyRows: column "n" of "loaded"."plain" is not a column of "copied"');
    await expect(copyRows(handle.db, plainTable, [], [[1]])).rejects.toThrow(
      'copyRows: no columns to copy into "loaded"."plain"',
    );
    await expect(copyChunks(handle.db, plainTable, [], nothing)).rejects.toThrow(
      'copyRows: no columns to copy into "loaded"."plain"',
    );
    await expect(
      copyRows(handle.db, copiedTable, [copiedTable.id, copiedTable.label, copiedTable.id], []),
    ).rejects.toThrow('copyRows: column "id" of "copied" is listed twice');
    await expect(
      copyChunks(handle.db, quotedTable, [quotedTable.label, quotedTable.label], nothing),
    ).rejects.toThrow('copyRows: column "Label ""as shown""" of "loaded"."quoted" is listed twice');
    const [plain] = await selectRows<{ n: number }>(
      handle.db,
      sql`SELECT count(*)::int AS n FROM ${plainTable}`,
    );
    expect(plain).toEqual({ n: 0 });
  });
});

/** The primary key of `table` as the catalogue has it. */
const keyOf = (table: string) =>
  selectRows<{ name: string; definition: string }>(
    handle.db,
    sql`SELECT conname AS name, pg_get_constraintdef(oid) AS definition
        FROM pg_constraint WHERE conrelid = ${table}::regclass AND contype = 'p'`,
  );

const columns = [countsTable.unit, countsTable.day, countsTable.n];

describe(`loadBeforeIndexes of one table with a primary key only (${process.env.TEST_DATABASE_URL ? 'node-postgres' : 'PGlite'})`, () => {
  it('loads without the key, then adds the same key back', async () => {
    const before = await keyOf('loaded.counts');
    let keyDuringLoad: unknown[] = [];
    const loaded = await handle.db.transaction((tx) =>
      loadBeforeIndexes(tx, [countsTable], async () => {
        keyDuringLoad = await selectRows(
          tx,
          sql`SELECT 1 FROM pg_constraint WHERE conrelid = 'loaded.counts'::regclass AND contype = 'p'`,
        );
        return copyRows(tx, countsTable, columns, [
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
        loadBeforeIndexes(tx, [countsTable], () =>
          copyRows(tx, countsTable, columns, [
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
      loadBeforeIndexes(tx, [plainTable], () => copyRows(tx, plainTable, [plainTable.n], [[1]])),
    );
    expect(loaded).toBe(1);
  });
});
