import { selectRows } from '@home-affairs/db';
import { expectRefused } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { fixtureRegistration, fixtureWriter as writer } from './fixtures.ts';
import { refusedWrites, register } from './refusedWrites.ts';
import { useFixtureSubgraph } from './useFixtureSubgraph.ts';

const { graph, run, snapshot } = useFixtureSubgraph();

const validRegistration = fixtureRegistration;

/** Runs `mutation` as the writer on the registered HOI-900001 of Hà Nội, with `fields` and key. */
function writeRegistered(
  mutation: string,
  idempotencyKey: string,
  fields: Record<string, unknown>,
) {
  const input = { idempotencyKey, registrationNumber: 'HOI-900001', provinceCode: '01', ...fields };
  return run(mutation, { input }, writer);
}

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
    expectRefused(reused, 'CONFLICT', 'input.idempotencyKey');

    const history = await selectRows(
      graph().database.db,
      sql`SELECT subject, operation, entity_key FROM associations.change_history
        WHERE entity_key = 'HOI-900001'`,
    );
    expect(history).toEqual([
      { subject: 'ministry-clerk', operation: 'registerOrganization', entity_key: 'HOI-900001' },
    ]);
  });
});

describe('writes', () => {
  it('files a report, approves a charter, and changes status', async () => {
    const report = await writeRegistered(
      `mutation($input: FileFinancialReportInput!) { fileFinancialReport(input: $input) {
        financialReport { year incomeVnd synthetic } } }`,
      'report-1',
      {
        year: 2025,
        filedOn: '2026-03-10',
        incomeVnd: 100_000_000,
        expensesVnd: 80_000_000,
        domesticSponsorshipVnd: 20_000_000,
        foreignAidVnd: 0,
      },
    );
    expect(report.errors).toBeUndefined();
    expect(report.data).toEqual({
      fileFinancialReport: {
        financialReport: { year: 2025, incomeVnd: 100_000_000, synthetic: false },
      },
    });
    const charter = await writeRegistered(
      `mutation($input: ApproveCharterInput!) { approveCharter(input: $input) {
        charter { version reviewStatus approvingAgencyCode } } }`,
      'charter-1',
      {
        adoptedOn: '2026-01-05',
        approvedOn: '2026-02-01',
        decisionNumber: '12/QĐ-UBND',
      },
    );
    expect(charter.data).toEqual({
      approveCharter: {
        charter: { version: 1, reviewStatus: 'NOT_REQUIRED', approvingAgencyCode: 'UBND-00004' },
      },
    });
    const dissolved = await writeRegistered(
      `mutation($input: ChangeOrganizationStatusInput!) { changeOrganizationStatus(input: $input) {
        organization { status statusHistory { status validFrom validTo } } } }`,
      'status-1',
      {
        status: 'DISSOLVED',
        effectiveOn: '2026-06-01',
        decisionNumber: '99/QĐ-UBND',
      },
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
});

describe('writes', () => {
  it.each(
    refusedWrites,
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
