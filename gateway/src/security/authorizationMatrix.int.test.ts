import { ApolloGateway } from '@apollo/gateway';
import { isRestricted } from '@home-affairs/identity';
import { createLogger } from '@home-affairs/service';
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreparedSupergraph } from './prepareSupergraph.ts';
import {
  type SecuredFixtureGraph,
  startSecuredFixtureGraph,
} from './testing/startSecuredFixtureGraph.ts';

/**
 * The authorization matrix: every caller against every root field and every field or type that
 * carries a policy, generated from the supergraph and run through the real gateway and
 * subgraphs. A new root field without a policy fails startup (and this test); a new protected
 * field fails until its row is added to `expected` below, so that someone reviews who may read it.
 */

const callers = [
  'anonymous',
  'researcher',
  'writer:units',
  'writer:units@40',
  'writer:associations',
  'admin',
] as const;
type Caller = (typeof callers)[number];
type Decision = 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN';

const A = 'allowed';
const U = 'UNAUTHENTICATED';
const F = 'FORBIDDEN';
// Columns in the order of `callers`.
const expected: Record<string, Decision[]> = {
  'Query.unit': [A, A, A, A, A, A],
  'Query.units': [A, A, A, A, A, A],
  'Query.associations': [A, A, A, A, A, A],
  'Query.organisations': [A, A, A, A, A, A],
  'Mutation.renameUnit': [U, F, A, A, F, A],
  'Mutation.registerAssociation': [U, F, F, F, A, A],
  'AdministrativeUnit.population': [U, A, A, A, A, A],
  'AdministrativeUnit.associationCount': [U, A, A, A, A, A],
  'Association.chairperson': [U, A, A, A, A, A],
  'Person.nationalId': [U, F, F, F, A, A],
};

const logger = createLogger('authorization-matrix', 'silent');
let graph: SecuredFixtureGraph;
let prepared: PreparedSupergraph;
let schema: GraphQLSchema;
const tokens = new Map<Caller, string | undefined>();

beforeAll(async () => {
  graph = await startSecuredFixtureGraph({ logger });
  prepared = graph.security.prepareSupergraph(graph.subgraphs.supergraphSdl);
  const loader = new ApolloGateway({ supergraphSdl: prepared.gatewaySdl });
  schema = (await loader.load()).schema;
  await loader.stop();
  tokens.set('anonymous', undefined);
  tokens.set('researcher', await graph.tokenFor('researcher'));
  tokens.set('writer:units', await graph.tokenFor('writer', { subgraph: 'units' }));
  tokens.set(
    'writer:units@40',
    await graph.tokenFor('writer', { subgraph: 'units', province: '40' }),
  );
  tokens.set('writer:associations', await graph.tokenFor('writer', { subgraph: 'associations' }));
  tokens.set('admin', await graph.tokenFor('admin'));
});

afterAll(async () => {
  await graph?.close();
});

/** Every coordinate the matrix covers: root fields, and fields and types with a policy. */
function coordinates(): string[] {
  const found = new Set<string>();
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.keys(root?.getFields() ?? {})) found.add(`${root!.name}.${field}`);
  }
  for (const [coordinate, policy] of prepared.policies.fields) {
    if (isRestricted(policy)) found.add(coordinate);
  }
  for (const [type, policy] of prepared.policies.types) {
    if (isRestricted(policy)) found.add(type);
  }
  return [...found].sort();
}

function sampleValue(type: GraphQLInputType, name: string): string {
  if (isNonNullType(type)) return sampleValue(type.ofType, name);
  if (isListType(type)) return `[${sampleValue(type.ofType, name)}]`;
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((field) => isNonNullType(field.type));
    return `{ ${fields.map((field) => `${field.name}: ${sampleValue(field.type, field.name)}`).join(', ')} }`;
  }
  if (type.name === 'Int' || type.name === 'Float') return '1';
  if (type.name === 'Boolean') return 'true';
  // Codes of Nghệ An: inside the province-restricted writer's province.
  return name === 'name' ? '"Matrix"' : '"40"';
}

