import { selectRows } from '@home-affairs/db';
import { anonymousIdentity, type Identity, scopesForRole } from '@home-affairs/identity';
import { createLogger } from '@home-affairs/service';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibration } from '../src/server.ts';
import { startSubgraph } from './startSubgraph.ts';

const logger = createLogger('personnel-test', 'silent');
let graph: Awaited<ReturnType<typeof startSubgraph>>;
let seedMilliseconds = 0;

function writer(province?: string, subgraphName = 'personnel'): Identity {
  return {
    subject: `writer-${subgraphName}-${province ?? 'all'}`,
    role: 'writer',
    scopes: scopesForRole('writer', subgraphName),
    subgraph: subgraphName,
    province,
  };
}
const researcher: Identity = {
  subject: 'researcher',
  role: 'researcher',
  scopes: scopesForRole('researcher'),
};

/** Runs an operation against the subgraph as `identity`. */
function run<T = Record<string, never>>(
  query: string,
  variables: Record<string, unknown> = {},
  identity: Identity = anonymousIdentity,
) {
  return graph.execute<T>(query, variables, identity);
}

async function ok<T>(query: string, variables?: Record<string, unknown>, identity?: Identity) {
  const result = await run<T>(query, variables, identity);
  expect(result.errors).toBeUndefined();
  return result.data;
}

/** Runs raw SQL and returns its rows. */
async function select<T>(text: string): Promise<T[]> {
  return selectRows<T>(graph.database.db, sql.raw(text));
}

async function countRows(table: string) {
  const [row] = await select<{ n: number }>(`SELECT count(*)::int AS n FROM personnel.${table}`);
  return Number(row!.n);
}

beforeAll(async () => {
  // The demo data is seeded as the subgraph starts (the time includes creating the database).
  const started = performance.now();
  graph = await startSubgraph('personnel');
  seedMilliseconds = performance.now() - started;
});

afterAll(async () => {
  await graph?.close();
});

