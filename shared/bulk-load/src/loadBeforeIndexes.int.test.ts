import { selectRows } from '@home-affairs/db';
import { createTestDatabase, type TestDatabase } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { integer, pgSchema, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRows } from './copyRows.ts';
import { loadBeforeIndexes } from './loadBeforeIndexes.ts';

/** A parent and a child table, as a subgraph's schema would name them. */
const indexed = pgSchema('indexed');
const parents = indexed.table('parents', { code: text().notNull(), label: text() });
const children = indexed.table('children', {
  id: integer().notNull(),
  parentCode: text('parent_code').notNull(),
  n: integer().notNull(),
});

// On the server of TEST_DATABASE_URL when it is set (node-postgres), in-memory PGlite otherwise.
let handle: TestDatabase<Record<string, never>>;

beforeAll(async () => {
  handle = await createTestDatabase({ name: 'load_before_indexes', schema: {}, poolSize: 2 });
  await handle.db.execute(sql`CREATE SCHEMA indexed`);
  await handle.db.execute(sql`CREATE TABLE indexed.parents (
    code text PRIMARY KEY, label text, CONSTRAINT parents_label_check CHECK (label <> ''))`);
  await handle.db.execute(sql`CREATE INDEX parents_label_idx ON indexed.parents (label)`);
  await handle.db.execute(sql`CREATE TABLE indexed.children (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_code text NOT NULL REFERENCES indexed.parents (code),
    n int NOT NULL,
    CONSTRAINT "children parent n" UNIQUE (parent_code, n))`);
  await handle.db.execute(sql`CREATE INDEX children_n_idx ON indexed.children (n DESC)`);
});

afterAll(async () => {
  await handle?.dispose();
});

/** Every constraint and index of the two tables, as the catalogue defines them. */
const definitions = () =>
  selectRows<{ name: string; definition: string }>(
    handle.db,
    sql`SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid IN ('indexed.parents'::regclass, 'indexed.children'::regclass)
      UNION ALL
      SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index
        WHERE indrelid IN ('indexed.parents'::regclass, 'indexed.children'::regclass)
      ORDER BY 1`,
  );

const count = async (table: string) =>
  (
    await selectRows<{ n: number }>(handle.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`))
  )[0]!.n;

describe(`loadBeforeIndexes (${process.env.TEST_DATABASE_URL ? 'node-postgres' : 'PGlite'})`, () => {
  it('loads without keys, foreign keys and indexes, then adds each back as it was', async () => {
    const before = await definitions();
    let duringLoad: unknown[] = [];
    const loaded = await handle.db.transaction((tx) =>
      loadBeforeIndexes(tx, [parents, children], async () => {
        duringLoad = await selectRows(
          tx,
          sql`SELECT contype FROM pg_constraint WHERE conrelid IN
                ('indexed.parents'::regclass, 'indexed.children'::regclass) ORDER BY 1`,
        );
        await copyRows(
          tx,
          parents,
          [parents.code, parents.label],
          [
            ['40', 'Nghệ An'],
            ['01', 'Hà Nội'],
          ],
        );
        return copyRows(
          tx,
          children,
          [children.parentCode, children.n],
          [
            ['40', 1],
            ['40', 2],
            ['01', 1],
          ],
        );
      }),
    );
    expect(loaded).toBe(3);
    // Only the check constraint stays during the load.
    expect(duringLoad).toEqual([{ contype: 'c' }]);
    expect(await definitions()).toEqual(before);
    expect(before.map((row) => row.name)).toEqual([
      'children parent n',
      'children_parent_code_fkey',
      'children_pkey',
      'indexed."children parent n"',
      'indexed.children_n_idx',
      'indexed.children_pkey',
      'indexed.parents_label_idx',
      'indexed.parents_pkey',
      'parents_label_check',
      'parents_pkey',
    ]);
    await expect(
      handle.db.execute(sql`INSERT INTO indexed.children (parent_code, n) VALUES ('99', 1)`),
    ).rejects.toThrow();
  });

  it.each([
    ['a duplicate key', [['40', 1]]],
    ['a dangling reference', [['99', 1]]],
  ])('fails the load on %s, and the transaction leaves the tables as they were', async (_, rows) => {
    const before = await definitions();
    const loadedBefore = await count('indexed.children');
    await expect(
      handle.db.transaction((tx) =>
        loadBeforeIndexes(tx, [parents, children], () =>
          copyRows(tx, children, [children.parentCode, children.n], rows),
        ),
      ),
    ).rejects.toThrow();
    expect(await definitions()).toEqual(before);
    expect(await count('indexed.children')).toBe(loadedBefore);
  });
});
