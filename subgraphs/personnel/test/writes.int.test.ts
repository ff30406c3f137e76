import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useDemoSubgraph, writer } from './demoSubgraph.ts';

const { graph, run, ok, select, countRows } = useDemoSubgraph('personnel');

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
});

describe('writes', () => {
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
});

describe('writes', () => {
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
      graph().database.db.execute(sql.raw('UPDATE personnel.history SET actor = actor')),
    ).rejects.toThrow();
    await expect(
      graph().database.db.execute(sql.raw('DELETE FROM personnel.history')),
    ).rejects.toThrow();
  });
});
