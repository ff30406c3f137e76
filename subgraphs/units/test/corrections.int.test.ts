import { selectRows } from '@home-affairs/db';
import { anonymousIdentity } from '@home-affairs/identity';
import {
  describeConcurrent,
  errorCodes,
  expectRefused,
  type TestAnswer,
  writerIdentity,
} from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { administrativeUnits } from '../src/db/schema.ts';
import { startSubgraph } from './startSubgraph.ts';

const writers = 8;
const writer = writerIdentity('units');
let graph: Awaited<ReturnType<typeof startSubgraph>>;

beforeAll(async () => {
  graph = await startSubgraph('units_corrections', { poolSize: writers + 4 });
});

afterAll(async () => {
  await graph?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field in the assertions
type Data = any;

function execute(query: string, variables: Record<string, unknown> = {}, identity = writer) {
  return graph.execute<Data>(query, variables, identity);
}

const changesFields = `dryRun correction { id operation legalBasis effectiveDate source }
  changes {
    versionsClosed { code officialName validFrom validTo previousValidTo }
    versionsOpened { code officialName type validFrom validTo }
    versionsAmended { code officialName previousOfficialName type previousType }
    linksAdded { predecessorCode successorCode effectiveDate share resolution }
    linksAmended { predecessorCode successorCode share previousShare }
    reattributedFrom { code }
  }`;

const mutations = {
  merge: `mutation ($input: MergeUnitsInput!) { mergeUnits(input: $input) { ${changesFields} } }`,
  split: `mutation ($input: SplitUnitInput!) { splitUnit(input: $input) { ${changesFields} } }`,
  rename: `mutation ($input: RenameUnitInput!) { renameUnit(input: $input) { ${changesFields} } }`,
  retype: `mutation ($input: RetypeUnitInput!) { retypeUnit(input: $input) { ${changesFields} } }`,
  links: `mutation ($input: RecordLineageLinksInput!) { recordLineageLinks(input: $input) { ${changesFields} } }`,
};

/** Everything a correction may touch, to tell whether anything was written. */
async function snapshot() {
  const [row] = await selectRows<Record<string, unknown>>(
    graph.database.db,
    sql`SELECT
      (SELECT count(*)::int FROM units.administrative_units) AS versions,
      (SELECT md5(string_agg(concat_ws('|', code, name, type, valid_from, valid_to), ',' ORDER BY id)) FROM units.administrative_units) AS versions_hash,
      (SELECT count(*)::int FROM units.unit_transitions) AS links,
      (SELECT md5(string_agg(concat_ws('|', predecessor_code, successor_code, effective_date, share, resolution), ',' ORDER BY id)) FROM units.unit_transitions) AS links_hash,
      (SELECT count(*)::int FROM units.unit_corrections) AS corrections,
      (SELECT count(*)::int FROM units.idempotency_keys) AS keys`,
  );
  return row;
}

const unitQuery = `query ($code: ID!, $asOf: Date) { unit(code: $code, asOf: $asOf) {
  code fullName type inForce validFrom validTo
  predecessors { share effectiveDate resolution unit { code } }
  successors { share effectiveDate resolution unit { code } } } }`;

async function unitOn(code: string, asOf: string) {
  const answer = await execute(unitQuery, { code, asOf });
  expect(answer.errors).toBeUndefined();
  return answer.data.unit;
}

const merge = {
  idempotencyKey: 'merge-16690',
  legalBasis: '99/2026/NQ-UBTVQH16',
  effectiveDate: '2026-06-01',
  codes: ['16690'],
  intoCode: '16681',
};

describe('mergeUnits', () => {
  it('shows on a dry run what it would change, and writes nothing', async () => {
    const before = await snapshot();
    const answer = await execute(mutations.merge, { input: { ...merge, dryRun: true } });
    expect(answer.errors).toBeUndefined();
    const payload = answer.data.mergeUnits;
    expect(payload).toMatchObject({ dryRun: true, correction: null });
    expect(payload.changes.linksAdded).toEqual([
      expect.objectContaining({ predecessorCode: '16690', successorCode: '16681', share: 'WHOLE' }),
      expect.objectContaining({ predecessorCode: '16681', successorCode: '16681', share: 'WHOLE' }),
    ]);
    expect(payload.changes.versionsClosed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: '16690', validTo: '2026-06-01', previousValidTo: null }),
        expect.objectContaining({ code: '16681', validTo: '2026-06-01', previousValidTo: null }),
      ]),
    );
    expect(payload.changes.versionsOpened).toEqual([
      expect.objectContaining({ code: '16681', validFrom: '2026-06-01', validTo: null }),
    ]);
    expect(payload.changes.reattributedFrom).toEqual([{ code: '16690' }]);
    expect(await snapshot()).toEqual(before);
  });

  it('records the merge, with its legal basis, and answers as of either side of the day', async () => {
    const answer = await execute(mutations.merge, { input: merge });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.mergeUnits.correction).toMatchObject({
      operation: 'mergeUnits',
      legalBasis: '99/2026/NQ-UBTVQH16',
      effectiveDate: '2026-06-01',
      source: 'graph',
    });
    // The version in force the day before is the one that ceases: its successors are the merge.
    expect(await unitOn('16690', '2026-05-31')).toMatchObject({
      inForce: true,
      validTo: '2026-06-01',
    });
    expect(await unitOn('16690', '2026-06-01')).toMatchObject({
      inForce: false,
      validTo: '2026-06-01',
      successors: [
        {
          share: 'WHOLE',
          effectiveDate: '2026-06-01',
          resolution: '99/2026/NQ-UBTVQH16',
          unit: { code: '16681' },
        },
      ],
    });
    const successor = await unitOn('16681', '2026-06-01');
    expect(successor.validFrom).toBe('2026-06-01');
    expect(successor.predecessors.map((link: Data) => link.unit.code).sort()).toEqual([
      '16681',
      '16690',
    ]);
    // The version before the day keeps its own predecessors of the reform.
    const earlier = await unitOn('16681', '2026-05-31');
    expect(earlier).toMatchObject({ fullName: 'Phường Vinh Phú', validTo: '2026-06-01' });
  });

  it('answers a retry with the first result and writes nothing; the key with other input is a CONFLICT', async () => {
    const before = await snapshot();
    const first = await selectRows<{ id: number }>(
      graph.database.db,
      sql`SELECT id FROM units.unit_corrections WHERE operation = 'mergeUnits'`,
    );
    const retry = await execute(mutations.merge, { input: merge });
    expect(retry.errors).toBeUndefined();
    expect(retry.data.mergeUnits.correction.id).toBe(String(first[0]!.id));
    expect(await snapshot()).toEqual(before);
    const reused = await execute(mutations.merge, {
      input: { ...merge, legalBasis: 'another basis' },
    });
    expectRefused(reused, 'CONFLICT', 'input.idempotencyKey');
  });
});

