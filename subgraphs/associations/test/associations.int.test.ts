import { selectRows } from '@home-affairs/db';
import { anonymousIdentity, type Identity, scopesForRole } from '@home-affairs/identity';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureLayout, fixtureRegistration, fixtureWriter } from './fixtures.ts';
import { startSubgraph } from './startSubgraph.ts';

const writer = fixtureWriter;

let graph: Awaited<ReturnType<typeof startSubgraph>>;

beforeAll(async () => {
  graph = await startSubgraph('associations');
});

afterAll(async () => {
  await graph?.close();
});

function run<TData = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
  identity: Identity = anonymousIdentity,
) {
  return graph.execute<TData>(query, variables, identity);
}

async function data<TData>(query: string, variables?: Record<string, unknown>) {
  const result = await run<TData>(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data as TData;
}

const countQuery = `query Count($filter: OrganizationFilter, $asOf: Date) {
  organizations(filter: $filter, asOf: $asOf, first: 0) { totalCount }
}`;

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
      graph.database.db,
      sql.raw(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest
        FROM associations.${table} t`),
    );
    counts[table] = row!.digest;
  }
  return counts;
}

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
      graph.measure(() =>
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
      graph.database.db,
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

const register = `mutation Register($input: RegisterOrganizationInput!) {
  registerOrganization(input: $input) {
    organization { registrationNumber kind scope licensingLevel licensingAgencyCode seat { code } status }
  }
}`;

const validRegistration = fixtureRegistration;

describe('writes', () => {
  it('registers once per idempotency key and records the change', async () => {
    const first = await run(register, { input: validRegistration }, writer);
    expect(first.errors).toBeUndefined();
    expect(first.data).toEqual({
      registerOrganization: {
        organization: {
          registrationNumber: 'HOI-900001',
          kind: 'ASSOCIATION',
          scope: 'COMMUNE',
          licensingLevel: 'COMMUNE_PEOPLES_COMMITTEE',
          licensingAgencyCode: 'UBND-00004',
          seat: { code: '00004' },
          status: 'ACTIVE',
        },
      },
    });
    const before = await snapshot();
    const retry = await run(register, { input: validRegistration }, writer);
    expect(retry.data).toEqual(first.data);
    expect(await snapshot()).toEqual(before);

    const reused = await run(
      register,
      { input: { ...validRegistration, name: 'Another name' } },
      writer,
    );
    expect(reused.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'input.idempotencyKey',
    });

    const history = await selectRows(
      graph.database.db,
      sql`SELECT subject, operation, entity_key FROM associations.change_history
        WHERE entity_key = 'HOI-900001'`,
    );
    expect(history).toEqual([
      { subject: 'ministry-clerk', operation: 'registerOrganization', entity_key: 'HOI-900001' },
    ]);
  });

  it('files a report, approves a charter, and changes status', async () => {
    const report = await run(
      `mutation($input: FileFinancialReportInput!) { fileFinancialReport(input: $input) {
        financialReport { year incomeVnd synthetic } } }`,
      {
        input: {
          idempotencyKey: 'report-1',
          registrationNumber: 'HOI-900001',
          provinceCode: '01',
          year: 2025,
          filedOn: '2026-03-10',
          incomeVnd: 100_000_000,
          expensesVnd: 80_000_000,
          domesticSponsorshipVnd: 20_000_000,
          foreignAidVnd: 0,
        },
      },
      writer,
    );
    expect(report.errors).toBeUndefined();
    expect(report.data).toEqual({
      fileFinancialReport: {
        financialReport: { year: 2025, incomeVnd: 100_000_000, synthetic: false },
      },
    });
    const charter = await run(
      `mutation($input: ApproveCharterInput!) { approveCharter(input: $input) {
        charter { version reviewStatus approvingAgencyCode } } }`,
      {
        input: {
          idempotencyKey: 'charter-1',
          registrationNumber: 'HOI-900001',
          provinceCode: '01',
          adoptedOn: '2026-01-05',
          approvedOn: '2026-02-01',
          decisionNumber: '12/QĐ-UBND',
        },
      },
      writer,
    );
    expect(charter.data).toEqual({
      approveCharter: {
        charter: { version: 1, reviewStatus: 'NOT_REQUIRED', approvingAgencyCode: 'UBND-00004' },
      },
    });
    const dissolved = await run(
      `mutation($input: ChangeOrganizationStatusInput!) { changeOrganizationStatus(input: $input) {
        organization { status statusHistory { status validFrom validTo } } } }`,
      {
        input: {
          idempotencyKey: 'status-1',
          registrationNumber: 'HOI-900001',
          provinceCode: '01',
          status: 'DISSOLVED',
          effectiveOn: '2026-06-01',
          decisionNumber: '99/QĐ-UBND',
        },
      },
      writer,
    );
    expect(dissolved.errors).toBeUndefined();
    expect(dissolved.data).toEqual({
      changeOrganizationStatus: {
        organization: {
          status: 'DISSOLVED',
          statusHistory: [
            { status: 'ACTIVE', validFrom: '2025-09-15', validTo: '2026-06-01' },
            { status: 'DISSOLVED', validFrom: '2026-06-01', validTo: null },
          ],
        },
      },
    });
  });

  const fileReport = `mutation($input: FileFinancialReportInput!) {
    fileFinancialReport(input: $input) { financialReport { year } } }`;
  const changeStatus = `mutation($input: ChangeOrganizationStatusInput!) {
    changeOrganizationStatus(input: $input) { organization { status } } }`;
  const reportInput = {
    idempotencyKey: 'report-invalid',
    registrationNumber: 'HOI-900001',
    provinceCode: '01',
    year: 2025,
    filedOn: '2026-07-01',
    incomeVnd: 1,
    expensesVnd: 1,
    domesticSponsorshipVnd: 0,
    foreignAidVnd: 0,
  };
  const invalid: [string, string, Record<string, unknown>, string, string][] = [
    [
      'a scope above the licensing level',
      register,
      {
        input: {
          ...validRegistration,
          idempotencyKey: 'bad-1',
          registrationNumber: 'HOI-900002',
          scope: 'NATIONWIDE',
        },
      },
      'RULE_VIOLATION',
      'input.licensingLevel',
    ],
    [
      'a taken registration number',
      register,
      { input: { ...validRegistration, idempotencyKey: 'bad-2' } },
      'CONFLICT',
      'input.registrationNumber',
    ],
    [
      'a malformed registration number',
      register,
      { input: { ...validRegistration, idempotencyKey: 'bad-3', registrationNumber: 'X-1' } },
      'BAD_USER_INPUT',
      'input.registrationNumber',
    ],
    [
      'a prefix of another kind',
      register,
      {
        input: { ...validRegistration, idempotencyKey: 'bad-4', registrationNumber: 'QTT-900002' },
      },
      'RULE_VIOLATION',
      'input.registrationNumber',
    ],
    [
      'founding after registration',
      register,
      {
        input: {
          ...validRegistration,
          idempotencyKey: 'bad-5',
          registrationNumber: 'HOI-900003',
          foundedOn: '2025-10-01',
        },
      },
      'RULE_VIOLATION',
      'input.foundedOn',
    ],
    [
      'an abolished seat',
      register,
      {
        input: {
          ...validRegistration,
          idempotencyKey: 'bad-6',
          registrationNumber: 'HOI-900004',
          seatCode: '00001',
        },
      },
      'NOT_FOUND',
      'input.seatCode',
    ],
    [
      'a province that is not the seat’s',
      register,
      {
        input: {
          ...validRegistration,
          idempotencyKey: 'bad-7',
          registrationNumber: 'HOI-900005',
          provinceCode: '45',
        },
      },
      'RULE_VIOLATION',
      'input.provinceCode',
    ],
    [
      'a fund below its minimum assets',
      register,
      {
        input: {
          ...validRegistration,
          idempotencyKey: 'bad-8',
          registrationNumber: 'QTT-900006',
          kind: 'CHARITY_FUND',
          memberCount: null,
          foundingAssetsVnd: 1000,
        },
      },
      'RULE_VIOLATION',
      'input.foundingAssetsVnd',
    ],
    [
      'a report of a dissolved organisation',
      fileReport,
      { input: reportInput },
      'RULE_VIOLATION',
      'input.registrationNumber',
    ],
    [
      'a report of an unknown organisation',
      fileReport,
      { input: { ...reportInput, registrationNumber: 'HOI-999999' } },
      'NOT_FOUND',
      'input.registrationNumber',
    ],
    [
      'a report naming another province',
      fileReport,
      {
        input: { ...reportInput, registrationNumber: 'HOI-000001', provinceCode: 'XX', year: 2026 },
      },
      'RULE_VIOLATION',
      'input.provinceCode',
    ],
    [
      'a status change of a dissolved organisation',
      changeStatus,
      {
        input: {
          idempotencyKey: 'bad-9',
          registrationNumber: 'HOI-900001',
          provinceCode: '01',
          status: 'ACTIVE',
          effectiveOn: '2026-07-01',
          decisionNumber: '1',
        },
      },
      'RULE_VIOLATION',
      'input.status',
    ],
  ];

  it.each(
    invalid,
  )('refuses %s with a coded error and changes nothing', async (_, query, variables, code, field) => {
    const before = await snapshot();
    const result = await run(query, variables, writer);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code, field });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a province-restricted writer outside its province', async () => {
    const provincial = { ...writer, province: '45' };
    const result = await run(
      register,
      {
        input: { ...validRegistration, idempotencyKey: 'bad-10', registrationNumber: 'HOI-900010' },
      },
      provincial,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps the change history append-only', async () => {
    await expect(
      graph.database.db.execute(
        sql`UPDATE associations.change_history SET subject = 'someone else'`,
      ),
    ).rejects.toThrow();
    await expect(
      graph.database.db.execute(sql`DELETE FROM associations.change_history`),
    ).rejects.toThrow();
  });
});
