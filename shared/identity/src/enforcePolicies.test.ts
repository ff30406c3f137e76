import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { findPolicyViolation } from './enforcePolicies.ts';
import { readPolicies, schemaDocument } from './readPolicies.ts';
import { anonymousIdentity, effectiveScopes, type Identity } from './scopesForRole.ts';

const typeDefs = parse(`
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.9",
          import: ["@key", "@tag", {name: "@authenticated", as: "@signedIn"}, "@requiresScopes"])

  interface Holder { id: ID! name: String! }
  type Official implements Holder @key(fields: "id") {
    id: ID!
    name: String!
    nationalId: String @requiresScopes(scopes: [["read:personal:personnel"]])
  }
  type Agency implements Holder @key(fields: "id") { id: ID! name: String! }
  type Secret @signedIn { id: ID! }
  union Found = Official | Agency
  type Query {
    holders: [Holder!]! @tag(name: "public")
    search: [Found!]! @tag(name: "public")
    agency: Agency @tag(name: "public")
    secret: Secret @tag(name: "public")
    staffing: Int @requiresScopes(scopes: [["read:aggregate"], ["admin"]])
  }
  type Mutation { renameAgency(id: ID!, name: String!): Agency @requiresScopes(scopes: [["write:personnel"]]) }
`);
const schema = buildSubgraphSchema({ typeDefs, resolvers: {} });
const policies = readPolicies(schemaDocument(schema));

const identity = (role: Identity['role'], subgraph?: string): Identity => ({
  subject: role === 'anonymous' ? null : 'someone',
  role,
  subgraph,
  scopes: effectiveScopes(role, subgraph, undefined),
});
const violation = (query: string, who: Identity = anonymousIdentity) =>
  findPolicyViolation({ schema, document: parse(query), policies, identity: who });

describe('readPolicies', () => {
  it('reads renamed imports from a subgraph built with buildSubgraphSchema', () => {
    expect(policies.types.get('Secret')).toEqual({ authenticated: true, scopes: [] });
    expect(policies.fields.get('Official.nationalId')?.scopes).toEqual([
      ['read:personal:personnel'],
    ]);
    expect([...policies.publicFields].sort()).toEqual([
      'Query.agency',
      'Query.holders',
      'Query.search',
      'Query.secret',
    ]);
  });
});

describe('findPolicyViolation', () => {
  it('lets anyone read public fields', () => {
    expect(violation('{ agency { id name } holders { id } }')).toBeUndefined();
  });

  it('refuses a type policy reached through a public field', () => {
    expect(violation('{ secret { id } }')).toMatchObject({
      code: 'UNAUTHENTICATED',
      coordinate: 'Secret',
    });
    expect(violation('{ secret { id } }', identity('researcher'))).toBeUndefined();
  });

  it('follows aliases, named fragments and inline fragments', () => {
    const researcher = identity('researcher');
    expect(
      violation('{ x: search { ... on Official { y: nationalId } } }', researcher),
    ).toMatchObject({
      code: 'FORBIDDEN',
      coordinate: 'Official.nationalId',
    });
    expect(
      violation(
        'query { search { ...F } } fragment F on Found { ... on Official { ...G } } fragment G on Official { nationalId }',
        researcher,
      ),
    ).toMatchObject({ coordinate: 'Official.nationalId' });
    expect(violation('{ search { ... on Agency { name } } }', researcher)).toBeUndefined();
  });

  it('checks every implementation of an interface field selected directly', () => {
    expect(violation('{ holders { name } }')).toBeUndefined();
    expect(
      violation('{ holders { ... on Official { nationalId } } }', identity('writer', 'personnel')),
    ).toBeUndefined();
  });

  it('asks an anonymous caller to authenticate and a known one for the scope', () => {
    expect(violation('{ staffing }')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(violation('{ staffing }', identity('researcher'))).toBeUndefined();
    expect(
      violation('mutation { renameAgency(id: "1", name: "x") { id } }', identity('researcher')),
    ).toMatchObject({
      code: 'FORBIDDEN',
      coordinate: 'Mutation.renameAgency',
    });
    expect(
      violation(
        'mutation { renameAgency(id: "1", name: "x") { id } }',
        identity('writer', 'units'),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      violation(
        'mutation { renameAgency(id: "1", name: "x") { id } }',
        identity('writer', 'personnel'),
      ),
    ).toBeUndefined();
    expect(
      violation('mutation { renameAgency(id: "1", name: "x") { id } }', identity('admin')),
    ).toBeUndefined();
  });

  it('checks entity fetches the gateway sends to a subgraph', () => {
    const query =
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Official { nationalId } } }';
    expect(violation(query, identity('researcher'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(violation(query, identity('writer', 'personnel'))).toBeUndefined();
  });

  it('names the field in its message, never a value', () => {
    const found = violation(
      '{ search { ... on Official { nationalId } } }',
      identity('researcher'),
    );
    expect(found?.message).toBe('Official.nationalId requires the scope read:personal:personnel.');
  });
});