function argumentsOf(args: readonly GraphQLArgument[]): string {
  const required = args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  if (required.length === 0) return '';
  return `(${required.map((arg) => `${arg.name}: ${sampleValue(arg.type, arg.name)}`).join(', ')})`;
}

function leaf(type: GraphQLOutputType): string {
  return isCompositeType(getNamedType(type)) ? ' { __typename }' : '';
}

/** The shortest selection from the query root to `typeName`, as nested selection wrappers. */
function pathTo(typeName: string): ((inner: string) => string)[] | undefined {
  const start = schema.getQueryType()!;
  const queue: { type: string; wrappers: ((inner: string) => string)[] }[] = [
    { type: start.name, wrappers: [] },
  ];
  const seen = new Set([start.name]);
  while (queue.length > 0) {
    const { type, wrappers } = queue.shift()!;
    if (type === typeName) return wrappers;
    const current = schema.getType(type);
    const next: { type: string; wrap: (inner: string) => string }[] = [];
    if (isObjectType(current) || isInterfaceType(current)) {
      for (const field of Object.values(current.getFields()) as GraphQLField<unknown, unknown>[]) {
        const target = getNamedType(field.type);
        if (!isCompositeType(target)) continue;
        next.push({
          type: target.name,
          wrap: (inner) => `${field.name}${argumentsOf(field.args)} { ${inner} }`,
        });
      }
    }
    if (current && isAbstractType(current)) {
      for (const possible of schema.getPossibleTypes(current)) {
        next.push({ type: possible.name, wrap: (inner) => `... on ${possible.name} { ${inner} }` });
      }
    }
    for (const step of next) {
      if (seen.has(step.type)) continue;
      seen.add(step.type);
      queue.push({ type: step.type, wrappers: [...wrappers, step.wrap] });
    }
  }
  return undefined;
}

/** An operation that reaches `coordinate` by the shortest path from the root. */
function operationFor(coordinate: string): string {
  const [typeName, fieldName] = coordinate.split('.') as [string, string | undefined];
  const mutation = schema.getMutationType();
  if (mutation && typeName === mutation.name && fieldName) {
    const field = mutation.getFields()[fieldName]!;
    return `mutation { ${field.name}${argumentsOf(field.args)}${leaf(field.type)} }`;
  }
  const type = schema.getType(typeName);
  let inner = '__typename';
  if (fieldName && (isObjectType(type) || isInterfaceType(type))) {
    const field = type.getFields()[fieldName]!;
    inner = `${field.name}${argumentsOf(field.args)}${leaf(getNullableType(field.type))}`;
  }
  const wrappers = pathTo(typeName);
  if (!wrappers) throw new Error(`${coordinate} cannot be reached from Query`);
  return `query { ${wrappers.reduceRight((selection, wrap) => wrap(selection), inner)} }`;
}

describe('authorization matrix', () => {
  it('has a policy on every root field', () => {
    expect(prepared.missingPolicies).toEqual([]);
  });

  it('covers exactly the fields whose policies were reviewed', () => {
    expect(coordinates()).toEqual(Object.keys(expected).sort());
  });

  it('gives every caller the expected decision on every field', async () => {
    const actual: Record<string, Decision[]> = {};
    for (const coordinate of coordinates()) {
      const operation = operationFor(coordinate);
      actual[coordinate] = [];
      for (const caller of callers) {
        const answer = await graph.ask(operation, tokens.get(caller));
        const code = answer.body.errors
          ?.map((error) => error.extensions?.code)
          .find((candidate) => candidate === U || candidate === F);
        actual[coordinate].push((code as Decision | undefined) ?? A);
      }
    }
    expect(actual).toEqual(Object.fromEntries(Object.keys(actual).map((c) => [c, expected[c]])));
  });
});
