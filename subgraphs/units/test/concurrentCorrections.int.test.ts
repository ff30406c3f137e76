import { selectRows } from '@home-affairs/db';
import {
  describeConcurrent,
  errorCodes,
  startedForTests,
  type TestAnswer,
  writerIdentity,
} from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { administrativeUnits } from '../src/db/schema.ts';
import { type Data, correctionMutations as mutations } from './correctionMutations.ts';
import { startSubgraph } from './startSubgraph.ts';

const writers = 8;
const graph = startedForTests(() => startSubgraph('units_corrections', { poolSize: writers + 4 }));

function execute(query: string, variables: Record<string, unknown> = {}) {
  return graph().execute<Data>(query, variables, writerIdentity('units'));
}

/** A commune of Nghệ An made for the race, in force from the reform (until `validTo`). */
function testCommune(code: string, validTo?: string) {
  return {
    code,
    level: 'COMMUNE' as const,
    type: 'COMMUNE' as const,
    name: `Thử ${code}`,
    fullName: `Xã Thử ${code}`,
    searchKey: `xa thu ${code}`,
    parentCode: '40',
    provinceCode: '40',
    validFrom: '2025-07-01',
    ...(validTo ? { validTo } : {}),
    source: 'test',
  };
}

/**
 * Asserts that one of the racing writers won and every other met SHARE_CONFLICT, so that
 * `predecessorCode` has one link.
 */
async function expectOneWinner(answers: TestAnswer<Data>[], predecessorCode: string) {
  expect(answers.filter((answer) => !answer.errors)).toHaveLength(1);
  expect(errorCodes(answers)).toEqual(Array(writers - 1).fill('RULE_VIOLATION SHARE_CONFLICT'));
  const links = await selectRows<{ n: number }>(
    graph().database.db,
    sql`SELECT count(*)::int AS n FROM units.unit_transitions WHERE predecessor_code = ${predecessorCode}`,
  );
  expect(links[0]!.n).toBe(1);
}

describeConcurrent('corrections under concurrent writers on Postgres', () => {
  it(`merges a unit once when ${writers} writers merge it into different units at once`, async () => {
    const targets = Array.from({ length: writers }, (_, index) => String(16900 + index));
    await graph()
      .database.db.insert(administrativeUnits)
      .values(['16950', ...targets].map((code) => testCommune(code)));
    const answers: TestAnswer<Data>[] = await Promise.all(
      targets.map((intoCode) =>
        execute(mutations.merge, {
          input: {
            idempotencyKey: `race-${intoCode}`,
            legalBasis: 'race',
            effectiveDate: '2026-11-01',
            codes: ['16950'],
            intoCode,
          },
        }),
      ),
    );
    await expectOneWinner(answers, '16950');
  });

  it(`links a ceased unit WHOLE once when ${writers} writers link it to different units at once`, async () => {
    // No row is updated in common here: only the history lock keeps both rows from being written.
    await graph()
      .database.db.insert(administrativeUnits)
      .values(testCommune('16960', '2026-12-01'));
    const answers: TestAnswer<Data>[] = await Promise.all(
      Array.from({ length: writers }, (_, index) =>
        execute(mutations.links, {
          input: {
            idempotencyKey: `race-link-${index}`,
            legalBasis: 'race',
            effectiveDate: '2026-12-01',
            links: [
              { predecessorCode: '16960', successorCode: String(16900 + index), share: 'WHOLE' },
            ],
          },
        }),
      ),
    );
    await expectOneWinner(answers, '16960');
  });
});
