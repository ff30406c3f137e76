import { selectRows } from '@home-affairs/db';
import { expectRefused, writerIdentity } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies, separations } from '../src/db/schema.ts';
import { startWithAgencies, testAgency } from './startSubgraph.ts';

const nghệAnWriter = writerIdentity('personnel', '40');
const nationalWriter = writerIdentity('personnel');
let graph: Awaited<ReturnType<typeof startWithAgencies>>;

/** Personal values of the test records, which a refused answer must never contain. */
const people = {
  '40': { fullName: 'Nguyễn Văn An', nationalId: '040080001234', birthDate: '1970-05-01' },
  '01': { fullName: 'Trần Thị Bình', nationalId: '001080005678', birthDate: '1972-03-02' },
  central: { fullName: 'Lê Văn Cường', nationalId: '038080009012', birthDate: '1968-11-03' },
};

beforeAll(async () => {
  const separation = (
    agencyCode: string,
    provinceCode: string | null,
    person: typeof people.central,
  ) => ({
    agencyCode,
    provinceCode,
    reason: 'EARLY_RETIREMENT' as const,
    category: 'CIVIL_SERVANT' as const,
    effectiveDate: '2025-03-01',
    benefitAmount: 500_000_000,
    ...person,
  });
  graph = await startWithAgencies({
    name: 'personnel_province',
    agencies: [
      testAgency('T40-A', '40'),
      testAgency('T40-B', '40'),
      testAgency('T40-C', '40'),
      testAgency('T01-A', '01'),
      testAgency('TC-A', null),
    ],
    seed: async (database) => {
      await database.db
        .insert(separations)
        .values([
          separation('T40-A', '40', people['40']),
          separation('T01-A', '01', people['01']),
          separation('TC-A', null, people.central),
        ]);
    },
  });
});

afterAll(async () => {
  await graph?.close();
});

function execute(identity: typeof nationalWriter, query: string, variables = {}) {
  return graph.execute(query, variables, identity);
}

const personal = 'id fullName nationalId birthDate';

describe('personal data for a province-restricted writer', () => {
  it('reads the personal fields of its own province', async () => {
    const answer = await execute(
      nghệAnWriter,
      `{ separations(filter: { provinceCode: "40" }) { nodes { ${personal} } } }`,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toMatchObject({ separations: { nodes: [people['40']] } });
  });

  it.each([
    ['another province', '(filter: { provinceCode: "01" })', people['01']],
    [
      'central agencies, which have no province',
      '(filter: { agencyCode: "TC-A" })',
      people.central,
    ],
    ['a list mixing provinces', '', people['01']],
  ])('is refused with FORBIDDEN for %s, without a personal value', async (_, args, person) => {
    for (const field of ['fullName', 'nationalId', 'birthDate']) {
      const answer = await execute(
        nghệAnWriter,
        `{ separations${args} { nodes { id ${field} } } }`,
      );
      expect(answer.errors?.[0]).toMatchObject({
        path: expect.arrayContaining(['separations', 'nodes', field]),
        extensions: { code: 'FORBIDDEN' },
      });
      expect(JSON.stringify(answer)).not.toContain(person[field as keyof typeof person]);
    }
  });

  it('still reads the public fields of every province', async () => {
    const answer = await execute(
      nghệAnWriter,
      '{ separations { totalCount nodes { provinceCode reason } } }',
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toMatchObject({ separations: { totalCount: 3 } });
  });

  it('leaves a writer without a province every personal field', async () => {
    const answer = await execute(nationalWriter, `{ separations { nodes { ${personal} } } }`);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toMatchObject({
      separations: {
        nodes: expect.arrayContaining(
          Object.values(people).map((person) => expect.objectContaining(person)),
        ),
      },
    });
  });
});

describe('references into another province', () => {
  const merge = `mutation ($input: MergeAgencyInput!) {
    mergeAgency(input: $input) { agency { code status successor { code } } } }`;
  const dissolve = `mutation ($input: DissolveAgencyInput!) {
    dissolveAgency(input: $input) { agency { code status successor { code } } } }`;

  async function statusOf(code: string) {
    const [row] = await selectRows<{ status: string }>(
      graph.database.db,
      sql`SELECT status FROM ${agencies} WHERE code = ${code}`,
    );
    return row?.status;
  }

  it.each([
    ['merge into an agency of another province', merge, 'T01-A'],
    ['merge into a central agency', merge, 'TC-A'],
    ['dissolve with tasks going to another province', dissolve, 'T01-A'],
  ])('refuses to %s with FORBIDDEN naming input.successorCode', async (_, mutation, successorCode) => {
    const answer = await execute(nghệAnWriter, mutation, {
      input: {
        idempotencyKey: `refer-${successorCode}-${mutation.length}`,
        agencyCode: 'T40-A',
        provinceCode: '40',
        successorCode,
        effectiveDate: '2026-01-01',
      },
    });
    expectRefused(answer, 'FORBIDDEN', 'input.successorCode');
    expect(await statusOf('T40-A')).toBe('ACTIVE');
  });

  it('merges into an agency of its own province', async () => {
    const answer = await execute(nghệAnWriter, merge, {
      input: {
        idempotencyKey: 'refer-own',
        agencyCode: 'T40-B',
        provinceCode: '40',
        successorCode: 'T40-C',
        effectiveDate: '2026-01-01',
      },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({
      mergeAgency: { agency: { code: 'T40-B', status: 'MERGED', successor: { code: 'T40-C' } } },
    });
  });

  it('refuses to write an agency of another province at all', async () => {
    const answer = await execute(nghệAnWriter, dissolve, {
      input: { idempotencyKey: 'other-agency', agencyCode: 'T01-A', effectiveDate: '2026-01-01' },
    });
    expectRefused(answer, 'FORBIDDEN');
    expect(await statusOf('T01-A')).toBe('ACTIVE');
  });
});
