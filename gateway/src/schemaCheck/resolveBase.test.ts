import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveBase } from './resolveBase.ts';
import { temporaryRepository as repository, run, write } from './testing/temporaryRepository.ts';

describe('resolveBase', () => {
  it("compares a feature branch with its merge-base, not main's newer supergraph", () => {
    const root = repository();
    const base = resolveBase(join(root, 'gateway/supergraph.graphql'), undefined, root);
    expect(base).toMatchObject({ supergraphSdl: 'v1' });
    expect('label' in base && base.label).toMatch(/^main \(merge-base [0-9a-f]{10}\)$/);
  });

  it('on main itself compares with HEAD: a clean checkout has no change', () => {
    const root = repository();
    run(root, 'checkout', '-q', 'main');
    expect(resolveBase(join(root, 'gateway/supergraph.graphql'), undefined, root)).toMatchObject({
      supergraphSdl: 'v3',
    });
  });

  it('takes an explicit base, and refuses one the clone does not have', () => {
    const root = repository();
    const supergraph = join(root, 'gateway/supergraph.graphql');
    expect(resolveBase(supergraph, 'main', root)).toMatchObject({ supergraphSdl: 'v1' });
    expect(resolveBase(supergraph, 'origin/nowhere', root)).toEqual({
      error: 'the base origin/nowhere is not a commit in this clone (fetch it first)',
    });
  });

  it('in a shallow CI clone, compares with the fetched tip of main', () => {
    const origin = repository();
    const clone = mkdtempSync(join(tmpdir(), 'schema-shallow-'));
    run(clone, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin}`, '.');
    const supergraph = join(clone, 'gateway/supergraph.graphql');
    // Without main in the clone: HEAD, with the reason.
    const head = resolveBase(supergraph, undefined, clone);
    expect(head).toMatchObject({ supergraphSdl: 'v2' });
    expect('label' in head && head.label).toMatch(/no main branch; set SCHEMA_CHECK_BASE/);
    run(clone, 'fetch', '-q', '--depth', '1', 'origin', 'main:refs/remotes/origin/main');
    const fetched = resolveBase(supergraph, 'origin/main', clone);
    expect(fetched).toMatchObject({ supergraphSdl: 'v3' });
    expect('label' in fetched && fetched.label).toMatch(/no merge-base in this shallow clone/);
  });

  it('without git, compares with the checked-in file', () => {
    const root = mkdtempSync(join(tmpdir(), 'schema-nogit-'));
    write(root, 'gateway/supergraph.graphql', 'on disk');
    expect(resolveBase(join(root, 'gateway/supergraph.graphql'), undefined, root)).toEqual({
      label: 'the checked-in file (no git repository)',
      supergraphSdl: 'on disk',
    });
  });
});
