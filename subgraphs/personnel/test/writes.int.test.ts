import { expectRefused } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useDemoSubgraph, writer } from './demoSubgraph.ts';

const { graph, ok, write, writeOk, select, countRows } = useDemoSubgraph('personnel');

const allocate = `mutation ($input: AllocateStaffingQuotaInput!) {
  allocateStaffingQuota(input: $input) { quota { amount allocatedToChildren agency { code } } }
}`;

/**
 * An allocation of `amount` staff of `category` to `agencyCode` for 2026–2031, naming the
 * writer's province when `provinceCode` is given.
 */
function allocation(
  idempotencyKey: string,
  agencyCode: string,
  category: string,
  amount: number,
  provinceCode?: string,
) {
  const input = { idempotencyKey, agencyCode, period: 'P2026_2031', category, amount };
  return provinceCode ? { ...input, provinceCode } : input;
}

describe('writes', () => {
  it('refuses a child quota above what the parent left, and changes nothing', async () => {
    const before = await ok<{ agency: { quotas: { amount: number }[] } }>(
      '{ agency(code: "UBND-16681") { quotas(period: P2026_2031) { amount } } }',
    );
    const historyBefore = await countRows('history');
    const result = await write(
      allocate,
      allocation('too-much', 'UBND-16681', 'COMMUNE_CADRE', 1_000_000),
    );
    expectRefused(result, 'RULE_VIOLATION', 'input.amount');
    const after = await ok(
      '{ agency(code: "UBND-16681") { quotas(period: P2026_2031) { amount } } }',
    );
    expect(after).toEqual(before);
    expect(await countRows('history')).toBe(historyBefore);
    expect(await countRows('idempotency_keys')).toBe(0);
  });

  it('allocates once per idempotency key, keeps the history, and refuses the key with other input', async () => {
    const input = allocation('cut-16681', 'UBND-16681', 'COMMUNE_CADRE', 25, '40');
    const first = await writeOk(allocate, input, writer('40'));
    const historyAfterFirst = await countRows('history');
    const retry = await writeOk(allocate, input, writer('40'));
    expect(retry).toEqual(first);
    expect(first).toMatchObject({ allocateStaffingQuota: { quota: { amount: 25 } } });
    expect(await countRows('history')).toBe(historyAfterFirst);
    const conflict = await write(allocate, { ...input, amount: 26 }, writer('40'));
    expectRefused(conflict, 'CONFLICT', 'input.idempotencyKey');
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
    const input = allocation('concurrent', 'SNV-40', 'CONTRACT_LABOUR', 3);
    const results = await Promise.all([1, 2, 3].map(() => write(allocate, input)));
    for (const result of results) expect(result.errors).toBeUndefined();
    const changes = await select(
      `SELECT id FROM personnel.history WHERE entity_key = 'SNV-40|P2026_2031|CONTRACT_LABOUR'`,
    );
    expect(changes).toHaveLength(1);
  });
});

describe('writes', () => {
  it('refuses a province-restricted writer an agency of another province', async () => {
    const result = await write(
      allocate,
      allocation('other-province', 'UBND-19000', 'COMMUNE_CADRE', 1, '40'),
      writer('40'),
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('RULE_VIOLATION');
    const central = await write(
      allocate,
      allocation('central', 'BNV', 'CIVIL_SERVANT', 1),
      writer('40'),
    );
    expect(central.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('records headcount, refusing a future day', async () => {
    const mutation = `mutation ($input: RecordHeadcountInput!) {
      recordHeadcount(input: $input) { snapshot { headcount asOf agency { code } } } }`;
    // Both records count the civil servants of SNV-40, on a day in the future and on a past one.
    const count = (idempotencyKey: string, asOf: string, headcount: number) => ({
      idempotencyKey,
      agencyCode: 'SNV-40',
      category: 'CIVIL_SERVANT',
      asOf,
      headcount,
    });
    const future = await write(mutation, count('h-future', '2099-01-01', 5));
    expectRefused(future, 'RULE_VIOLATION', 'input.asOf');
    const recorded = await writeOk(mutation, count('h-1', '2026-09-30', 61));
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
    // The three attempts merge the same agency, differing in successor and day.
    const merger = (idempotencyKey: string, successorCode: string, effectiveDate: string) => ({
      idempotencyKey,
      agencyCode: 'DVSN-40-2',
      successorCode,
      effectiveDate,
    });
    const intoEnded = await write(mutation, merger('m-0', 'UBND-412', '2026-10-01'));
    expectRefused(intoEnded, 'RULE_VIOLATION', 'input.successorCode');
    const merged = await writeOk(mutation, {
      ...merger('m-1', 'DVSN-40-1', '2026-10-01'),
      basis: 'Decision 1/QĐ-UBND',
    });
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
    const again = await write(mutation, merger('m-2', 'DVSN-40-1', '2026-10-02'));
    expectRefused(again, 'RULE_VIOLATION', 'input.agencyCode');
  });

  it('dissolves an agency without a successor', async () => {
    const dissolved = await writeOk(
      `mutation ($input: DissolveAgencyInput!) {
        dissolveAgency(input: $input) { agency { status endedOn successor { code } } } }`,
      {
        idempotencyKey: 'd-1',
        agencyCode: 'DVSN-40-3',
        effectiveDate: '2026-10-01',
        provinceCode: '40',
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
