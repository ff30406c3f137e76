import { createHash } from 'node:crypto';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { linkedDirectiveNames } from '@home-affairs/identity';
import { applyTagFilterOnSubgraphs } from '@theguild/federation-composition';
import {
  type ASTNode,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  isUnionType,
  Kind,
  parse,
  print,
  printSchema,
  visit,
} from 'graphql';
import type { SubgraphDefinition } from '../subgraphs.ts';
import type { ContractDefinition } from './contracts.ts';

/** A composed contract: its supergraph for the gateway, its API schema for front-end tools. */
export type ContractComposition =
  | { ok: true; supergraphSdl: string; apiSchemaSdl: string; apiSchema: GraphQLSchema }
  | { ok: false; errors: string[] };

/** SHA-256 of a supergraph file's text, as contract files record it. */
export function supergraphHash(supergraphSdl: string): string {
  return createHash('sha256').update(supergraphSdl).digest('hex');
}

/** The line of a contract file that names the supergraph it was composed beside. */
const sourceLine = (hash: string) => `# Composed beside the supergraph with SHA-256 ${hash}.`;

/** The SHA-256 of the supergraph a contract file was composed beside, from its header. */
export function contractSource(contractSdl: string): string | undefined {
  return /^# Composed beside the supergraph with SHA-256 ([0-9a-f]{64})\.$/m.exec(contractSdl)?.[1];
}

const inaccessibleSpec = 'https://specs.apollo.dev/inaccessible';
const federationSpec = /^https:\/\/specs\.apollo\.dev\/federation\/v\d+\.\d+$/;

/**
 * Adds `@inaccessible` to the names a subgraph imports from the federation spec, so that the tag
 * filter marks elements `@inaccessible` rather than `@federation__inaccessible` and the contract
 * reads like a hand-written one.
 */
function importInaccessible(typeDefs: DocumentNode): DocumentNode {
  const withImport = (directive: ConstDirectiveNode): ConstDirectiveNode => {
    if (directive.name.value !== 'link') return directive;
    const url = directive.arguments?.find((argument) => argument.name.value === 'url')?.value;
    if (url?.kind !== Kind.STRING || !federationSpec.test(url.value)) return directive;
    return {
      ...directive,
      arguments: directive.arguments?.map((argument) => {
        if (argument.name.value !== 'import' || argument.value.kind !== Kind.LIST) return argument;
        const imported = argument.value.values.some(
          (value) => value.kind === Kind.STRING && value.value === '@inaccessible',
        );
        if (imported) return argument;
        return {
          ...argument,
          value: {
            ...argument.value,
            values: [...argument.value.values, { kind: Kind.STRING, value: '@inaccessible' }],
          },
        };
      }),
    };
  };
  return visit(typeDefs, {
    SchemaExtension: (node) => ({ ...node, directives: node.directives?.map(withImport) }),
    SchemaDefinition: (node) => ({ ...node, directives: node.directives?.map(withImport) }),
  });
}

/** The API schema a gateway serves from a supergraph (its `@inaccessible` elements left out). */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  // Features are checked when the gateway loads the file (prepareSupergraph); this only reads it.
  return Supergraph.build(supergraphSdl, { supportedFeatures: null })
    .apiSchema()
    .toGraphQLJSSchema();
}

/**
 * Composes one contract offline, as Apollo's and Hive's contracts do: every element of the
 * subgraphs tagged with an excluded tag (on itself or on its type) becomes `@inaccessible`
 * (`applyTagFilterOnSubgraphs` of @theguild/federation-composition), the subgraphs are composed
 * with the same composition as the supergraph (`@apollo/composition`), and the types no client
 * can reach any more become `@inaccessible` too. The result is a full supergraph that Apollo
 * Gateway serves as it serves the main one; its API schema is the contract. `supergraphSdl` is
 * the main supergraph's text, whose hash the contract records so that the gateway never serves a
 * contract beside a supergraph it was not composed with.
 */
