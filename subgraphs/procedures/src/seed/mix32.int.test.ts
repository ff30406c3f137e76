import { openDatabase, selectRows } from '@home-affairs/db';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { hashUnit, mix32 } from './mix32.ts';

// The dossiers are generated in JavaScript from the same numbers the SQL generators draw: the
// two must agree to the last bit, on every value the generators use (ids up to the national
// profile's 10 million and beyond 2^31, every salt).
it('mix32 equals the SQL hashUnit bit for bit', async () => {
  const url = process.env.TEST_DATABASE_URL;
  const handle = await openDatabase({ name: 'procedures', url, poolSize: 1 }, {});
  try {
    const values = [0, 1, 2, 40, 96, 4095, 65_537, 299_999, 300_000, 9_999_999, 2 ** 31 + 7];
    for (const salt of [0, 5, 11, 18, 23]) {
      const rows = await selectRows<{ value: string; h: number }>(
        handle.db,
        sql.raw(`SELECT v::text AS value, ${hashUnit('v', salt)} AS h
          FROM unnest(ARRAY[${values.join(', ')}]::bigint[]) AS v`),
      );
      expect(rows.map((row) => row.h)).toEqual(values.map((value) => mix32(value, salt)));
    }
  } finally {
    await handle.close();
  }
});
