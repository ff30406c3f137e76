import { selectRows } from '@home-affairs/db';
import { anonymousIdentity } from '@home-affairs/identity';
import { expectRefused, startedForTests, writerIdentity } from '@home-affairs/testing';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Data, correctionMutations as mutations } from './correctionMutations.ts';
import { refusedCorrections } from './refusedCorrections.ts';
import { startSubgraph } from './startSubgraph.ts';

const writer = writerIdentity('units');
const graph = startedForTests(() => startSubgraph('units_corrections'));

function execute(query: string, variables: Record<string, unknown> = {}, identity = writer) {
  return graph().execute<Data>(query, variables, identity);
}

/** Everything a correction may touch, to tell whether anything was written. */
async function snapshot() {
  const [row] = await selectRows<Record<string, unknown>>(
    graph().database.db,
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

/** Runs the correction `mutation` with `input`, which must succeed, and returns its data. */
async function correct(mutation: string, input: Record<string, unknown>) {
  const answer = await execute(mutation, { input });
  expect(answer.errors).toBeUndefined();
  return answer.data;
}

/** Records 16687 as a PART predecessor of 16681 from 2024-01-01 under `legalBasis`. */
function linkPart(idempotencyKey: string, legalBasis: string) {
  return correct(mutations.links, {
    idempotencyKey,
    legalBasis,
    effectiveDate: '2024-01-01',
    links: [{ predecessorCode: '16687', successorCode: '16681', share: 'PART' }],
  });
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
      graph().database.db,
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
    const data = await correct(mutations.rename, {
      idempotencyKey: 'rename-16684',
      legalBasis: '1234/NQ-UBTVQH15',
      effectiveDate: '2025-03-01',
      code: '16684',
      name: 'Hà Huy Tập Mới',
    });
    expect(data.renameUnit.changes).toMatchObject({
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
    const data = await linkPart('link-16687-16681', '555/NQ-UBTVQH14');
    expect(data.recordLineageLinks.changes.linksAdded).toEqual([
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
    const data = await linkPart('amend-16687-16681', '556/NQ-UBTVQH14');
    expect(data.recordLineageLinks.changes.linksAmended).toEqual([
      { predecessorCode: '16687', successorCode: '16681', share: 'PART', previousShare: 'PART' },
    ]);
  });
});

describe('splitUnit and retypeUnit', () => {
  it('divides a commune into itself and a new commune, then makes the new one a ward', async () => {
    await correct(mutations.split, {
      idempotencyKey: 'split-16738',
      legalBasis: '77/2026/NQ-UBTVQH16',
      effectiveDate: '2026-09-01',
      code: '16738',
      parts: [{ code: '16738' }, { code: '16799', name: 'Quế Sơn', type: 'COMMUNE' }],
    });
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
    const retype = await correct(mutations.retype, {
      idempotencyKey: 'retype-16799',
      legalBasis: '78/2026/NQ-UBTVQH16',
      effectiveDate: '2026-09-01',
      code: '16799',
      type: 'WARD',
    });
    // Same day as its first version: amended in place, with the type it had.
    expect(retype.retypeUnit.changes.versionsAmended).toEqual([
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
    for (const [mutation, fields, code, field, rule] of refusedCorrections) {
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
      const error = await graph()
        .database.db.execute(statement)
        .then(
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
