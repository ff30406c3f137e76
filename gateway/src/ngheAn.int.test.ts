import { readFileSync } from 'node:fs';
import type { HttpService } from '@home-affairs/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphs } from './subgraphs.ts';
import { postGraphQL } from './testing/postGraphQL.ts';
import { type DemoSubgraphs, startDemoSubgraphs } from './testing/startDemoSubgraphs.ts';
import { startTestGateway } from './testing/startTestGateway.ts';

// The query this product exists for: every commune of Nghệ An with its name (units), its staffing
// against quota (personnel), its registered associations (associations) and the on-time and online
// rates of its dossiers (procedures). All four real subgraphs, each over its own database and fed
// the real unit directory, behind one in-process gateway built from the checked-in subgraph list.

/** The Nghệ An query, as `pnpm bench:nghe-an` times it against a running graph. */
const ngheAnQuery = readFileSync(
  new URL('../../scripts/queries/ngheAn.graphql', import.meta.url),
  'utf8',
);

interface Commune {
  code: string;
  name: string;
  // Nullable like every field another subgraph adds to a unit (docs/style.md): null only with
  // an error, which the test rules out first.
  staffingSummary: { quota: number; headcount: number; vacancies: number } | null;
  organizationCounts: { total: number; byKind: { kind: string; count: number }[] } | null;
  procedureStatistics: {
    received: number;
    resolved: number;
    onTimeRate: number | null;
    onlineRate: number | null;
  } | null;
}

let graph: DemoSubgraphs;
let gateway: HttpService;

beforeAll(async () => {
  graph = await startDemoSubgraphs({ demoDossiers: 40_000 });
  gateway = await startTestGateway(subgraphs, graph.urls);
}, 240_000);

afterAll(async () => {
  await gateway?.close();
  await graph?.dispose();
});

/** SQL statements each subgraph runs while `fn` runs. */
async function statementsPerSubgraph(fn: () => Promise<unknown>): Promise<Record<string, number>> {
  const { units, associations, personnel, procedures } = graph;
  const measured = Object.entries({ units, associations, personnel, procedures });
  const before = measured.map(([, subgraph]) => subgraph.database.statements.count);
  await fn();
  return Object.fromEntries(
    measured.map(([name, subgraph], index) => [
      name,
      subgraph.database.statements.count - (before[index] ?? 0),
    ]),
  );
}

describe('the Nghệ An query', () => {
  it('gives every commune of Nghệ An its name, staffing, associations and dossier rates in one query', async () => {
    const variables = { from: '2025-07-01', to: '2026-06-30' };
    const response = await postGraphQL<{
      unit: { name: string; children: { totalCount: number; nodes: Commune[] } };
    }>(gateway.url, ngheAnQuery, { variables });
    expect(response.errors).toBeUndefined();
    const province = response.data!.unit;
    expect(province.name).toBe('Nghệ An');
    const communes = province.children.nodes;
    // Nghệ An has 130 commune-level units since 1 July 2025.
    expect(province.children.totalCount).toBe(130);
    expect(communes).toHaveLength(130);
    for (const commune of communes) {
      expect(commune.name, commune.code).not.toBe('');
      expect(commune.staffingSummary?.quota, commune.code).toBeGreaterThan(0);
      expect(commune.staffingSummary!.vacancies).toBe(
        commune.staffingSummary!.quota - commune.staffingSummary!.headcount,
      );
      expect(commune.organizationCounts!.total).toBe(
        commune.organizationCounts!.byKind.reduce((sum, entry) => sum + entry.count, 0),
      );
      const { received, resolved, onTimeRate, onlineRate } = commune.procedureStatistics!;
      // A rate is null when nothing was received (or resolved) in the period, a share otherwise.
      if (received === 0) expect(onlineRate).toBeNull();
      else expect(onlineRate).toSatisfy((rate: number) => rate >= 0 && rate <= 1);
      if (resolved === 0) expect(onTimeRate).toBeNull();
      else expect(onTimeRate).toSatisfy((rate: number) => rate >= 0 && rate <= 1);
    }
    // Every subgraph contributes data across the province, not only zeros (the test loads 40,000
    // dossiers nationwide, so a few communes may have none in the period).
    expect(
      communes.filter((commune) => commune.organizationCounts!.total > 0).length,
    ).toBeGreaterThan(50);
    expect(
      communes.filter((commune) => commune.procedureStatistics!.received > 0).length,
    ).toBeGreaterThan(100);
  });

  it('costs each subgraph the same SQL statements for 130 communes as for 10', async () => {
    const variables = { from: '2025-07-01', to: '2026-06-30' };
    const few = await statementsPerSubgraph(() =>
      postGraphQL(gateway.url, ngheAnQuery, { variables: { ...variables, communes: 10 } }),
    );
    const all = await statementsPerSubgraph(() =>
      postGraphQL(gateway.url, ngheAnQuery, { variables }),
    );
    expect(all).toEqual(few);
    for (const count of Object.values(all)) expect(count).toBeLessThanOrEqual(6);
  });
});
