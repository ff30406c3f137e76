import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { changeSetText, useChangeSetDatabase } from '../../test/changeSetDatabase.ts';
import * as schema from '../db/schema.ts';
import { administrativeUnits, changeSets, unitTransitions } from '../db/schema.ts';
import { applyChangeSet, changeSetChecksum } from './applyChangeSet.ts';
import { applyChangeSetFolder } from './applyChangeSetFolder.ts';
import { ChangeSetError } from './ChangeSetError.ts';

const { database, history } = useChangeSetDatabase();

const snapshot = async () => ({
  units: await database()
    .db.select()
    .from(administrativeUnits)
    .orderBy(asc(administrativeUnits.id)),
  transitions: await database().db.select().from(unitTransitions).orderBy(asc(unitTransitions.id)),
  changeSets: await database().db.select().from(changeSets).orderBy(asc(changeSets.id)),
  corrections: await database()
    .db.select()
    .from(schema.unitCorrections)
    .orderBy(asc(schema.unitCorrections.id)),
});

/** Applies `text`, expecting a `ChangeSetError`, and checks that nothing at all was written. */
async function refusal(text: string, options?: { fileName?: string }) {
  const before = await snapshot();
  try {
    await applyChangeSet(database().db, text, options);
  } catch (error) {
    if (!(error instanceof ChangeSetError)) throw error;
    expect(await snapshot()).toEqual(before);
    return error;
  }
  throw new Error('the change set was applied');
}

/** Applies a test change set with `fields` (changeSetText), expecting it refused (refusal). */
function refusalOf(fields: Record<string, unknown>) {
  return refusal(changeSetText(fields));
}

const first = changeSetText({
  operations: [
    { op: 'update', code: '26326', expect: { type: 'COMMUNE' }, set: { type: 'WARD' } },
    { op: 'update', code: '26368', set: { name: 'Long Thành Mới', parentCode: '79' } },
    {
      op: 'establish',
      code: '26999',
      level: 'COMMUNE',
      type: 'WARD',
      name: 'Phước An',
      parentCode: '75',
      predecessors: [{ code: '26485', share: 'PART' }],
    },
    {
      op: 'abolish',
      code: '26485',
      successors: [
        { code: '26999', share: 'PART' },
        { code: '26734', share: 'PART' },
      ],
      resolution: '2/2026/TEST',
    },
  ],
});

