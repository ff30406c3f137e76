import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTrustedDocumentRegistry } from './loadTrustedDocuments.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Writes a manifest of `bodies`, each with its SHA-256 as id unless `id` says otherwise. */
function manifest(bodies: string[], id: (body: string) => string = sha256): string {
  const path = join(mkdtempSync(join(tmpdir(), 'trusted-')), 'manifest.json');
  writeFileSync(
    path,
    JSON.stringify({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: bodies.map((body, index) => ({
        id: id(body),
        name: `Operation${index}`,
        type: 'query',
        body,
      })),
    }),
  );
  return path;
}

describe('loadTrustedDocumentRegistry', () => {
  const dashboardQuery = 'query A { units { code } }';
  const mobileQuery = 'query B { units { name } }';
  const registry = loadTrustedDocumentRegistry([
    { clients: ['dashboard'], path: manifest([dashboardQuery]) },
    { clients: ['mobile'], path: manifest([mobileQuery]) },
  ]);

  it('keeps each client to its own manifest and leaves unbound clients alone', () => {
    expect(registry.binds('dashboard')).toBe(true);
    expect(registry.allows('dashboard', sha256(dashboardQuery))).toBe(true);
    // Another client's reviewed document is not this client's.
    expect(registry.allows('dashboard', sha256(mobileQuery))).toBe(false);
    expect(registry.allows('mobile', sha256(mobileQuery))).toBe(true);
    expect(registry.binds('researcher-script')).toBe(false);
    expect(registry.binds(undefined)).toBe(false);
  });

  it('finds the text of any known hash, and nothing for an unknown one', () => {
    expect(registry.bodyOf(sha256(mobileQuery))).toBe(mobileQuery);
    expect(registry.bodyOf(sha256('query C { x }'))).toBeUndefined();
  });

  it('binds every client with a `*` manifest', () => {
    const shared = loadTrustedDocumentRegistry([{ clients: ['*'], path: manifest([mobileQuery]) }]);
    expect(shared.binds(undefined)).toBe(true);
    expect(shared.allows('anyone', sha256(mobileQuery))).toBe(true);
    expect(shared.allows(undefined, sha256(dashboardQuery))).toBe(false);
  });

  it('refuses a manifest whose id is not the SHA-256 of its body', () => {
    const path = manifest([dashboardQuery], () => sha256('other'));
    expect(() => loadTrustedDocumentRegistry([{ clients: ['x'], path }])).toThrow(/SHA-256/);
  });
});