describe('the demo data', () => {
  it('is calibrated to the published figures', async () => {
    const data = await ok<{
      separations: { totalCount: number };
      old: { quota: number };
      next: { quota: number };
      in2021: { totalCount: number };
      end2024: { totalCount: number };
    }>(`{
      separations { totalCount }
      old: staffingTotals(period: P2022_2026) { quota }
      next: staffingTotals(period: P2026_2031) { quota }
      in2021: agencies(filter: {kind: PUBLIC_SERVICE_UNIT, underMinistries: true}, asOf: "2021-12-31") { totalCount }
      end2024: agencies(filter: {kind: PUBLIC_SERVICE_UNIT, underMinistries: true}, asOf: "2024-12-31") { totalCount }
    }`);
    expect(data.separations.totalCount).toBe(calibration.separations);
    expect(data.next.quota / data.old.quota).toBeLessThanOrEqual(0.85);
    expect(data.next.quota / data.old.quota).toBeGreaterThan(0.5);
    expect(data.in2021.totalCount).toBe(1035);
    expect(data.end2024.totalCount).toBe(895);
    logger.info({ seedMilliseconds }, 'seeded');
  });

  it('is the same on every run', async () => {
    const [digest] = await select<{ d: string }>(
      `SELECT md5(string_agg(national_id || effective_date || benefit_amount, ',' ORDER BY id)) AS d
        FROM personnel.separations WHERE id % 1000 = 0`,
    );
    const [real] = await select<{ n: number }>(
      'SELECT count(*)::int AS n FROM personnel.separations WHERE NOT synthetic',
    );
    expect(Number(real!.n)).toBe(0);
    // Pinned: a change to the generator (or a machine-dependent order) changes this digest.
    expect(digest!.d).toBe('f561b17d488e4500f5ef1df5dd74e444');
  });

  it('never gives a child more posts than its parent allocated', async () => {
    const [result] = await select<{ n: number }>(
      `SELECT count(*)::int AS n FROM personnel.staffing_quotas parent
        JOIN (SELECT a.parent_code, q.period, q.category, sum(q.amount) AS amount
          FROM personnel.staffing_quotas q JOIN personnel.agencies a ON a.code = q.agency_code
          GROUP BY 1, 2, 3) children
        ON children.parent_code = parent.agency_code AND children.period = parent.period
          AND children.category = parent.category
        WHERE children.amount > parent.amount`,
    );
    expect(Number(result!.n)).toBe(0);
  });

  it('records the reform: merged provinces and communes, dissolved districts, new communes', async () => {
    const data = await ok<Record<string, Record<string, unknown>>>(`{
      quangBinh: agency(code: "UBND-44") { status endedOn successor { code } }
      district: agency(code: "UBND-412") { kind status endedOn successor { code } statusHistory { status effectiveDate basis successor { code } } }
      oldCommune: agency(code: "UBND-16684") { status successor { code } parent { code } }
      newCommune: agency(code: "UBND-16690") { status establishedOn parent { code } servesUnit { code } }
      department: agency(code: "SNV-40") { name kind parent { code } }
      ministry: agency(code: "BLDTBXH") { status endedOn successor { code name } }
    }`);
    expect(data.quangBinh).toEqual({
      status: 'MERGED',
      endedOn: '2025-07-01',
      successor: { code: 'UBND-45' },
    });
    expect(data.district).toMatchObject({
      kind: 'DISTRICT_PEOPLES_COMMITTEE',
      status: 'DISSOLVED',
      endedOn: '2025-07-01',
      successor: { code: 'UBND-40' },
      statusHistory: [
        { status: 'DISSOLVED', effectiveDate: '2025-07-01', successor: { code: 'UBND-40' } },
      ],
    });
    expect(data.oldCommune).toEqual({
      status: 'MERGED',
      successor: { code: 'UBND-16681' },
      parent: { code: 'UBND-412' },
    });
    expect(data.newCommune).toEqual({
      status: 'ACTIVE',
      establishedOn: '2025-07-01',
      parent: { code: 'UBND-40' },
      servesUnit: { code: '16690' },
    });
    expect(data.department).toEqual({
      name: 'Sở Nội vụ tỉnh Nghệ An',
      kind: 'PROVINCIAL_DEPARTMENT',
      parent: { code: 'UBND-40' },
    });
    expect(data.ministry).toEqual({
      status: 'MERGED',
      endedOn: '2025-03-01',
      successor: { code: 'BNV', name: 'Bộ Nội vụ' },
    });
  });

  it('publishes separation statistics by province, agency kind, reason and month', async () => {
    const data = await ok<
      Record<string, { key: string | null; count: number; totalBenefit: number }[]>
    >(`{
      province: separationStatistics(groupBy: PROVINCE) { key count totalBenefit }
      kind: separationStatistics(groupBy: AGENCY_KIND) { key count }
      reason: separationStatistics(groupBy: REASON) { key count }
      month: separationStatistics(groupBy: MONTH) { key count }
    }`);
    for (const groups of Object.values(data)) {
      expect(groups.reduce((sum, group) => sum + group.count, 0)).toBe(calibration.separations);
    }
    // Quảng Bình's separations count under Quảng Trị, which absorbed it.
    expect(data.province!.map((group) => group.key)).not.toContain('44');
    expect(data.month!.every((group) => group.key! >= '2025-01' && group.key! <= '2025-12')).toBe(
      true,
    );
  });
});

const unitFields = `... on AdministrativeUnit {
  code
  staffingSummary { quota headcount vacancies categories { category quota headcount vacancies } agency { code } }
  specialistShortages { field required assigned shortage }
  agencies(first: 5) { totalCount nodes { code kind } }
}`;