describe('applyChangeSet', () => {
  it('closes the versions in force and opens new ones, keeping all history', async () => {
    const result = await applyChangeSet(database().db, first);
    expect(result).toMatchObject({
      status: 'applied',
      versionsClosed: 3,
      versionsOpened: 3,
      transitions: 2,
      checksum: changeSetChecksum(first),
    });

    expect(await history('26326')).toEqual([
      expect.objectContaining({
        type: 'COMMUNE_LEVEL_TOWN',
        validFrom: null,
        validTo: '2025-07-01',
      }),
      expect.objectContaining({ type: 'COMMUNE', validFrom: '2025-07-01', validTo: '2026-01-01' }),
      expect.objectContaining({
        type: 'WARD',
        fullName: 'Phường Dầu Giây',
        searchKey: 'phuong dau giay 26326',
        validFrom: '2026-01-01',
        validTo: null,
        source: 'changeset:2026-01-01-test (1/2026/TEST)',
      }),
    ]);
    expect((await history('26368')).at(-1)).toMatchObject({
      name: 'Long Thành Mới',
      parentCode: '79',
      provinceCode: '79',
    });
    expect(await history('26485')).toEqual([
      expect.objectContaining({ validFrom: '2025-07-01', validTo: '2026-01-01' }),
    ]);
    expect(await history('26999')).toEqual([
      expect.objectContaining({
        fullName: 'Phường Phước An',
        provinceCode: '75',
        validFrom: '2026-01-01',
      }),
    ]);

    const transitions = await database()
      .db.select()
      .from(unitTransitions)
      .orderBy(asc(unitTransitions.successorCode));
    expect(transitions).toEqual([
      expect.objectContaining({
        predecessorCode: '26485',
        successorCode: '26734',
        share: 'PART',
        effectiveDate: '2026-01-01',
        resolution: '2/2026/TEST',
      }),
      expect.objectContaining({
        predecessorCode: '26485',
        successorCode: '26999',
        share: 'PART',
        resolution: '1/2026/TEST',
        source: 'changeset:2026-01-01-test',
      }),
    ]);
    expect(await database().db.select().from(changeSets)).toEqual([
      expect.objectContaining({ id: '2026-01-01-test', checksum: changeSetChecksum(first) }),
    ]);
    // One path into the same append-only history as the corrections made through the graph.
    const [recorded, ...more] = await database().db.select().from(schema.unitCorrections);
    expect(more).toEqual([]);
    expect(recorded).toMatchObject({
      operation: 'applyChangeSet',
      subject: null,
      effectiveDate: '2026-01-01',
      source: 'changeset:2026-01-01-test',
    });
    const changes = recorded!.changes as {
      versionsClosed: unknown[];
      versionsOpened: unknown[];
      linksAdded: unknown[];
      reattributedFrom: string[];
    };
    expect(changes.versionsClosed).toHaveLength(3);
    expect(changes.versionsOpened).toHaveLength(3);
    expect(changes.linksAdded).toHaveLength(2);
    expect(changes.reattributedFrom).toEqual(['26485']);
  });

  it('does nothing when the same file is applied again', async () => {
    const before = await snapshot();
    expect(await applyChangeSet(database().db, first)).toMatchObject({
      status: 'already-applied',
      versionsClosed: 0,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an edited file whose id was already applied', async () => {
    const edited = first.replace('Test reorganisation', 'Test reorganisation, edited');
    const error = await refusal(edited);
    expect(error.code).toBe('CHANGE_SET_CHECKSUM_MISMATCH');
  });

  it('applies later change sets after earlier ones, without overlapping versions', async () => {
    await applyChangeSet(
      database().db,
      changeSetText({
        id: '2026-06-01-rename',
        effectiveDate: '2026-06-01',
        operations: [{ op: 'update', code: '26326', set: { name: 'Dầu Giây Mới' } }],
      }),
    );
    const versions = await history('26326');
    expect(versions.map((version) => [version.validFrom, version.validTo])).toEqual([
      [null, '2025-07-01'],
      ['2025-07-01', '2026-01-01'],
      ['2026-01-01', '2026-06-01'],
      ['2026-06-01', null],
    ]);
    expect(versions.at(-1)).toMatchObject({ fullName: 'Phường Dầu Giây Mới', type: 'WARD' });
  });

  it('refuses invalid operations with coded errors and writes nothing, not even the valid ones', async () => {
    const error = await refusalOf({
      id: '2026-07-01-invalid',
      effectiveDate: '2026-07-01',
      operations: [
        { op: 'update', code: '26734', set: { name: 'Tân Định Mới' } },
        { op: 'update', code: '99998', set: { name: 'Không Có' } },
        { op: 'update', code: '26999', expect: { type: 'COMMUNE' }, set: { name: 'Phước An 2' } },
        { op: 'abolish', code: '75', successors: [{ code: '79', share: 'WHOLE' }] },
        { op: 'update', code: '26485', set: { name: 'Đã Giải Thể' } },
        {
          op: 'establish',
          code: '26326',
          level: 'COMMUNE',
          type: 'WARD',
          name: 'Trùng',
          parentCode: '79',
        },
        { op: 'update', code: '79', set: { type: 'WARD' } },
        { op: 'update', code: '26368', set: { name: 'Long Thành Mới' } },
      ],
    });
    expect(error.code).toBe('CHANGE_SET_UNKNOWN_UNIT');
    expect(error.issues.map((issue) => `${issue.code} ${issue.path}`)).toEqual([
      'CHANGE_SET_UNKNOWN_UNIT $.operations[1].code',
      'CHANGE_SET_EXPECTATION_FAILED $.operations[2].expect.type',
      'CHANGE_SET_ORPHANED_UNITS $.operations[3].code',
      'CHANGE_SET_UNKNOWN_UNIT $.operations[4].code',
      'CHANGE_SET_DUPLICATE_UNIT $.operations[5].code',
      'CHANGE_SET_LEVEL_MISMATCH $.operations[6].set.type',
      'CHANGE_SET_NO_CHANGE $.operations[7].set',
    ]);
  });

  it('refuses a change dated before history that is already recorded', async () => {
    const error = await refusalOf({
      id: '2026-03-01-late',
      effectiveDate: '2026-03-01',
      operations: [{ op: 'update', code: '26326', set: { name: 'Trễ' } }],
    });
    expect(error.code).toBe('CHANGE_SET_DATE_ORDER');
  });

  it('carries corrections, applied by the code of the mutations, in the middle of history', async () => {
    const result = await applyChangeSet(
      database().db,
      changeSetText({
        id: '2025-09-01-correction',
        effectiveDate: '2025-09-01',
        resolution: '9/2025/TEST',
        operations: [{ op: 'renameUnit', code: '26326', name: 'Dầu Giây Giữa' }],
      }),
    );
    expect(result).toMatchObject({ status: 'applied', versionsClosed: 1, versionsOpened: 1 });
    expect(
      (await history('26326')).map((version) => [version.name, version.validFrom, version.validTo]),
    ).toEqual([
      ['Dầu Giây', null, '2025-07-01'],
      ['Dầu Giây', '2025-07-01', '2025-09-01'],
      ['Dầu Giây Giữa', '2025-09-01', '2026-01-01'],
      // Later history (an earlier test's change set of 2026-06-01) is left as it was.
      ['Dầu Giây', '2026-01-01', '2026-06-01'],
      ['Dầu Giây Mới', '2026-06-01', null],
    ]);
    const [recorded] = await database()
      .db.select()
      .from(schema.unitCorrections)
      .where(eq(schema.unitCorrections.source, 'changeset:2025-09-01-correction'));
    expect(recorded).toMatchObject({ operation: 'applyChangeSet', legalBasis: '9/2025/TEST' });
  });

  it('refuses a correction of a change set with the code of its rule, located in the file', async () => {
    const error = await refusalOf({
      id: '2025-10-01-refused',
      effectiveDate: '2025-10-01',
      operations: [
        { op: 'renameUnit', code: '26368', name: 'Long Thành Khác' },
        { op: 'mergeUnits', codes: ['99999'], intoCode: '26368' },
      ],
    });
    expect(error.issues.map((issue) => `${issue.code} ${issue.path}`)).toEqual([
      'CHANGE_SET_UNKNOWN_UNIT $.operations[1].codes[0]',
    ]);
  });

  it('applies a folder in date order and wants files named after their ids', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'units-change-sets-'));
    try {
      const later = changeSetText({
        id: '2026-09-01-b',
        effectiveDate: '2026-09-01',
        operations: [{ op: 'update', code: '26734', set: { name: 'Tân Định B' } }],
      });
      const earlier = changeSetText({
        id: '2026-08-01-a',
        effectiveDate: '2026-08-01',
        operations: [{ op: 'update', code: '26734', set: { name: 'Tân Định A' } }],
      });
      await writeFile(join(folder, '2026-09-01-b.json'), later);
      await writeFile(join(folder, '2026-08-01-a.json'), earlier);
      const results = await applyChangeSetFolder(database().db, { folder });
      expect(results.map((result) => [result.id, result.status])).toEqual([
        ['2026-08-01-a', 'applied'],
        ['2026-09-01-b', 'applied'],
      ]);
      expect((await history('26734')).at(-1)?.name).toBe('Tân Định B');

      const misnamed = await refusal(earlier, { fileName: join(folder, 'other-name.json') });
      expect(misnamed.code).toBe('CHANGE_SET_INVALID');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
