import { ApolloGateway } from '@apollo/gateway';
import { parse, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { prepareSupergraph, refuseUnannotatedRootFields } from './prepareSupergraph.ts';
import {
  associationsFixture,
  composeFixtureSupergraph,
  unitsFixture,
} from './testing/fixtureSubgraphs.ts';

const supergraphSdl = composeFixtureSupergraph();

describe('prepareSupergraph', () => {
  it('makes a supergraph with authorization directives loadable by Apollo Gateway', async () => {
    await expect(new ApolloGateway({ supergraphSdl }).load()).rejects.toThrow(
      /is for: SECURITY but is unsupported/,
    );
    const { gatewaySdl } = prepareSupergraph(supergraphSdl);
    const gateway = new ApolloGateway({ supergraphSdl: gatewaySdl });
    const { schema } = await gateway.load();
    // The API schema clients see carries no trace of the security specs.
    expect(printSchema(schema)).not.toMatch(/authenticated|requiresScopes/);
    expect(schema.getType('Person')).toBeDefined();
    await gateway.stop();
  });

  it('keeps the directive applications and only drops the SECURITY purpose', () => {
    const { gatewaySdl } = prepareSupergraph(supergraphSdl);
    expect(supergraphSdl).toMatch(/authenticated\/v0\.1", for: SECURITY/);
    expect(gatewaySdl).not.toMatch(/for: SECURITY/);
    expect(gatewaySdl).toMatch(/nationalId: String! .*@requiresScopes/);
  });

  it('reads policies, owners and list sizes of the supergraph', () => {
    const prepared = prepareSupergraph(supergraphSdl);
    expect(prepared.policies.fields.get('Person.nationalId')).toEqual({
      authenticated: false,
      scopes: [['read:personal:associations']],
    });
    expect(prepared.policies.fields.get('Association.chairperson')?.authenticated).toBe(true);
    expect(prepared.owners.get('Mutation.renameUnit')).toEqual(['units']);
    expect(prepared.owners.get('Mutation.registerAssociation')).toEqual(['associations']);
    expect(prepared.listSizes.get('Query.units')).toEqual({
      assumedSize: 100,
      slicingArguments: ['first'],
    });
    expect(prepared.missingPolicies).toEqual([]);
  });

  /** The units fixture with a root field that carries no policy. */
  const careless = {
    ...unitsFixture,
    typeDefs: parse(
      `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
       type Query { forgotten: String }`,
    ),
  };

  it('reports root fields without a policy', () => {
    const prepared = prepareSupergraph(composeFixtureSupergraph([careless, associationsFixture]));
    expect(prepared.missingPolicies).toEqual(['Query.forgotten']);
  });

  it("refuses unannotated root fields by default, naming them and the operator's choices", () => {
    const supergraph = composeFixtureSupergraph([careless, associationsFixture]);
    expect(() => refuseUnannotatedRootFields(prepareSupergraph(supergraph))).toThrow(
      /Root fields without a policy: Query\.forgotten\. .*UNANNOTATED_ROOT_FIELDS=public or UNANNOTATED_ROOT_FIELDS=authenticated/,
    );

    const open = prepareSupergraph(supergraph, { unannotatedRootFields: 'public' });
    expect(() => refuseUnannotatedRootFields(open)).not.toThrow();
    expect(open.policies.publicFields.has('Query.forgotten')).toBe(true);
    // Annotated fields keep their own policy whatever the choice.
    expect(open.policies.fields.get('Mutation.registerAssociation')?.scopes).toEqual([
      ['write:associations'],
    ]);

    const known = prepareSupergraph(supergraph, { unannotatedRootFields: 'authenticated' });
    expect(known.policies.fields.get('Query.forgotten')).toEqual({
      authenticated: true,
      scopes: [],
    });
    expect(known.policies.publicFields.has('Query.forgotten')).toBe(false);
  });

  it('loads a supergraph that uses @inaccessible, which Apollo Gateway leaves out of its API', async () => {
    const hidden = {
      ...unitsFixture,
      typeDefs: parse(
        `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@inaccessible", "@tag"])
         type AdministrativeUnit @key(fields: "code") { code: ID! internalNote: String @inaccessible }
         type Query { unit(code: ID!): AdministrativeUnit @tag(name: "public") draft: String @inaccessible }`,
      ),
    };
    const supergraph = composeFixtureSupergraph([hidden, associationsFixture]);
    expect(supergraph).toMatch(/inaccessible\/v0\.2", for: SECURITY/);
    const prepared = prepareSupergraph(supergraph);
    // An inaccessible root field is not served, so it needs no policy.
    expect(prepared.missingPolicies).toEqual([]);
    const gateway = new ApolloGateway({ supergraphSdl: prepared.gatewaySdl });
    const { schema } = await gateway.load();
    expect(Object.keys(schema.getQueryType()!.getFields())).not.toContain('draft');
    expect(printSchema(schema)).not.toMatch(/internalNote|inaccessible/);
    await gateway.stop();
  });

  it('refuses a text that is not a supergraph before anything loads it', () => {
    expect(() => prepareSupergraph('type Query { hello: String }')).toThrow(/supergraph/i);
  });

  it('refuses a security feature it does not enforce', () => {
    const withPolicy = supergraphSdl.replace(
      '@link(url: "https://specs.apollo.dev/tag/v0.3")',
      '@link(url: "https://specs.apollo.dev/tag/v0.3")\n  @link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY)',
    );
    expect(() => prepareSupergraph(withPolicy)).toThrow(/policy\/v0\.1 for SECURITY/);
  });
});
