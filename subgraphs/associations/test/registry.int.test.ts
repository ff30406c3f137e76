import { selectRows } from '@home-affairs/db';
import { type Identity, scopesForRole } from '@home-affairs/identity';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { fixtureLayout, fixtureWriter as writer } from './fixtures.ts';
import { useFixtureSubgraph } from './useFixtureSubgraph.ts';

const { graph, run, data, count } = useFixtureSubgraph();

describe('the registry the generator writes', () => {
  it('gives the calibrated counts as of 2024-12-31 from its own records', async () => {
    expect(await count({ kind: ['ASSOCIATION'] })).toBe(fixtureLayout.associations);
    expect(await count({ kind: ['SOCIAL_FUND', 'CHARITY_FUND'] })).toBe(fixtureLayout.funds);
    const wide = ['NATIONWIDE', 'INTER_PROVINCIAL'];
    expect(await count({ kind: ['ASSOCIATION'], scope: wide })).toBe(
      fixtureLayout.wideAssociations,
    );
    expect(await count({ kind: ['SOCIAL_FUND', 'CHARITY_FUND'], scope: wide })).toBe(
      fixtureLayout.wideFunds,
    );
  });

  it('crosses the reform: registrations after 2024, dissolutions before and after', async () => {
    const total = fixtureLayout.associations + fixtureLayout.funds;
    expect(await count({})).toBe(total);
    expect(await count({}, '2026-11-20')).not.toBe(total);
    expect(await count({ status: ['DISSOLVED', 'MERGED'] })).toBeGreaterThan(0);
    const registeredSince = await data<{
      organizationStatisticsByYear: { registered: number; existingAtYearEnd: number }[];
    }>(
      '{ organizationStatisticsByYear(fromYear: 2024, toYear: 2026) { registered existingAtYearEnd } }',
    );
    expect(registeredSince.organizationStatisticsByYear[0]!.existingAtYearEnd).toBe(total);
    registeredSince.organizationStatisticsByYear.shift();
    expect(
      registeredSince.organizationStatisticsByYear.reduce((sum, year) => sum + year.registered, 0),
    ).toBe(fixtureLayout.registeredFrom2025);
  });

  it('counts an old province before the reform, and its successor after', async () => {
    const before = await count({ provinceCode: '44' }, '2025-06-30');
    const oldQuangTri = await count({ provinceCode: '45' }, '2025-06-30');
    expect(before).toBeGreaterThan(0);
    const statistics = await data<{
      organizationStatistics: { total: number; groups: { province: { code: string } }[] };
    }>(
      `{ organizationStatistics(asOf: "2025-07-01", groupBy: [PROVINCE]) {
        total groups { province { code } count } } }`,
    );
    // From 1 July 2025 there is no province 44 any more: its organisations count in 45.
    expect(statistics.organizationStatistics.groups.map((group) => group.province.code)).toEqual([
      '01',
      '45',
    ]);
    const after = await count({ provinceCode: '45' }, '2025-07-01');
    expect(after).toBeGreaterThanOrEqual(before + oldQuangTri - 5);
  });

  it('marks every demo record as synthetic and keeps an old seat as registered', async () => {
    const page = await data<{
      organizations: {
        nodes: { synthetic: boolean; seat: { code: string }; registeredOn: string }[];
      };
    }>(
      '{ organizations(first: 500, asOf: "2026-11-20") { nodes { synthetic registeredOn seat { code } } } }',
    );
    expect(page.organizations.nodes.every((node) => node.synthetic)).toBe(true);
    const oldCommunes = new Set(['00001', '19001']);
    expect(
      page.organizations.nodes.some(
        (node) => oldCommunes.has(node.seat.code) && node.registeredOn < '2025-07-01',
      ),
    ).toBe(true);
  });
});

describe('organisations of a unit', () => {
  const entities = `query Units($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on AdministrativeUnit {
        code
        organizations(first: 5) { totalCount nodes { registrationNumber status leaders { position } } }
        organizationCounts { total byKind { kind count } }
      }
    }
  }`;

  it('costs the same statements for one unit as for many', async () => {
    const measure = async (codes: string[]) =>
      graph().measure(() =>
        data<{ _entities: { organizations: { totalCount: number } }[] }>(entities, {
          representations: codes.map((code) => ({ __typename: 'AdministrativeUnit', code })),
        }),
      );
    const one = await measure(['00004']);
    const many = await measure(['00004', '19000', '19300', '00001', '19001']);
    expect(many.result._entities).toHaveLength(5);
    expect(many.statements).toBe(one.statements);
  });

  it('gives an abolished commune the organisations recorded in it', async () => {
    const result = await data<{
      _entities: { organizations: { totalCount: number } }[];
    }>(entities, { representations: [{ __typename: 'AdministrativeUnit', code: '00001' }] });
    const [recorded] = await selectRows<{ n: number }>(
      graph().database.db,
      sql`SELECT count(*)::int AS n FROM associations.organizations WHERE seat_code = '00001'
        AND (ended_on IS NULL OR ended_on > CURRENT_DATE)`,
    );
    expect(result._entities[0]!.organizations.totalCount).toBe(recorded!.n);
  });
});

describe('personal data', () => {
  it('serves leaders’ names only with the personal scope', async () => {
    const query = `{ organizations(first: 200) { nodes { leaders { fullName } } } }`;
    expect((await run(query)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const researcher: Identity = {
      subject: 'researcher-1',
      role: 'researcher',
      scopes: scopesForRole('researcher'),
    };
    const refused = await run(query, {}, researcher);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.data ?? null).toBeNull();
    const allowed = await run<{ organizations: { nodes: { leaders: { fullName: string }[] }[] } }>(
      query,
      {},
      writer,
    );
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data?.organizations.nodes.some((node) => node.leaders.length > 0)).toBe(true);
  });
});
