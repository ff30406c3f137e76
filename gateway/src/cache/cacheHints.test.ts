import { readFileSync } from 'node:fs';
import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaOf } from '../apiSchemaOf.ts';
import { supergraphPath } from '../composeArtifacts.ts';
import { cachePolicyOf, readCacheHints } from './cacheHints.ts';

const supergraphSdl = readFileSync(supergraphPath, 'utf8');
const schema = apiSchemaOf(supergraphSdl);
const hints = readCacheHints(supergraphSdl);
const policyOf = (query: string) => cachePolicyOf(schema, parse(query), hints);
const ngheAn = readFileSync(
  new URL('../../../scripts/queries/ngheAn.graphql', import.meta.url),
  'utf8',
);

describe('cache policy from the supergraph’s @cacheControl', () => {
  it('gives unit reads the units subgraph’s day and cross-subgraph reads the smallest maxAge', () => {
    expect(policyOf('{ units(level: PROVINCE) { totalCount nodes { code name } } }')).toEqual({
      maxAge: 86_400,
      private: false,
    });
    expect(policyOf(ngheAn)).toEqual({ maxAge: 3600, private: false });
  });

  it('makes an answer with a personal field private', () => {
    expect(policyOf('query ($id: ID!) { dossier(id: $id) { id outcome } }').private).toBe(true);
    expect(policyOf('{ separations(first: 5) { nodes { id fullName } } }').private).toBe(true);
    expect(policyOf('{ separations(first: 5) { nodes { id benefitAmount } } }').private).toBe(
      false,
    );
  });

  it('never caches introspection, and follows Apollo’s defaults for fields without a hint', () => {
    expect(policyOf('{ __schema { queryType { name } } }').maxAge).toBe(0);
    expect(policyOf('{ __typename }').maxAge).toBe(0);
    const bare = buildSchema(`
      directive @cacheControl(maxAge: Int, scope: String, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT
      type Query { hinted: Item @cacheControl(maxAge: 60) unhinted: Item count: Int }
      type Item { name: String child: Child inherited: Inherits }
      type Child { name: String }
      type Inherits @cacheControl(inheritMaxAge: true) { name: String }`);
    const bareHints = readCacheHints(`
      type Query { hinted: Item @cacheControl(maxAge: 60) unhinted: Item count: Int }
      type Inherits @cacheControl(inheritMaxAge: true) { name: String }`);
    const of = (query: string) => cachePolicyOf(bare, parse(query), bareHints).maxAge;
    expect(of('{ hinted { name } }')).toBe(60);
    expect(of('{ hinted { name inherited { name } } }')).toBe(60);
    // An object field without a hint, an unhinted root field, a root scalar: not cacheable.
    expect(of('{ hinted { child { name } } }')).toBe(0);
    expect(of('{ unhinted { name } }')).toBe(0);
    expect(of('{ count }')).toBe(0);
  });
});
