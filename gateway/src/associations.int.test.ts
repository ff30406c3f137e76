import { fetchUnitDirectories } from '@home-affairs/associations';
import { subgraphDefinition as associations } from '@home-affairs/associations/typeDefs';
import { startedForTests } from '@home-affairs/testing';
import { describe, expect, it } from 'vitest';
import { type GraphQLResponse, postGraphQL } from './testing/postGraphQL.ts';
import { startAssociationsSubgraph } from './testing/startAssociationsSubgraph.ts';
import { startUnitsAndGateway } from './testing/startUnitsAnd.ts';

// The real units subgraph and the associations subgraph over the full demo registry, generated
// from the real unit directory, behind an in-process gateway.

const started = startedForTests(() =>
  startUnitsAndGateway(associations, (unitsUrl) =>
    startAssociationsSubgraph({ loadDirectory: fetchUnitDirectories(unitsUrl) }),
  ),
);

async function query<TData>(text: string, variables?: Record<string, unknown>): Promise<TData> {
  const response: GraphQLResponse<TData> = await postGraphQL<TData>(started().gateway.url, text, {
    variables,
  });
  expect(response.errors).toBeUndefined();
  return response.data as TData;
}

const count = `query Count($filter: OrganizationFilter) {
  organizations(filter: $filter, asOf: "2024-12-31", first: 0) { totalCount }
}`;

describe('the associations registry through the gateway', () => {
  it('gives the published figures as of 2024-12-31 from its records', async () => {
    const total = async (filter: Record<string, unknown>) =>
      (await query<{ organizations: { totalCount: number } }>(count, { filter })).organizations
        .totalCount;
    const funds = ['SOCIAL_FUND', 'CHARITY_FUND'];
    const wide = ['NATIONWIDE', 'INTER_PROVINCIAL'];
    expect(await total({ kind: ['ASSOCIATION'] })).toBe(70_096);
    expect(await total({ kind: funds })).toBe(3_081);
    expect(await total({ kind: ['ASSOCIATION'], scope: wide })).toBe(609);
    expect(await total({ kind: funds, scope: wide })).toBe(101);
  });

  it('lists a province’s organisations with their seats from the units subgraph, in constant statements', async () => {
    const page = `query Province($first: Int!) {
      organizations(filter: { provinceCode: "40" }, first: $first) {
        totalCount
        nodes { registrationNumber name status seat { code name province { name } } }
      }
    }`;
    type Page = {
      organizations: {
        totalCount: number;
        nodes: { seat: { name: string; province: { name: string } } }[];
      };
    };
    const measure = async (first: number) => {
      const beforeUnits = started().units.database.statements.count;
      const { result, statements } = await started().agency.database.statements.measure(() =>
        query<Page>(page, { first }),
      );
      return {
        result,
        associations: statements,
        units: started().units.database.statements.count - beforeUnits,
      };
    };
    const small = await measure(10);
    const large = await measure(500);
    expect(small.result.organizations.nodes).toHaveLength(10);
    expect(large.result.organizations.nodes).toHaveLength(500);
    expect(large.result.organizations.totalCount).toBeGreaterThan(1000);
    // Nghệ An kept its code and took in no other province in 2025: every seat, old or new, is in it.
    expect(
      new Set(large.result.organizations.nodes.map((node) => node.seat.province.name)),
    ).toEqual(new Set(['Nghệ An']));
    expect(large.result.organizations.nodes.every((node) => node.seat.name)).toBe(true);
    expect(large.associations).toBe(small.associations);
    expect(large.units).toBe(small.units);
  });

  it('adds organisation counts to units, old and new, in constant statements', async () => {
    const provinces = await query<{
      units: {
        nodes: { code: string; organizationCounts: { total: number } }[];
      };
    }>(`{ units(level: PROVINCE, asOf: "2025-06-30", first: 100) {
      nodes { code organizationCounts(asOf: "2024-12-31") { total } } } }`);
    expect(provinces.units.nodes).toHaveLength(63);
    expect(
      provinces.units.nodes.reduce((sum, unit) => sum + unit.organizationCounts.total, 0),
    ).toBe(70_096 + 3_081);

    const communes = `query Communes($first: Int!) {
      units(level: COMMUNE, first: $first) {
        nodes { code organizations(first: 3) { totalCount nodes { registrationNumber } } }
      }
    }`;
    const small = await started().agency.database.statements.measure(() =>
      query(communes, { first: 10 }),
    );
    const large = await started().agency.database.statements.measure(() =>
      query(communes, { first: 500 }),
    );
    expect(large.statements).toBe(small.statements);
  });
});