describe('a correction in the middle of history', () => {
  it('renames a pre-2025 ward from a day in 2025: asOf before keeps the old name, from it the new', async () => {
    const answer = await execute(mutations.rename, {
      input: {
        idempotencyKey: 'rename-16684',
        legalBasis: '1234/NQ-UBTVQH15',
        effectiveDate: '2025-03-01',
        code: '16684',
        name: 'Hà Huy Tập Mới',
      },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.renameUnit.changes).toMatchObject({
      versionsClosed: [{ code: '16684', validFrom: null, validTo: '2025-03-01' }],
      versionsOpened: [
        {
          code: '16684',
          officialName: 'Phường Hà Huy Tập Mới',
          validFrom: '2025-03-01',
          validTo: '2025-07-01',
        },
      ],
    });
    expect(await unitOn('16684', '2025-02-28')).toMatchObject({
      fullName: 'Phường Hà Huy Tập',
      validTo: '2025-03-01',
      successors: [],
    });
    // The later version still ends with the reform and still carries the reform's link.
    expect(await unitOn('16684', '2025-06-30')).toMatchObject({
      fullName: 'Phường Hà Huy Tập Mới',
      validFrom: '2025-03-01',
      successors: [{ share: 'WHOLE', effectiveDate: '2025-07-01', unit: { code: '16681' } }],
    });
    const history = await execute(
      `{ unit(code: "16684", asOf: "2025-06-30") { history { fullName validFrom validTo } } }`,
    );
    expect(history.data.unit.history).toEqual([
      { fullName: 'Phường Hà Huy Tập', validFrom: null, validTo: '2025-03-01' },
      { fullName: 'Phường Hà Huy Tập Mới', validFrom: '2025-03-01', validTo: '2025-07-01' },
    ]);
  });

  it('adds a PART link between two units that both continue, visible only from its day', async () => {
    const answer = await execute(mutations.links, {
      input: {
        idempotencyKey: 'link-16687-16681',
        legalBasis: '555/NQ-UBTVQH14',
        effectiveDate: '2024-01-01',
        links: [{ predecessorCode: '16687', successorCode: '16681', share: 'PART' }],
      },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.recordLineageLinks.changes.linksAdded).toEqual([
      {
        predecessorCode: '16687',
        successorCode: '16681',
        effectiveDate: '2024-01-01',
        share: 'PART',
        resolution: '555/NQ-UBTVQH14',
      },
    ]);
    expect((await unitOn('16681', '2023-12-31')).predecessors).toEqual([]);
    expect((await unitOn('16681', '2024-01-01')).predecessors).toEqual([
      {
        share: 'PART',
        effectiveDate: '2024-01-01',
        resolution: '555/NQ-UBTVQH14',
        unit: { code: '16687' },
      },
    ]);
    expect((await unitOn('16687', '2023-12-31')).successors).toEqual([
      {
        share: 'PART',
        effectiveDate: '2024-01-01',
        resolution: '555/NQ-UBTVQH14',
        unit: { code: '16681' },
      },
    ]);
    // Both still end with the reform as before, with the reform's own links.
    expect(
      (await unitOn('16687', '2025-06-30')).successors.map((link: Data) => link.unit.code).sort(),
    ).toEqual(['16681', '16690']);
  });

  it('amends the share of a link, keeping what it was', async () => {
    const answer = await execute(mutations.links, {
      input: {
        idempotencyKey: 'amend-16687-16681',
        legalBasis: '556/NQ-UBTVQH14',
        effectiveDate: '2024-01-01',
        links: [{ predecessorCode: '16687', successorCode: '16681', share: 'PART' }],
      },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.recordLineageLinks.changes.linksAmended).toEqual([
      { predecessorCode: '16687', successorCode: '16681', share: 'PART', previousShare: 'PART' },
    ]);
  });
});

describe('splitUnit and retypeUnit', () => {
  it('divides a commune into itself and a new commune, then makes the new one a ward', async () => {
    const split = await execute(mutations.split, {
      input: {
        idempotencyKey: 'split-16738',
        legalBasis: '77/2026/NQ-UBTVQH16',
        effectiveDate: '2026-09-01',
        code: '16738',
        parts: [{ code: '16738' }, { code: '16799', name: 'Quế Sơn', type: 'COMMUNE' }],
      },
    });
    expect(split.errors).toBeUndefined();
    expect(await unitOn('16799', '2026-08-31')).toBeNull();
    expect(await unitOn('16799', '2026-09-01')).toMatchObject({
      fullName: 'Xã Quế Sơn',
      inForce: true,
      predecessors: [{ share: 'PART', unit: { code: '16738' } }],
    });
    expect((await unitOn('16738', '2026-08-31')).successors).toEqual([
      expect.objectContaining({ share: 'PART', unit: { code: '16738' } }),
      expect.objectContaining({ share: 'PART', unit: { code: '16799' } }),
    ]);
    const retype = await execute(mutations.retype, {
      input: {
        idempotencyKey: 'retype-16799',
        legalBasis: '78/2026/NQ-UBTVQH16',
        effectiveDate: '2026-09-01',
        code: '16799',
        type: 'WARD',
      },
    });
    expect(retype.errors).toBeUndefined();
    // Same day as its first version: amended in place, with the type it had.
    expect(retype.data.retypeUnit.changes.versionsAmended).toEqual([
      {
        code: '16799',
        officialName: 'Phường Quế Sơn',
        previousOfficialName: 'Xã Quế Sơn',
        type: 'WARD',
        previousType: 'COMMUNE',
      },
    ]);
  });
});

describe('refused corrections', () => {
  const base = { legalBasis: '1/2026', effectiveDate: '2026-10-01' };
  let keys = 0;
  const input = (fields: Record<string, unknown>) => {
    keys += 1;
    return { input: { idempotencyKey: `refused-${keys}`, ...base, ...fields } };
  };

  it('refuses with coded errors naming the field, and writes nothing', async () => {
    const before = await snapshot();
    const cases: [string, Record<string, unknown>, string, string, string?][] = [
      [mutations.rename, { code: '1668', name: 'X' }, 'BAD_USER_INPUT', 'input.code'],
      [mutations.rename, { code: '16681', name: '  ' }, 'BAD_USER_INPUT', 'input.name'],
      [
        mutations.rename,
        { code: '16681', name: 'X', legalBasis: ' ' },
        'BAD_USER_INPUT',
        'input.legalBasis',
      ],
      [
        mutations.rename,
        { code: '16681', name: 'X', effectiveDate: '2099-01-01' },
        'BAD_USER_INPUT',
        'input.effectiveDate',
      ],
      // Refused by the Date scalar before any resolver runs.
      [
        mutations.rename,
        { code: '16681', name: 'X', effectiveDate: '2026-02-30' },
        'BAD_USER_INPUT',
        '',
      ],
      [
        mutations.rename,
        { code: '99999', name: 'X' },
        'NOT_FOUND',
        'input.code',
        'UNIT_NOT_IN_FORCE',
      ],
      [
        mutations.rename,
        { code: '16681', name: 'Vinh Phú' },
        'RULE_VIOLATION',
        'input.name',
        'NO_CHANGE',
      ],
      [
        mutations.retype,
        { code: '16681', type: 'PROVINCE' },
        'RULE_VIOLATION',
        'input.type',
        'LEVEL_MISMATCH',
      ],
      [
        mutations.merge,
        { codes: ['16681'], intoCode: '16681' },
        'BAD_USER_INPUT',
        'input.codes.0',
        'DUPLICATE_UNIT',
      ],
      [
        mutations.merge,
        { codes: ['40'], intoCode: '16681' },
        'RULE_VIOLATION',
        'input.codes.0',
        'LEVEL_MISMATCH',
      ],
      [mutations.merge, { codes: [], intoCode: '16681' }, 'BAD_USER_INPUT', 'input.codes'],
      [
        mutations.split,
        { code: '16681', parts: [{ code: '16681' }, { code: '16800' }] },
        'BAD_USER_INPUT',
        'input.parts.1',
      ],
      [
        mutations.split,
        { code: '16681', parts: [{ code: '16681' }, { code: '16738', type: 'PROVINCE' }] },
        'RULE_VIOLATION',
        'input.parts.1.type',
        'LEVEL_MISMATCH',
      ],
      [
        mutations.links,
        { links: [{ predecessorCode: '16738', successorCode: '16681', share: 'WHOLE' }] },
        'RULE_VIOLATION',
        'input.links.0.share',
        'SHARE_CONFLICT',
      ],
      [
        mutations.links,
        {
          effectiveDate: '2025-07-01',
          links: [{ predecessorCode: '16684', successorCode: '16690', share: 'PART' }],
        },
        'RULE_VIOLATION',
        'input.links',
        'SHARE_CONFLICT',
      ],
      [
        mutations.merge,
        { effectiveDate: '2025-03-01', codes: ['16687'], intoCode: '16690' },
        'NOT_FOUND',
        'input.intoCode',
        'UNIT_NOT_IN_FORCE',
      ],
      [
        mutations.merge,
        { effectiveDate: '2025-03-01', codes: ['16687'], intoCode: '16684' },
        'RULE_VIOLATION',
        'input.codes.0',
        'LATER_HISTORY',
      ],
      [
        mutations.merge,
        { codes: ['412'], intoCode: '40', effectiveDate: '2025-01-01' },
        'RULE_VIOLATION',
        'input.codes.0',
        'LEVEL_MISMATCH',
      ],
    ];
    for (const [mutation, fields, code, field, rule] of cases) {
      const answer = await execute(mutation, input(fields));
      expectRefused(answer, code, field);
      if (rule) expect(answer.errors?.[0]?.extensions.rule, JSON.stringify(fields)).toBe(rule);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a province-restricted writer and an anonymous caller', async () => {
    const answer = await execute(
      mutations.rename,
      input({ code: '16681', name: 'X' }),
      writerIdentity('units', '40'),
    );
    expectRefused(answer, 'FORBIDDEN');
    const anonymous = await execute(
      mutations.rename,
      input({ code: '16681', name: 'X' }),
      anonymousIdentity,
    );
    expect(anonymous.errors?.[0]?.extensions.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
  });

  it('keeps the history append-only', async () => {
    for (const statement of [
      sql`UPDATE units.unit_corrections SET legal_basis = 'x'`,
      sql`DELETE FROM units.unit_corrections`,
      sql`TRUNCATE units.unit_corrections`,
    ]) {
      const error = await graph.database.db.execute(statement).then(
        () => undefined,
        (failure: Error & { cause?: Error }) => failure,
      );
      expect(String(error?.cause?.message ?? error?.message)).toMatch(/append-only/);
    }
  });

  it('lists the history, oldest first, without the writer', async () => {
    const answer = await execute(
      `{ unitCorrections(first: 2) { totalCount nodes { operation legalBasis } pageInfo { hasNextPage endCursor } } }`,
      {},
      anonymousIdentity,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data.unitCorrections.nodes).toEqual([
      { operation: 'mergeUnits', legalBasis: '99/2026/NQ-UBTVQH16' },
      { operation: 'renameUnit', legalBasis: '1234/NQ-UBTVQH15' },
    ]);
    expect(answer.data.unitCorrections.totalCount).toBeGreaterThanOrEqual(5);
    expect(answer.data.unitCorrections.pageInfo.hasNextPage).toBe(true);
  });
});

describeConcurrent('corrections under concurrent writers on Postgres', () => {
  it(`merges a unit once when ${writers} writers merge it into different units at once`, async () => {
    const targets = Array.from({ length: writers }, (_, index) => String(16900 + index));
    await graph.database.db.insert(administrativeUnits).values(
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
      graph.database.db,
      sql`SELECT count(*)::int AS n FROM units.unit_transitions WHERE predecessor_code = '16950'`,
    );
    expect(links[0]!.n).toBe(1);
  });

  it(`links a ceased unit WHOLE once when ${writers} writers link it to different units at once`, async () => {
    // No row is updated in common here: only the history lock keeps both rows from being written.
    await graph.database.db.insert(administrativeUnits).values({
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
      graph.database.db,
      sql`SELECT count(*)::int AS n FROM units.unit_transitions WHERE predecessor_code = '16960'`,
    );
    expect(links[0]!.n).toBe(1);
  });
});
