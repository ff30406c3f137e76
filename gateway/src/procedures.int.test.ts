import { selectRows } from '@home-affairs/db';
import { fetchDirectoryUnits } from '@home-affairs/procedures';
import { subgraphDefinition as procedures } from '@home-affairs/procedures/typeDefs';
import { startedForTests } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { postGraphQL } from './testing/postGraphQL.ts';
import { startProceduresSubgraph } from './testing/startProceduresSubgraph.ts';
import { startUnitsAndGateway } from './testing/startUnitsAnd.ts';

// The real units subgraph and the real procedures subgraph, fed the real unit directory (old and
// new units), behind an in-process gateway.

const started = startedForTests(() =>
  startUnitsAndGateway(procedures, async (unitsUrl) =>
    startProceduresSubgraph({
      directory: await fetchDirectoryUnits({ graphUrl: unitsUrl }),
      demoDossiers: 40_000,
    }),
  ),
);

interface Statistics {
  received: number;
  resolved: number;
  onTimeRate: number | null;
  onlineRate: number | null;
}

const ngheAnCommunes = `query ($from: Date!, $to: Date!) {
  unit(code: "40") {
    name
    procedureStatistics(from: $from, to: $to) { received resolved onTimeRate onlineRate }
    children(first: 5000) {
      totalCount
      nodes { code name procedureStatistics(from: $from, to: $to) { received resolved onTimeRate onlineRate } }
    }
  }
}`;

interface NgheAn {
  unit: {
    name: string;
    procedureStatistics: Statistics;
    children: {
      totalCount: number;
      nodes: { code: string; name: string; procedureStatistics: Statistics }[];
    };
  };
}

