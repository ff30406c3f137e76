import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

/**
 * A pool whose one client fails the statements named in `failing` as a dead connection does,
 * counting how the client comes back.
 */
function poolWithFailing(failing: string[]) {
  const released: (Error | undefined)[] = [];
  const client = {
    query: async (text: string | { text: string }) => {
      const statement = typeof text === 'string' ? text : text.text;
      if (failing.includes(statement)) throw new Error('Connection terminated unexpectedly');
      return { rows: [], rowCount: 0, command: statement, fields: [] };
    },
    release: (error?: Error) => released.push(error),
  };
  class FailingPool extends pg.Pool {
    override connect = (async () => client) as never;
  }
  return { db: drizzle({ client: new FailingPool() }), released };
}

// drizzle-orm 0.45 ran BEGIN outside the try/finally that gives the client back, and gave a
// client whose ROLLBACK failed back as healthy: a database restart leaked pool slots until every
// query waited forever. patches/drizzle-orm@0.45.4.patch fixes both; this fails if it is lost.
describe('a transaction on a connection that dies', () => {
  it('gives the client back when BEGIN fails', async () => {
    const { db, released } = poolWithFailing(['begin']);
    await expect(db.transaction(async () => 'never')).rejects.toThrow();
    expect(released).toEqual([undefined]);
  });

  it('gives the client back as broken when ROLLBACK fails, with the first error', async () => {
    const { db, released } = poolWithFailing(['commit', 'rollback']);
    const failure = db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
    });
    await expect(failure).rejects.toMatchObject({
      cause: { message: 'Connection terminated unexpectedly' },
      query: 'commit',
    });
    expect(released).toHaveLength(1);
    expect(released[0]).toBeInstanceOf(Error);
  });
});
