import { type Database, type DatabaseHandle, openDatabase, selectRows } from '@home-affairs/db';
import { createServerDatabase } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyChunks, copyRows, copyText } from './copyRows.ts';

// On the server of TEST_DATABASE_URL when it is set (node-postgres), in-memory PGlite otherwise.
let handle: DatabaseHandle<Record<string, never>>;
let drop = async () => {};

beforeAll(async () => {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const created = await createServerDatabase(serverUrl, 'bulk_load');
    drop = created.drop;
    handle = await openDatabase({ name: 'bulk_load', url: created.url, poolSize: 2 }, {});
  } else {
    handle = await openDatabase({ name: 'bulk_load' }, {});
  }
  await handle.db.execute(sql`CREATE TABLE copied (
    id int PRIMARY KEY, label text, day date, flag boolean, amount bigint)`);
});

afterAll(async () => {
  await handle?.close();
  await drop();
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
      copyRows(tx, 'copied', ['id', 'label', 'day', 'flag', 'amount'], rows),
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
    expect(
      await copyRows(handle.db, 'copied', ['id', 'label', 'day', 'flag', 'amount'], many()),
    ).toBe(250_000);
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
    const encoder = new TextEncoder();
    const chunks = async function* () {
      let index = 0;
      for (const text of copyText(rows(), 100)) {
        yield index % 2 === 0 ? text : encoder.encode(text);
        index += 1;
      }
    };
    await handle.db.transaction((tx) =>
      copyChunks(tx, 'copied', ['id', 'label', 'day', 'flag', 'amount'], chunks()),
    );
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
        await copyRows(
          tx,
          'copied',
          ['id', 'label', 'day', 'flag', 'amount'],
          [[5, 'gone', null, true, 1]],
        );
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await read(handle.db)).some((row) => row.id === 5)).toBe(false);
  });

  it('fails with the database error on a bad row, leaving no rows of the load', async () => {
    await expect(
      handle.db.transaction((tx) =>
        copyRows(
          tx,
          'copied',
          ['id', 'label', 'day', 'flag', 'amount'],
          [
            [6, 'fine', null, true, 1],
            [1, 'duplicate key', null, true, 1],
          ],
        ),
      ),
    ).rejects.toThrow(/duplicate key|unique/);
    expect((await read(handle.db)).some((row) => row.id === 6)).toBe(false);
  });
});
