import { selectRows } from '@home-affairs/db';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { fixtureRegistration, fixtureWriter as writer } from './fixtures.ts';
import { useFixtureSubgraph } from './useFixtureSubgraph.ts';

const { graph, run, snapshot } = useFixtureSubgraph();

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
      graph().database.db,
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
      graph().database.db.execute(
        sql`UPDATE associations.change_history SET subject = 'someone else'`,
      ),
    ).rejects.toThrow();
    await expect(
      graph().database.db.execute(sql`DELETE FROM associations.change_history`),
    ).rejects.toThrow();
  });
});
