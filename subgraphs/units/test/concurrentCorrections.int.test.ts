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

describeConcurrent('corrections under concurrent writers on Postgres', () => {
  it(`merges a unit once when ${writers} writers merge it into different units at once`, async () => {
    const targets = Array.from({ length: writers }, (_, index) => String(16900 + index));
    await graph()
      .database.db.insert(administrativeUnits)
      .values(
        ['16950', ...targets].map((code) => ({
          code,
          level: 'COMMUNE' as const,
          type: 'COMMUNE' as const,
          name: `Thử ${code}`,
          fullName: `Xã Thử ${code}`,
          searchKey: `xa thu ${code}`,
          parentCode: '40',
          provinceCode: '40',
          validFrom: '2025-07-01',
          source: 'test',
        })),
      );
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
    expect(answers.filter((answer) => !answer.errors)).toHaveLength(1);
    expect(errorCodes(answers)).toEqual(Array(writers - 1).fill('RULE_VIOLATION SHARE_CONFLICT'));
    const links = await selectRows<{ n: number }>(
      graph().database.db,
      sql`SELECT count(*)::int AS n FROM units.unit_transitions WHERE predecessor_code = '16950'`,
    );
    expect(links[0]!.n).toBe(1);
  });

  it(`links a ceased unit WHOLE once when ${writers} writers link it to different units at once`, async () => {
    // No row is updated in common here: only the history lock keeps both rows from being written.
    await graph().database.db.insert(administrativeUnits).values({
      code: '16960',
      level: 'COMMUNE',
      type: 'COMMUNE',
      name: 'Thử 16960',
      fullName: 'Xã Thử 16960',
      searchKey: 'xa thu 16960',
      parentCode: '40',
      provinceCode: '40',
      validFrom: '2025-07-01',
      validTo: '2026-12-01',
      source: 'test',
    });
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
    expect(answers.filter((answer) => !answer.errors)).toHaveLength(1);
    expect(errorCodes(answers)).toEqual(Array(writers - 1).fill('RULE_VIOLATION SHARE_CONFLICT'));
    const links = await selectRows<{ n: number }>(
      graph().database.db,
      sql`SELECT count(*)::int AS n FROM units.unit_transitions WHERE predecessor_code = '16960'`,
    );
    expect(links[0]!.n).toBe(1);
  });
});
