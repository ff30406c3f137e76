import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeSetsFolder } from './applyChangeSetFolder.ts';
import { ChangeSetError } from './ChangeSetError.ts';
import { parseChangeSet } from './parseChangeSet.ts';

const valid = {
  id: '2026-01-01-example',
  title: 'Example',
  effectiveDate: '2026-01-01',
  sources: ['https://example.org/resolution'],
  operations: [{ op: 'update', code: '26326', set: { type: 'WARD' } }],
};

function issuesOf(document: unknown): string[] {
  try {
    parseChangeSet(typeof document === 'string' ? document : JSON.stringify(document));
  } catch (error) {
    expect(error).toBeInstanceOf(ChangeSetError);
    return (error as ChangeSetError).issues.map((issue) => `${issue.code} ${issue.path}`);
  }
  return [];
}

describe('parseChangeSet', () => {
  it('accepts the documented shape', () => {
    expect(parseChangeSet(JSON.stringify(valid))).toMatchObject({
      id: '2026-01-01-example',
      operations: [{ op: 'update', code: '26326', set: { type: 'WARD' } }],
    });
  });

  it('parses every shipped change set, named after its id', () => {
    const files = readdirSync(changeSetsFolder).filter((name) => name.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const changeSet = parseChangeSet(readFileSync(join(changeSetsFolder, file), 'utf8'));
      expect(`${changeSet.id}.json`).toBe(file);
      expect(changeSet.sources.length).toBeGreaterThan(0);
    }
  });

  it('refuses what is not JSON', () => {
    expect(issuesOf('{ "id": ')).toEqual(['CHANGE_SET_INVALID $']);
  });

  it('lists every shape problem at once, with its path', () => {
    expect(
      issuesOf({
        id: 'Not An Id',
        title: '',
        effectiveDate: '2026-02-30',
        sources: [],
        surprise: true,
        operations: [
          { op: 'update', code: '26326', set: {} },
          { op: 'update', code: '2632', set: { type: 'TOWN' } },
          { op: 'establish', code: '26999', level: 'COMMUNE', type: 'PROVINCE', name: 'X' },
          { op: 'abolish', code: '26326', successors: [{ code: '26327', share: 'HALF' }] },
          { op: 'merge', code: '26326' },
        ],
      }),
    ).toEqual([
      'CHANGE_SET_INVALID $.surprise',
      'CHANGE_SET_INVALID $.id',
      'CHANGE_SET_INVALID $.title',
      'CHANGE_SET_INVALID $.effectiveDate',
      'CHANGE_SET_INVALID $.sources',
      'CHANGE_SET_INVALID $.operations[0].set',
      'CHANGE_SET_INVALID $.operations[1].code',
      'CHANGE_SET_INVALID $.operations[1].set.type',
      'CHANGE_SET_LEVEL_MISMATCH $.operations[2].type',
      'CHANGE_SET_INVALID $.operations[2].parentCode',
      'CHANGE_SET_INVALID $.operations[3].successors[0].share',
      'CHANGE_SET_INVALID $.operations[4].op',
    ]);
  });

  it('gives the error the code of its first issue', () => {
    try {
      parseChangeSet(JSON.stringify({ ...valid, operations: [] }));
      expect.unreachable();
    } catch (error) {
      expect((error as ChangeSetError).code).toBe('CHANGE_SET_INVALID');
      expect((error as ChangeSetError).message).toContain('$.operations');
    }
  });
});
