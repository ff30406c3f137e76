import { subgraphDefinition as units } from '@home-affairs/units/typeDefs';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, supergraphHeader } from './composeSupergraph.ts';
import { subgraphsOfSupergraph } from './subgraphsOfSupergraph.ts';

describe('composeSupergraph', () => {
  it('composes the subgraphs into a supergraph that names each with its URL', () => {
    const composition = composeSupergraph([units]);
    if (!composition.ok) throw new Error(composition.errors.join('\n'));
    expect(composition.supergraphSdl.startsWith(supergraphHeader)).toBe(true);
    expect(subgraphsOfSupergraph(composition.supergraphSdl)).toEqual([
      { name: 'units', url: 'http://localhost:4001/graphql' },
    ]);
    expect(composition.supergraphSdl).toContain('type AdministrativeUnit');
  });

  it('reports composition errors with their codes', () => {
    const clash = {
      name: 'clash',
      url: 'http://localhost:4999/graphql',
      // Redefines a field units owns, without @shareable on either side.
      typeDefs: parse(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
        type AdministrativeUnit @key(fields: "code") { code: ID! name: Int }
      `),
    };
    const composition = composeSupergraph([units, clash]);
    expect(composition.ok).toBe(false);
    if (composition.ok) return;
    expect(composition.errors.join('\n')).toMatch(/^[A-Z_]+: .*AdministrativeUnit\.name/m);
  });
});