describe('procedure statistics through the gateway', () => {
  it('gives every commune of Nghệ An its on-time and online rates in one query, constant SQL statements', async () => {
    const variables = { from: '2025-01-01', to: '2025-12-31' };
    const { result: response, statements } = await started().agency.database.statements.measure(
      () => postGraphQL<NgheAn>(started().gateway.url, ngheAnCommunes, { variables }),
    );
    expect(response.errors).toBeUndefined();
    const unit = response.data!.unit;
    expect(unit.name).toBe('Nghệ An');
    expect(unit.children.totalCount).toBeGreaterThan(100);
    expect(unit.children.nodes).toHaveLength(unit.children.totalCount);
    const communes = unit.children.nodes;
    // Nearly every commune has dossiers in a year, its own and those of the old communes it
    // carries on (a few thousand generated dossiers spread over 3,321 communes leave some empty).
    const active = communes.filter((commune) => commune.procedureStatistics.resolved > 0);
    expect(active.length).toBeGreaterThan(communes.length * 0.8);
    for (const commune of active) {
      expect(commune.procedureStatistics.onTimeRate).toBeGreaterThanOrEqual(0);
      expect(commune.procedureStatistics.onTimeRate).toBeLessThanOrEqual(1);
    }
    expect(unit.procedureStatistics.onTimeRate).toBeGreaterThan(0.8);
    // The province counts its communes' dossiers and those filed at provincial level.
    const communeTotal = communes.reduce(
      (sum, commune) => sum + commune.procedureStatistics.received,
      0,
    );
    expect(unit.procedureStatistics.received).toBeGreaterThan(communeTotal);
    expect(unit.procedureStatistics.onlineRate).toBeGreaterThan(0.47);
    // One SQL statement per entity fetch of the query plan (the province, then all its communes
    // in one batch), however many communes there are.
    expect(statements).toBe(2);
  });

  it('counts the dossiers of abolished communes under their successors', async () => {
    // A commune of Nghệ An in force today that received dossiers of old communes before the reform.
    const found = await selectRows<{ code: string; received: number; inherited: number }>(
      started().agency.database.db,
      sql`
      SELECT attributed_unit_code AS code, count(*)::int AS received,
        count(*) FILTER (WHERE unit_code <> attributed_unit_code)::int AS inherited
      FROM procedures.dossiers
      WHERE province_code = '40' AND received_on < '2025-07-01' AND attributed_unit_code <> '40'
      GROUP BY attributed_unit_code
      ORDER BY count(*) FILTER (WHERE unit_code <> attributed_unit_code) DESC, attributed_unit_code
      LIMIT 1`,
    );
    const successor = found[0]!;
    expect(successor.inherited).toBeGreaterThan(0);
    const response = await postGraphQL<{ unit: { procedureStatistics: { received: number } } }>(
      started().gateway.url,
      `query ($code: ID!) { unit(code: $code) {
        procedureStatistics(from: "2025-01-01", to: "2025-06-30") { received } } }`,
      { variables: { code: successor.code } },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.unit.procedureStatistics.received).toBe(successor.received);
  });

  it('computes the service index of a province from its dossiers, with the communes and procedures that cost it points', async () => {
    const variables = { from: '2025-10-01', to: '2025-12-31' };
    const { result: response, statements } = await started().agency.database.statements.measure(
      () =>
        postGraphQL<{
          unit: {
            serviceIndex: {
              score: number;
              dossiers: number;
              groups: {
                key: string;
                points: number | null;
                maxPoints: number;
                criteria: {
                  code: string;
                  numerator: number;
                  denominator: number;
                  points: number | null;
                  approximation: boolean;
                }[];
              }[];
              communes: {
                unit: { code: string; name: string };
                score: number | null;
                dossiers: number;
                lostPoints: number;
              }[];
              procedures: { procedure: { code: string }; dossiers: number; lostPoints: number }[];
            };
          };
        }>(
          started().gateway.url,
          `query ($from: Date!, $to: Date!) { unit(code: "40") { serviceIndex(from: $from, to: $to) {
            score dossiers
            groups { key points maxPoints criteria { code numerator denominator points approximation } }
            communes(first: 500) { unit { code name } score dossiers lostPoints }
            procedures(first: 200) { procedure { code } dossiers lostPoints } } } }`,
          { variables },
        ),
    );
    expect(response.errors).toBeUndefined();
    const index = response.data!.unit.serviceIndex;
    expect(index.groups.map((group) => [group.key, group.maxPoints])).toEqual([
      ['PUBLICITY', 18],
      ['PROGRESS', 20],
      ['ONLINE_SERVICE', 22],
      ['DIGITISATION', 22],
      ['SATISFACTION', 18],
    ]);
    expect(index.score).toBeGreaterThan(30);
    expect(index.score).toBeLessThan(100);
    // The counts behind the criteria, checked against a plain scan of the dossiers.
    const [scan] = await selectRows<{
      received: number;
      online: number;
      digitized: number;
      feePayable: number;
      paidOnline: number;
    }>(
      started().agency.database.db,
      sql`SELECT count(*)::int AS received, count(*) FILTER (WHERE channel = 'ONLINE')::int AS online,
        count(*) FILTER (WHERE digitized)::int AS digitized,
        count(*) FILTER (WHERE fee_payable)::int AS "feePayable",
        count(*) FILTER (WHERE fee_paid_online)::int AS "paidOnline"
      FROM procedures.dossiers
      WHERE province_code = '40' AND received_on BETWEEN '2025-10-01' AND '2025-12-31'`,
    );
    const criteria = Object.fromEntries(
      index.groups.flatMap((group) =>
        group.criteria.map((criterion) => [criterion.code, criterion]),
      ),
    );
    expect(index.dossiers).toBe(scan!.received);
    expect([criteria['3.1']!.numerator, criteria['3.1']!.denominator]).toEqual([
      scan!.online,
      scan!.received,
    ]);
    expect([criteria['4.1']!.numerator, criteria['4.1']!.denominator]).toEqual([
      scan!.digitized,
      scan!.received,
    ]);
    expect([criteria['3.2']!.numerator, criteria['3.2']!.denominator]).toEqual([
      scan!.paidOnline,
      scan!.feePayable,
    ]);
    expect(criteria['1.1']!.denominator).toBeGreaterThan(0);
    // Every commune of the province is ranked, by the points it costs; the communes' lost points
    // add up to at most the province's shortfall (provincial dossiers cost the rest).
    expect(index.communes).toHaveLength(130);
    const lost = index.communes.map((commune) => commune.lostPoints);
    expect(lost).toEqual([...lost].sort((a, b) => b - a));
    const communeLoss = lost.reduce((sum, value) => sum + value, 0);
    expect(communeLoss).toBeGreaterThan(0);
    expect(communeLoss).toBeLessThan(100 - index.score);
    expect(index.procedures.length).toBeGreaterThan(0);
    expect(index.procedures.reduce((sum, entry) => sum + entry.dossiers, 0)).toBe(index.dossiers);
    // Batched: a constant number of statements for 130 communes and every procedure.
    expect(statements).toBeLessThanOrEqual(8);
  });
});
