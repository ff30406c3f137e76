import { describe, expect, it } from 'vitest';
import { effectiveScopes, scopesForRole } from './scopesForRole.ts';

describe('scopesForRole', () => {
  it('never gives a researcher personal or write scopes, whatever the token claims', () => {
    expect(
      effectiveScopes('researcher', undefined, [
        'read:aggregate',
        'read:personal:personnel',
        'write:units',
      ]),
    ).toEqual(['read:public', 'read:aggregate']);
  });

  it('gives a ministry writer its own subgraph only', () => {
    expect(scopesForRole('writer', 'units')).toEqual([
      'read:public',
      'read:aggregate',
      'write:units',
      'read:personal:units',
    ]);
    expect(effectiveScopes('writer', 'units', ['write:associations'])).toEqual(['read:public']);
  });

  it('gives an admin every subgraph', () => {
    expect(scopesForRole('admin')).toContain('write:procedures');
    expect(scopesForRole('admin')).toContain('admin');
  });
});