export function composeContract(
  definitions: readonly SubgraphDefinition[],
  contract: ContractDefinition,
  supergraphSdl: string,
): ContractComposition {
  const filtered = applyTagFilterOnSubgraphs(
    definitions.map(({ name, typeDefs, url }) => ({
      name,
      url,
      typeDefs: importInaccessible(typeDefs),
    })),
    { include: new Set(), exclude: new Set(contract.excludeTags) },
  );
  const composition = composeServices(
    filtered.map(({ name, typeDefs, url }) => ({ name, typeDefs, url })),
  );
  if (composition.errors) {
    return {
      ok: false,
      errors: composition.errors.map(
        (error) => `${String(error.extensions.code ?? 'COMPOSITION_ERROR')}: ${error.message}`,
      ),
    };
  }
  const contractSdl = hideUnreachableTypes(composition.supergraphSdl);
  const apiSchema = apiSchemaOf(contractSdl);
  const header = [
    `# Generated by \`pnpm compose\`: the contract "${contract.name}" (gateway/src/contracts/contracts.ts).`,
    `# ${contract.description}`,
    `# Elements tagged ${contract.excludeTags.join(', ')} are left out. Do not edit.`,
    sourceLine(supergraphHash(supergraphSdl)),
    '',
  ].join('\n');
  return {
    ok: true,
    supergraphSdl: `${header}${contractSdl}\n`,
    apiSchemaSdl: `${header}${printSchema(apiSchema).trimEnd()}\n`,
    apiSchema,
  };
}

/** Names of the types a client can reach from the root types of an API schema. */
function reachableTypes(schema: GraphQLSchema): Set<string> {
  const reached = new Set<string>();
  const queue: GraphQLNamedType[] = [];
  const reach = (type: GraphQLNamedType | null | undefined) => {
    if (!type || reached.has(type.name)) return;
    reached.add(type.name);
    queue.push(type);
  };
  reach(schema.getQueryType());
  reach(schema.getMutationType());
  reach(schema.getSubscriptionType());
  for (let type = queue.shift(); type; type = queue.shift()) {
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        reach(getNamedType(field.type));
        for (const argument of field.args) reach(getNamedType(argument.type));
      }
      for (const implemented of type.getInterfaces()) reach(implemented);
      if (isInterfaceType(type))
        for (const possible of schema.getPossibleTypes(type)) reach(possible);
    } else if (isUnionType(type)) {
      for (const member of type.getTypes()) reach(member);
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) reach(getNamedType(field.type));
    }
  }
  return reached;
}

/**
 * Makes `@inaccessible` every type of the API schema that no client can reach any more (a
 * mutation's input and payload once the mutation is left out), as Apollo's contracts do by
 * default. Types that are not in the API schema at all (join__, link__) are left alone.
 */
function hideUnreachableTypes(supergraphSdl: string): string {
  const api = apiSchemaOf(supergraphSdl);
  const reached = reachableTypes(api);
  const unreachable = new Set(
    Object.values(api.getTypeMap())
      .filter((type) => !isIntrospectionType(type) && !isSpecifiedScalarType(type))
      .map((type) => type.name)
      .filter((name) => !reached.has(name)),
  );
  const document = parse(supergraphSdl);
  // A composed directive (`@cacheControl`, ADR 0014) stays in the supergraph whatever the
  // contract hides, so the types of its arguments stay too.
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.DIRECTIVE_DEFINITION) continue;
    for (const argument of definition.arguments ?? []) {
      let type = argument.type;
      while (type.kind !== Kind.NAMED_TYPE) type = type.type;
      unreachable.delete(type.name.value);
    }
  }
  if (unreachable.size === 0) return supergraphSdl.trimEnd();
  const [inaccessible] = linkedDirectiveNames(document, 'inaccessible', [inaccessibleSpec]);
  const directive: ConstDirectiveNode = {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: inaccessible ?? 'inaccessible' },
  };
  const hide = (
    node: ASTNode & { name: { value: string }; directives?: readonly ConstDirectiveNode[] },
  ) => {
    if (!unreachable.has(node.name.value)) return undefined;
    if (node.directives?.some((existing) => existing.name.value === directive.name.value)) {
      return undefined;
    }
    return { ...node, directives: [...(node.directives ?? []), directive] };
  };
  return print(
    visit(document, {
      ObjectTypeDefinition: hide,
      InterfaceTypeDefinition: hide,
      UnionTypeDefinition: hide,
      EnumTypeDefinition: hide,
      InputObjectTypeDefinition: hide,
      ScalarTypeDefinition: hide,
    }),
  );
}
