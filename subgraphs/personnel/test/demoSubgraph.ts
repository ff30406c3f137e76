import { selectRows } from '@home-affairs/db';
import { anonymousIdentity, type Identity, scopesForRole } from '@home-affairs/identity';
import { startedForTests, writerIdentity } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { startSubgraph } from './startSubgraph.ts';

/** A personnel writer, restricted to `province` when given. */
export function writer(province?: string): Identity {
  return writerIdentity('personnel', province);
}

/** A researcher: the public fields only. */
export const researcher: Identity = {
  subject: 'researcher',
  role: 'researcher',
  scopes: scopesForRole('researcher'),
};

/**
 * The personnel subgraph with its demo data for the test file that calls this at its top level:
 * started before the file's tests and closed after them, with the helpers they share.
 */
export function useDemoSubgraph(name: string) {
  /** How long the start took, creating the database and seeding the demo data included. */
  const seed = { milliseconds: 0 };
  const graph = startedForTests(async () => {
    const before = performance.now();
    const started = await startSubgraph(name);
    seed.milliseconds = performance.now() - before;
    return started;
  });

  /** Runs an operation against the subgraph as `identity`. */
  const run = <T = Record<string, never>>(
    query: string,
    variables: Record<string, unknown> = {},
    identity: Identity = anonymousIdentity,
  ) => graph().execute<T>(query, variables, identity);

  /** Runs an operation that must succeed, and returns its data. */
  const ok = async <T>(query: string, variables?: Record<string, unknown>, identity?: Identity) => {
    const result = await run<T>(query, variables, identity);
    expect(result.errors).toBeUndefined();
    return result.data;
  };

  /** Runs a mutation with `input` as `identity`, a writer of every province by default. */
  const write = <T = Record<string, never>>(
    mutation: string,
    input: Record<string, unknown>,
    identity: Identity = writer(),
  ) => run<T>(mutation, { input }, identity);

  /** Runs a mutation with `input` that must succeed, and returns its data. */
  const writeOk = <T>(mutation: string, input: Record<string, unknown>, identity?: Identity) =>
    ok<T>(mutation, { input }, identity ?? writer());

  /** Runs raw SQL and returns its rows. */
  const select = <T>(text: string): Promise<T[]> =>
    selectRows<T>(graph().database.db, sql.raw(text));

  /** The number of rows in the personnel table `table`. */
  const countRows = async (table: string) => {
    const [row] = await select<{ n: number }>(`SELECT count(*)::int AS n FROM personnel.${table}`);
    return Number(row!.n);
  };

  return { graph, seed, run, ok, write, writeOk, select, countRows };
}
