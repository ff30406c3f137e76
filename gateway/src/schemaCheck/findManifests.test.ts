import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findManifests } from './findManifests.ts';
import { temporaryRepository as repository, run, write } from './testing/temporaryRepository.ts';

describe('findManifests', () => {
  const body = '{ units { code } }';
  const manifest = JSON.stringify({ [createHash('sha256').update(body).digest('hex')]: body });

  it('finds every manifest git tracks or would track, never ignored output', () => {
    const root = repository();
    write(root, '.gitignore', 'dist/\nnode_modules/\n');
    write(root, 'dashboard/src/persisted-documents.json', manifest);
    run(root, 'add', '.');
    run(root, 'commit', '-qm', 'dashboard');
    write(root, 'web/app.persisted-query-manifest.json', manifest);
    write(root, 'dist/persisted-documents.json', manifest);
    write(root, 'node_modules/lib/persisted-documents.json', manifest);
    write(root, 'dashboard/src/documents.json', manifest);
    const found = findManifests(root);
    expect(found.map((m) => m.path)).toEqual([
      'dashboard/src/persisted-documents.json',
      'web/app.persisted-query-manifest.json',
    ]);
    expect(found[0]?.operations).toHaveLength(1);
    expect(found[0]?.errors).toEqual([]);
  });

  it('walks the folder without git, skipping dependencies', () => {
    const root = mkdtempSync(join(tmpdir(), 'manifests-nogit-'));
    write(root, 'app/persisted-documents.json', manifest);
    write(root, 'node_modules/lib/persisted-documents.json', manifest);
    expect(findManifests(root).map((m) => m.path)).toEqual(['app/persisted-documents.json']);
  });
});
