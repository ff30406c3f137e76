import { selectRows } from '@home-affairs/db';
import {
  describeConcurrent,
  errorCodes,
  type TestAnswer,
  writerIdentity,
} from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { charters, organizationStatuses, organizations } from '../src/db/schema.ts';
import { association, changeStatus, register, startSubgraph } from './startSubgraph.ts';

const writers = 20;
const writer = writerIdentity('associations');
let graph: Awaited<ReturnType<typeof startSubgraph>>;

beforeAll(async () => {
  graph = await startSubgraph('associations_concurrency', writers + 5);
});

afterAll(async () => {
  await graph?.close();
});

function execute(query: string, input: Record<string, unknown>) {
  return graph.execute(query, { input }, writer);
}

/** Sends `query` from every writer at once, writer `index` with `input(index)`. */
function allAtOnce(query: string, input: (index: number) => Record<string, unknown>) {
  return Promise.all(Array.from({ length: writers }, (_, index) => execute(query, input(index))));
}

/** The input of a write about registration `number` of Quảng Trị, keyed `idempotencyKey`. */
function ofRegistration(number: string, idempotencyKey: string, fields: Record<string, unknown>) {
  return { idempotencyKey, registrationNumber: number, provinceCode: '45', ...fields };
}

function succeeded(answers: TestAnswer<unknown>[]) {
  return answers.filter((answer) => !answer.errors);
}

/** Registers `count` associations seated in Quảng Trị, numbered from `first`. */
async function registerMany(first: number, count: number) {
  const numbers = Array.from({ length: count }, (_, index) => `HOI-${first + index}`);
  for (const registrationNumber of numbers) {
    const answer = await execute(register, association(registrationNumber, '19000', '45'));
    expect(answer.errors).toBeUndefined();
  }
  return numbers;
}

describeConcurrent('association writes under concurrent writers on Postgres', () => {
  it(`registers a number once when ${writers} writers claim it at once; the others get CONFLICT`, async () => {
    const answers = await allAtOnce(register, (index) => ({
      ...association('HOI-910000', '19000', '45'),
      idempotencyKey: `claim-${index}`,
      name: `Hội số ${index}`,
    }));
    expect(succeeded(answers)).toHaveLength(1);
    expect(errorCodes(answers)).toEqual(Array(writers - 1).fill('CONFLICT'));
    expect(
      answers
        .flatMap((answer) => answer.errors ?? [])
        .every((error) => error.extensions.field === 'input.registrationNumber'),
    ).toBe(true);
  });

  it('merges one of two organisations merging into each other, or into one being dissolved', async () => {
    const numbers = await registerMany(920000, writers);
    const answers = await Promise.all(
      Array.from({ length: writers / 2 }, (_, pair) => {
        const [a, b] = [numbers[2 * pair]!, numbers[2 * pair + 1]!];
        const change = (registrationNumber: string, input: Record<string, unknown>) =>
          execute(changeStatus, {
            idempotencyKey: `status-${registrationNumber}`,
            registrationNumber,
            provinceCode: '45',
            decisionNumber: `${pair}/QĐ-UBND`,
            ...input,
          });
        // Even pairs merge into each other; odd pairs merge a into b while b is dissolved earlier.
        return [
          change(a, { status: 'MERGED', mergedInto: b, effectiveOn: '2025-11-01' }),
          pair % 2 === 0
            ? change(b, { status: 'MERGED', mergedInto: a, effectiveOn: '2025-10-01' })
            : change(b, { status: 'DISSOLVED', effectiveOn: '2025-10-01' }),
        ];
      }).flat(),
    );
    expect(new Set(errorCodes(answers))).toEqual(new Set(['RULE_VIOLATION']));
    for (let pair = 0; pair < writers / 2; pair += 1) {
      expect(succeeded(answers.slice(2 * pair, 2 * pair + 2))).toHaveLength(1);
    }
    const intoEnded = await selectRows(
      database(),
      sql`
      SELECT s.registration_number FROM ${organizationStatuses} s
      JOIN ${organizations} target ON target.registration_number = s.merged_into
      WHERE s.status = 'MERGED' AND target.ended_on IS NOT NULL AND target.ended_on <= s.valid_from`,
    );
    expect(intoEnded).toEqual([]);
  });

  it(`keeps one status at a time when ${writers} status changes of one organisation race`, async () => {
    const [number] = await registerMany(930000, 1);
    const answers = await allAtOnce(changeStatus, (index) =>
      ofRegistration(number!, `race-${index}`, {
        status: index % 2 === 0 ? 'SUSPENDED' : 'DISSOLVED',
        effectiveOn: `2025-10-${String(10 + index).padStart(2, '0')}`,
        decisionNumber: `${index}/QĐ-UBND`,
      }),
    );
    expect(new Set(errorCodes(answers))).toEqual(new Set(['RULE_VIOLATION']));
    const periods = await selectRows<{
      status: string;
      valid_from: string;
      valid_to: string | null;
    }>(
      database(),
      sql`SELECT status, valid_from::text, valid_to::text FROM ${organizationStatuses}
        WHERE registration_number = ${number} ORDER BY valid_from, id`,
    );
    expect(periods.length).toBe(succeeded(answers).length);
    // Each period ends where the next begins, only the last is open, and nothing follows an end.
    periods.forEach((period, index) => {
      const next = periods[index + 1];
      expect(period.valid_to).toBe(next ? next.valid_from : null);
      if (next) expect(['DISSOLVED', 'MERGED']).not.toContain(period.status);
    });
  });

  it(`numbers ${writers} charters approved at once 1 to ${writers}, and files one report a year`, async () => {
    const [number] = await registerMany(940000, 1);
    const approvals = await allAtOnce(
      `mutation ($input: ApproveCharterInput!) { approveCharter(input: $input) { charter { version } } }`,
      (index) =>
        ofRegistration(number!, `charter-${index}`, {
          adoptedOn: '2025-10-01',
          approvedOn: '2025-10-15',
          decisionNumber: `${index}/QĐ-UBND`,
        }),
    );
    expect(errorCodes(approvals)).toEqual([]);
    const versions = await selectRows<{ version: number }>(
      database(),
      sql`SELECT version FROM ${charters} WHERE registration_number = ${number} ORDER BY version`,
    );
    expect(versions.map((row) => row.version)).toEqual(
      Array.from({ length: writers }, (_, index) => index + 1),
    );
    const reports = await allAtOnce(
      `mutation ($input: FileFinancialReportInput!) { fileFinancialReport(input: $input) { financialReport { year } } }`,
      (index) =>
        ofRegistration(number!, `report-${index}`, {
          year: 2025,
          filedOn: '2026-03-01',
          incomeVnd: 1_000_000 + index,
          expensesVnd: 0,
          domesticSponsorshipVnd: 0,
          foreignAidVnd: 0,
        }),
    );
    expect(succeeded(reports)).toHaveLength(1);
    expect(errorCodes(reports)).toEqual(Array(writers - 1).fill('CONFLICT'));
  });
});

function database() {
  return graph.database.db;
}
