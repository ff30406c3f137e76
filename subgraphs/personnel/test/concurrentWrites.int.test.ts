import { selectRows } from '@home-affairs/db';
import { describeConcurrent, errorCodes, writerIdentity } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { agencies, staffingQuotas } from '../src/db/schema.ts';
import { startWithAgencies, testAgency } from './startSubgraph.ts';

/** Children of the test parent, each with one child of its own: a three-level hierarchy. */
const children = 20;
const rounds = 5;
const writer = writerIdentity('personnel', '40');
let graph: Awaited<ReturnType<typeof startWithAgencies>>;

const top = 'TEST-G';
const parent = 'TEST-P';
const child = (index: number) => `TEST-P-C${String(index).padStart(2, '0')}`;
const grandchild = (index: number) => `${child(index)}-U`;

beforeAll(async () => {
  graph = await startWithAgencies({
    name: 'personnel_concurrency',
    poolSize: 2 * children + 10,
    agencies: [
      testAgency(top, '40'),
      testAgency(parent, '40', top),
      ...Array.from({ length: children }, (_, index) => testAgency(child(index), '40', parent)),
      ...Array.from({ length: children }, (_, index) =>
        testAgency(grandchild(index), '40', child(index)),
      ),
      ...Array.from({ length: 2 * children }, (_, index) => testAgency(`TEST-M${index}`, '40')),
    ],
  });
});

afterAll(async () => {
  await graph?.close();
});

const allocate = `mutation ($input: AllocateStaffingQuotaInput!) {
  allocateStaffingQuota(input: $input) { quota { amount } } }`;

let keys = 0;
function allocation(agencyCode: string, amount: number) {
  keys += 1;
  return graph.execute(
    allocate,
    {
      input: {
        idempotencyKey: `quota-${keys}`,
        agencyCode,
        provinceCode: '40',
        period: 'P2026_2031',
        category: 'CIVIL_SERVANT',
        amount,
      },
    },
    writer,
  );
}

/** Quotas whose children together hold more than they do, read from the database itself. */
function overAllocated() {
  return selectRows<{ agency_code: string; amount: number; children: number }>(
    graph.database.db,
    sql`
    SELECT p.agency_code, p.amount, sum(c.amount)::int AS children
    FROM ${staffingQuotas} p
    JOIN ${agencies} a ON a.parent_code = p.agency_code
    JOIN ${staffingQuotas} c ON c.agency_code = a.code AND c.period = p.period
      AND c.category = p.category
    GROUP BY p.agency_code, p.period, p.category, p.amount
    HAVING sum(c.amount) > p.amount`,
  );
}

async function setQuotas(amounts: [string, number][]) {
  await graph.database.db
    .insert(staffingQuotas)
    .values(
      amounts.map(([agencyCode, amount]) => ({
        agencyCode,
        period: 'P2026_2031' as const,
        category: 'CIVIL_SERVANT' as const,
        amount,
      })),
    )
    .onConflictDoUpdate({
      target: [staffingQuotas.agencyCode, staffingQuotas.period, staffingQuotas.category],
      set: { amount: sql`excluded.amount` },
    });
}

describeConcurrent('staffing quotas under concurrent writers on Postgres', () => {
  it(`holds the quota rule at every level after each of ${rounds} rounds of ${2 * children + 2} writers`, async () => {
    for (let round = 0; round < rounds; round += 1) {
      // Every child holds 50 of the parent's 2000, grandchildren nothing.
      await setQuotas([
        [top, 3000],
        [parent, 2000],
        ...Array.from({ length: children }, (_, index): [string, number] => [child(index), 50]),
        ...Array.from({ length: children }, (_, index): [string, number] => [grandchild(index), 0]),
      ]);
      const raise = round % 2 === 0;
      const answers = await Promise.all([
        // The parent cuts its quota below what the raised children would hold, or asks for more
        // than the top agency keeps once it cuts its own.
        allocation(parent, raise ? 2600 : 1200 + 20 * round),
        allocation(top, raise ? 2500 : 2000),
        // Even children raise their quota, odd ones cut theirs under what their own child asks.
        ...Array.from({ length: children }, (_, index) =>
          allocation(child(index), index % 2 === 0 ? 100 + round : 30),
        ),
        ...Array.from({ length: children }, (_, index) => allocation(grandchild(index), 40)),
      ]);
      expect(new Set(errorCodes(answers))).toEqual(
        new Set(errorCodes(answers).length ? ['RULE_VIOLATION'] : []),
      );
      expect(await overAllocated()).toEqual([]);
      // An odd child's cut and its own child's raise cannot both hold: exactly one went through.
      for (let index = 1; index < children; index += 2) {
        const childAnswer = answers[2 + index]!;
        const grandchildAnswer = answers[2 + children + index]!;
        expect([childAnswer.errors, grandchildAnswer.errors].filter(Boolean)).toHaveLength(1);
      }
    }
  });

  it('merges one of two agencies merging into each other at once, never both, never deadlocking', async () => {
    const merge = `mutation ($input: MergeAgencyInput!) { mergeAgency(input: $input) { agency { code } } }`;
    const dissolve = `mutation ($input: DissolveAgencyInput!) { dissolveAgency(input: $input) { agency { code } } }`;
    const pairs = children / 2;
    const answers = await Promise.all(
      Array.from({ length: pairs }, (_, pair) => {
        const [a, b] = [`TEST-M${2 * pair}`, `TEST-M${2 * pair + 1}`];
        const run = (query: string, input: Record<string, unknown>) =>
          graph.execute(
            query,
            {
              input: {
                idempotencyKey: `end-${a}-${b}-${input.agencyCode}`,
                provinceCode: '40',
                ...input,
              },
            },
            writer,
          );
        // Even pairs merge into each other; odd pairs merge a into b while b is dissolved before.
        return pair % 2 === 0
          ? [
              run(merge, { agencyCode: a, successorCode: b, effectiveDate: '2026-09-01' }),
              run(merge, { agencyCode: b, successorCode: a, effectiveDate: '2026-08-01' }),
            ]
          : [
              run(merge, { agencyCode: a, successorCode: b, effectiveDate: '2026-09-01' }),
              run(dissolve, { agencyCode: b, effectiveDate: '2026-08-01' }),
            ];
      }).flat(),
    );
    expect(new Set(errorCodes(answers))).toEqual(new Set(['RULE_VIOLATION']));
    for (let pair = 0; pair < pairs; pair += 1) {
      expect(answers.slice(2 * pair, 2 * pair + 2).filter((answer) => !answer.errors)).toHaveLength(
        1,
      );
    }
    const broken = await selectRows(
      graph.database.db,
      sql`
      SELECT a.code FROM ${agencies} a JOIN ${agencies} s ON s.code = a.successor_code
      WHERE a.ended_on IS NOT NULL AND s.ended_on IS NOT NULL AND s.ended_on <= a.ended_on`,
    );
    expect(broken).toEqual([]);
  });
});
