import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { authorizationPlugin } from './authorizationPlugin.ts';
import { effectiveScopes, type Identity } from './scopesForRole.ts';

const server = new ApolloServer<{ identity: Identity }>({
  schema: buildSubgraphSchema({
    typeDefs: parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.9",
        import: ["@key", "@tag", "@requiresScopes"])
      type Official @key(fields: "id") {
        id: ID!
        nationalId: String @requiresScopes(scopes: [["read:personal:personnel"]])
      }
      type Query { official: Official @tag(name: "public") }
    `),
    resolvers: {
      Query: { official: () => ({ id: '1', nationalId: '001090001234' }) },
      Official: { __resolveReference: () => ({ id: '1', nationalId: '001090001234' }) },
    },
  }),
  plugins: [authorizationPlugin()],
});

const as = (role: Identity['role'], subgraph?: string): { identity: Identity } => ({
  identity: { subject: 'x', role, subgraph, scopes: effectiveScopes(role, subgraph, undefined) },
});

describe('authorizationPlugin', () => {
  it('refuses what the subgraph schema protects, entity fetches included, before resolvers run', async () => {
    for (const query of [
      '{ official { nationalId } }',
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Official { nationalId } } }',
    ]) {
      const response = await server.executeOperation(
        { query, variables: { r: [{ __typename: 'Official', id: '1' }] } },
        { contextValue: as('researcher') },
      );
      expect(response.body.kind === 'single' && response.body.singleResult).toMatchObject({
        errors: [{ extensions: { code: 'FORBIDDEN' } }],
      });
      expect(JSON.stringify(response.body)).not.toContain('001090001234');
    }
  });

  it('serves the owning ministry', async () => {
    const response = await server.executeOperation(
      { query: '{ official { nationalId } }' },
      { contextValue: as('writer', 'personnel') },
    );
    expect(response.body.kind === 'single' && response.body.singleResult.data).toEqual({
      official: { nationalId: '001090001234' },
    });
  });
});
