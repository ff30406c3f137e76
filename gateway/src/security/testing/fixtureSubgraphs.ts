import { composeServices } from '@apollo/composition';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { type Identity, requireProvince } from '@home-affairs/identity';
import { type DocumentNode, GraphQLError, parse } from 'graphql';

/** One fixture subgraph: its SDL and resolvers over a little in-memory data. */
export interface FixtureSubgraph {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<{ identity: Identity }>;
}

const link = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9",
  import: ["@key", "@tag", "@authenticated", "@requiresScopes", "@listSize", "@cost"])`;

const units = [
  { code: '40', name: 'Nghệ An', provinceCode: '40', population: 3_470_988 },
  { code: '16681', name: 'Vinh Phú', provinceCode: '40', population: 52_000 },
  { code: '01', name: 'Hà Nội', provinceCode: '01', population: 8_587_100 },
];
const associations = [
  {
    id: 'a1',
    name: 'Hội Khuyến học Nghệ An',
    unitCode: '40',
    chairperson: { fullName: 'Nguyễn Văn An', nationalId: '040090001234' },
  },
];

/**
 * A units subgraph in miniature: public reads, an aggregate field, a province-scoped write.
 * The policies are what a real subgraph carries; the data is made up.
 */
export const unitsFixture: FixtureSubgraph = {
  name: 'units',
  typeDefs: parse(`${link}
    type AdministrativeUnit @key(fields: "code") {
      code: ID!
      name: String!
      population: Int @requiresScopes(scopes: [["read:aggregate"]])
      children(first: Int): [AdministrativeUnit!]! @listSize(slicingArguments: ["first"], assumedSize: 50)
    }
    type Query {
      unit(code: ID!): AdministrativeUnit @tag(name: "public")
      units(first: Int): [AdministrativeUnit!]! @tag(name: "public") @listSize(slicingArguments: ["first"], assumedSize: 100)
    }
    type Mutation {
      renameUnit(code: ID!, provinceCode: String!, name: String!): AdministrativeUnit
        @requiresScopes(scopes: [["write:units"]])
    }
  `),
  resolvers: {
    Query: {
      unit: (_: unknown, { code }: { code: string }) => units.find((unit) => unit.code === code),
      units: (_: unknown, { first }: { first?: number }) => units.slice(0, first ?? 100),
    },
    Mutation: {
      renameUnit: (
        _: unknown,
        args: { code: string; provinceCode: string; name: string },
        { identity }: { identity: Identity },
      ) => {
        const unit = units.find((candidate) => candidate.code === args.code);
        if (!unit) throw new GraphQLError('No such unit', { extensions: { code: 'NOT_FOUND' } });
        requireProvince(identity, unit.provinceCode);
        return { ...unit, name: args.name };
      },
    },
    AdministrativeUnit: {
      __resolveReference: (reference: { code: string }) =>
        units.find((unit) => unit.code === reference.code),
      children: () => [],
    },
  },
};

/** An associations subgraph in miniature: personal fields, an interface, a write. */
export const associationsFixture: FixtureSubgraph = {
  name: 'associations',
  typeDefs: parse(`${link}
    interface Organisation { id: ID! name: String! }
    type Association implements Organisation @key(fields: "id") {
      id: ID!
      name: String!
      unit: AdministrativeUnit!
      chairperson: Person @authenticated
    }
    type Person {
      fullName: String!
      nationalId: String! @requiresScopes(scopes: [["read:personal:associations"]]) @tag(name: "personal")
    }
    type AdministrativeUnit @key(fields: "code") {
      code: ID!
      associations(first: Int): [Association!]! @listSize(slicingArguments: ["first"], assumedSize: 20)
      associationCount: Int! @requiresScopes(scopes: [["read:aggregate"]])
    }
    input RegisterAssociationInput { name: String! provinceCode: String! chairpersonNationalId: String }
    type Query {
      associations(first: Int): [Association!]! @tag(name: "public")
      organisations: [Organisation!]! @tag(name: "public")
    }
    type Mutation {
      registerAssociation(input: RegisterAssociationInput!): Association
        @requiresScopes(scopes: [["write:associations"]])
    }
  `),
  resolvers: {
    Query: {
      associations: () => associations,
      organisations: () => associations,
    },
    Mutation: {
      registerAssociation: (
        _: unknown,
        { input }: { input: { name: string; provinceCode: string } },
        { identity }: { identity: Identity },
      ) => {
        requireProvince(identity, input.provinceCode);
        return { id: 'a2', name: input.name, unitCode: input.provinceCode, chairperson: null };
      },
    },
    Organisation: { __resolveType: () => 'Association' },
    Association: {
      __resolveReference: (reference: { id: string }) =>
        associations.find((association) => association.id === reference.id),
      unit: (association: { unitCode: string }) => ({ code: association.unitCode }),
    },
    AdministrativeUnit: {
      associations: (unit: { code: string }) =>
        associations.filter((a) => a.unitCode === unit.code),
      associationCount: (unit: { code: string }) =>
        associations.filter((a) => a.unitCode === unit.code).length,
    },
  },
};

/** Composes the fixture subgraphs into a supergraph, as `pnpm compose` does for the real ones. */
export function composeFixtureSupergraph(
  subgraphs: readonly FixtureSubgraph[] = [unitsFixture, associationsFixture],
  urls: Readonly<Record<string, string>> = {},
): string {
  const result = composeServices(
    subgraphs.map(({ name, typeDefs }) => ({
      name,
      typeDefs,
      url: urls[name] ?? `http://127.0.0.1:1/${name}`,
    })),
  );
  if (result.errors) throw new Error(result.errors.map(String).join('\n'));
  return result.supergraphSdl;
}
