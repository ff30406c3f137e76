import { selectRows } from '@home-affairs/db';
import { anonymousIdentity, type Identity } from '@home-affairs/identity';
import { startedForTests } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { startSubgraph } from './startSubgraph.ts';

const countQuery = `query Count($filter: OrganizationFilter, $asOf: Date) {
  organizations(filter: $filter, asOf: $asOf, first: 0) { totalCount }
}`;

/**
 * The associations subgraph over its fixture registry for the test file that calls this at its
 * top level, with the helpers its tests share.
 */
export function useFixtureSubgraph() {
  const graph = startedForTests(() => startSubgraph('associations'));

  /** Runs an operation as `identity`, anonymous by default. */
  function run<TData = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    identity: Identity = anonymousIdentity,
  ) {
    return graph().execute<TData>(query, variables, identity);
  }

  async function data<TData>(query: string, variables?: Record<string, unknown>) {
    const result = await run<TData>(query, variables);
    expect(result.errors).toBeUndefined();
    return result.data as TData;
  }

  /** The number of organisations that `filter` finds on `asOf`. */
  async function count(filter: Record<string, unknown>, asOf = '2024-12-31') {
    return (await data<{ organizations: { totalCount: number } }>(countQuery, { filter, asOf }))
      .organizations.totalCount;
  }

  /** Every row of the tables a write may touch, to show that a refused write changed nothing. */
  async function snapshot() {
    const tables = [
      'organizations',
      'organization_statuses',
      'charters',
      'financial_reports',
      'change_history',
      'idempotency_keys',
    ];
    const counts: Record<string, string> = {};
    for (const table of tables) {
      const [row] = await selectRows<{ digest: string }>(
        graph().database.db,
        sql.raw(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest
          FROM associations.${table} t`),
      );
      counts[table] = row!.digest;
    }
    return counts;
  }

  return { graph, run, data, count, snapshot };
}