describe('fields on administrative units', () => {
  it('gives a commune its committee figures and shortages', async () => {
    const data = await ok<{ _entities: Record<string, unknown>[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ${unitFields} } }`,
      { r: [{ __typename: 'AdministrativeUnit', code: '16681' }] },
    );
    const commune = data._entities[0] as {
      staffingSummary: {
        quota: number;
        headcount: number;
        vacancies: number;
        agency: { code: string };
      };
      specialistShortages: { required: number; assigned: number; shortage: number }[];
      agencies: { totalCount: number; nodes: { code: string }[] };
    };
    expect(commune.staffingSummary.agency.code).toBe('UBND-16681');
    expect(commune.staffingSummary.quota - commune.staffingSummary.headcount).toBe(
      commune.staffingSummary.vacancies,
    );
    expect(commune.specialistShortages).toHaveLength(8);
    for (const row of commune.specialistShortages) {
      expect(row.shortage).toBe(Math.max(row.required - row.assigned, 0));
    }
    expect(commune.agencies.nodes.map((agency) => agency.code)).toEqual(['UBND-16681']);
  });

  it('costs a constant number of statements for 500 units', async () => {
    const representations = (n: number) =>
      Array.from({ length: n }, (_, index) => ({
        __typename: 'AdministrativeUnit',
        code: index === 0 ? '40' : String(16000 + index),
      }));
    const measure = async (n: number) =>
      (
        await graph.measure(() =>
          ok(`query ($r: [_Any!]!) { _entities(representations: $r) { ${unitFields} } }`, {
            r: representations(n),
          }),
        )
      ).statements;
    const few = await measure(3);
    const many = await measure(500);
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(5);
  });
});

const allocate = `mutation ($input: AllocateStaffingQuotaInput!) {
  allocateStaffingQuota(input: $input) { quota { amount allocatedToChildren agency { code } } }
}`;

describe('writes', () => {
  it('refuses a child quota above what the parent left, and changes nothing', async () => {
    const before = await ok<{ agency: { quotas: { amount: number }[] } }>(
      '{ agency(code: "UBND-16681") { quotas(period: P2026_2031) { amount } } }',
    );
    const historyBefore = await countRows('history');
    const result = await run(
      allocate,
      {
        input: {
          idempotencyKey: 'too-much',
          agencyCode: 'UBND-16681',
          period: 'P2026_2031',
          category: 'COMMUNE_CADRE',
          amount: 1_000_000,
        },
      },
      writer(),
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'RULE_VIOLATION',
      field: 'input.amount',
    });
    const after = await ok(
      '{ agency(code: "UBND-16681") { quotas(period: P2026_2031) { amount } } }',
    );
    expect(after).toEqual(before);
    expect(await countRows('history')).toBe(historyBefore);
    expect(await countRows('idempotency_keys')).toBe(0);
  });

  it('allocates once per idempotency key, keeps the history, and refuses the key with other input', async () => {
    const input = {
      idempotencyKey: 'cut-16681',
      agencyCode: 'UBND-16681',
      period: 'P2026_2031',
      category: 'COMMUNE_CADRE',
      amount: 25,
      provinceCode: '40',
    };
    const first = await ok(allocate, { input }, writer('40'));
    const historyAfterFirst = await countRows('history');
    const retry = await ok(allocate, { input }, writer('40'));
    expect(retry).toEqual(first);
    expect(first).toMatchObject({ allocateStaffingQuota: { quota: { amount: 25 } } });
    expect(await countRows('history')).toBe(historyAfterFirst);
    const conflict = await run(allocate, { input: { ...input, amount: 26 } }, writer('40'));
    expect(conflict.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'input.idempotencyKey',
    });
    const [row] = await select(
      `SELECT actor, operation, before->>'amount' AS before, after->>'amount' AS after
        FROM personnel.history WHERE entity_key = 'UBND-16681|P2026_2031|COMMUNE_CADRE'`,
    );
    expect(row).toMatchObject({
      actor: 'writer-personnel-40',
      operation: 'allocateStaffingQuota',
      after: '25',
    });
  });

  it('makes one change for concurrent retries of the same write', async () => {
    const input = {
      idempotencyKey: 'concurrent',
      agencyCode: 'SNV-40',
      period: 'P2026_2031',
      category: 'CONTRACT_LABOUR',
      amount: 3,
    };
    const results = await Promise.all([1, 2, 3].map(() => run(allocate, { input }, writer())));
    for (const result of results) expect(result.errors).toBeUndefined();
    const changes = await select(
      `SELECT id FROM personnel.history WHERE entity_key = 'SNV-40|P2026_2031|CONTRACT_LABOUR'`,
    );
    expect(changes).toHaveLength(1);
  });

  it('refuses a province-restricted writer an agency of another province', async () => {
    const result = await run(
      allocate,
      {
        input: {
          idempotencyKey: 'other-province',
          agencyCode: 'UBND-19000',
          period: 'P2026_2031',
          category: 'COMMUNE_CADRE',
          amount: 1,
          provinceCode: '40',
        },
      },
      writer('40'),
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('RULE_VIOLATION');
    const central = await run(
      allocate,
      {
        input: {
          idempotencyKey: 'central',
          agencyCode: 'BNV',
          period: 'P2026_2031',
          category: 'CIVIL_SERVANT',
          amount: 1,
        },
      },
      writer('40'),
    );
    expect(central.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('records headcount, refusing a future day', async () => {
    const mutation = `mutation ($input: RecordHeadcountInput!) {
      recordHeadcount(input: $input) { snapshot { headcount asOf agency { code } } } }`;
    const future = await run(
      mutation,
      {
        input: {
          idempotencyKey: 'h-future',
          agencyCode: 'SNV-40',
          category: 'CIVIL_SERVANT',
          asOf: '2099-01-01',
          headcount: 5,
        },
      },
      writer(),
    );
    expect(future.errors?.[0]?.extensions).toMatchObject({
      code: 'RULE_VIOLATION',
      field: 'input.asOf',
    });
    const recorded = await ok(
      mutation,
      {
        input: {
          idempotencyKey: 'h-1',
          agencyCode: 'SNV-40',
          category: 'CIVIL_SERVANT',
          asOf: '2026-09-30',
          headcount: 61,
        },
      },
      writer(),
    );
    expect(recorded).toEqual({
      recordHeadcount: {
        snapshot: { headcount: 61, asOf: '2026-09-30', agency: { code: 'SNV-40' } },
      },
    });
  });

  it('merges an agency into an operating successor only', async () => {
    const mutation = `mutation ($input: MergeAgencyInput!) {
      mergeAgency(input: $input) { agency { code status endedOn successor { code } statusHistory { status } } } }`;
    const intoEnded = await run(
      mutation,
      {
        input: {
          idempotencyKey: 'm-0',
          agencyCode: 'DVSN-40-2',
          successorCode: 'UBND-412',
          effectiveDate: '2026-10-01',
        },
      },
      writer(),
    );
    expect(intoEnded.errors?.[0]?.extensions).toMatchObject({
      code: 'RULE_VIOLATION',
      field: 'input.successorCode',
    });
    const merged = await ok(
      mutation,
      {
        input: {
          idempotencyKey: 'm-1',
          agencyCode: 'DVSN-40-2',
          successorCode: 'DVSN-40-1',
          effectiveDate: '2026-10-01',
          basis: 'Decision 1/QĐ-UBND',
        },
      },
      writer(),
    );
    expect(merged).toEqual({
      mergeAgency: {
        agency: {
          code: 'DVSN-40-2',
          status: 'MERGED',
          endedOn: '2026-10-01',
          successor: { code: 'DVSN-40-1' },
          statusHistory: [{ status: 'MERGED' }],
        },
      },
    });
    const again = await run(
      mutation,
      {
        input: {
          idempotencyKey: 'm-2',
          agencyCode: 'DVSN-40-2',
          successorCode: 'DVSN-40-1',
          effectiveDate: '2026-10-02',
        },
      },
      writer(),
    );
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'RULE_VIOLATION',
      field: 'input.agencyCode',
    });
  });

  it('dissolves an agency without a successor', async () => {
    const dissolved = await ok(
      `mutation ($input: DissolveAgencyInput!) {
        dissolveAgency(input: $input) { agency { status endedOn successor { code } } } }`,
      {
        input: {
          idempotencyKey: 'd-1',
          agencyCode: 'DVSN-40-3',
          effectiveDate: '2026-10-01',
          provinceCode: '40',
        },
      },
      writer('40'),
    );
    expect(dissolved).toEqual({
      dissolveAgency: { agency: { status: 'DISSOLVED', endedOn: '2026-10-01', successor: null } },
    });
    const { agencies } = await ok<{ agencies: { nodes: { code: string }[] } }>(
      '{ agencies(filter: {parentCode: "UBND-40", kind: PUBLIC_SERVICE_UNIT}, asOf: "2026-10-01") { nodes { code } } }',
    );
    expect(agencies.nodes.map((agency) => agency.code)).not.toContain('DVSN-40-3');
  });

  it('keeps the history append-only', async () => {
    await expect(
      graph.database.db.execute(sql.raw('UPDATE personnel.history SET actor = actor')),
    ).rejects.toThrow();
    await expect(
      graph.database.db.execute(sql.raw('DELETE FROM personnel.history')),
    ).rejects.toThrow();
  });
});

describe('separations and personal data', () => {
  const record = `mutation ($input: RecordSeparationInput!) {
    recordSeparation(input: $input) { separation { id reason benefitAmount agency { code } } } }`;
  const person = {
    idempotencyKey: 's-1',
    agencyCode: 'UBND-16681',
    reason: 'EARLY_RETIREMENT',
    category: 'COMMUNE_CADRE',
    effectiveDate: '2026-08-01',
    benefitAmount: 812_000_000,
    fullName: 'Trần Thị Kiểm Thử',
    nationalId: '040170123456',
    birthDate: '1970-05-04',
  };

  it('counts a separation from an absorbed province under the province that absorbed it', async () => {
    const recorded = await ok<{
      recordSeparation: { separation: { provinceCode: string; agency: { code: string } } };
    }>(
      `mutation ($input: RecordSeparationInput!) {
        recordSeparation(input: $input) { separation { provinceCode agency { code } } } }`,
      {
        input: {
          ...person,
          idempotencyKey: 's-old',
          agencyCode: 'UBND-450',
          category: 'CIVIL_SERVANT',
          effectiveDate: '2025-03-01',
        },
      },
      writer(),
    );
    expect(recorded.recordSeparation.separation).toEqual({
      provinceCode: '45',
      agency: { code: 'UBND-450' },
    });
    const late = await run(
      `mutation ($input: RecordSeparationInput!) { recordSeparation(input: $input) { separation { id } } }`,
      { input: { ...person, idempotencyKey: 's-late', agencyCode: 'UBND-450' } },
      writer(),
    );
    expect(late.errors?.[0]?.extensions).toMatchObject({
      code: 'RULE_VIOLATION',
      field: 'input.effectiveDate',
    });
  });

  it('refuses a malformed ID number without quoting it', async () => {
    const result = await run(
      record,
      { input: { ...person, idempotencyKey: 's-bad', nationalId: '04017012345X' } },
      writer(),
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.nationalId',
    });
    expect(JSON.stringify(result.errors)).not.toContain('04017012345X');
  });

  it('records a separation and serves its personal fields only with the personal scope', async () => {
    const recorded = await ok<{ recordSeparation: { separation: { id: string } } }>(
      record,
      { input: person },
      writer(),
    );
    const id = recorded.recordSeparation.separation.id;
    const history = await select(
      `SELECT after::text AS after FROM personnel.history WHERE entity = 'separation'`,
    );
    expect(history.length).toBeGreaterThan(0);
    expect(JSON.stringify(history)).not.toContain(person.nationalId);
    expect(JSON.stringify(history)).not.toContain('Kiểm Thử');

    const query =
      '{ separations(first: 1, filter: {agencyCode: "UBND-16681", from: "2026-08-01"}) { nodes { id fullName nationalId birthDate } } }';
    for (const identity of [anonymousIdentity, researcher, writer(undefined, 'associations')]) {
      const refused = await run(query, {}, identity);
      expect(refused.data ?? null).toBeNull();
      expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(refused.errors?.[0]?.extensions.code);
      expect(JSON.stringify(refused)).not.toContain(person.nationalId);
    }
    const allowed = await ok(query, {}, writer());
    expect(allowed).toEqual({
      separations: {
        nodes: [
          {
            id,
            fullName: person.fullName,
            nationalId: person.nationalId,
            birthDate: person.birthDate,
          },
        ],
      },
    });
    const publicFields = await ok<{ separations: { nodes: { id: string }[] } }>(
      '{ separations(first: 1) { nodes { id reason effectiveDate benefitAmount synthetic agency { code } } } }',
      {},
      researcher,
    );
    expect(publicFields.separations.nodes[0]!.id).toBe(id);
  });
});
