import { directiveArguments, linkedDirectiveNames } from '@home-affairs/identity';
import {
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  Kind,
  type TypeDefinitionNode,
} from 'graphql';

const joinSpec = 'https://specs.apollo.dev/join';

const typeDefinitionKinds: ReadonlySet<Kind> = new Set([
  Kind.SCALAR_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
]);

function isTypeDefinition(definition: DefinitionNode): definition is TypeDefinitionNode {
  return typeDefinitionKinds.has(definition.kind);
}

/**
 * The subgraphs that define each element of a supergraph, by schema coordinate: a type by its
 * `@join__type`, a field or input field by its `@join__field` (else its type's subgraphs), an
 * enum value by its `@join__enumValue` (else its type's). Names are the subgraphs' own
 * (`join__graph(name:)`), sorted.
 */
export function supergraphOwners(document: DocumentNode): Map<string, string[]> {
  const names = (directive: string) => linkedDirectiveNames(document, directive, [joinSpec]);
  const joinType = names('type');
  const joinField = names('field');
  const joinEnumValue = names('enumValue');
  const joinGraph = names('graph');

  const graphNames = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION) continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((directive) => joinGraph.has(directive.name.value));
      if (graph) graphNames.set(value.name.value, String(directiveArguments(graph).name));
    }
  }
  const graphsOf = (
    directives: readonly ConstDirectiveNode[] | undefined,
    accepted: ReadonlySet<string>,
  ) => [
    ...new Set(
      (directives ?? [])
        .filter((directive) => accepted.has(directive.name.value))
        .map((directive) => directiveArguments(directive).graph)
        .filter((graph): graph is string => typeof graph === 'string')
        .map((graph) => graphNames.get(graph) ?? graph.toLowerCase()),
    ),
  ];

  const owners = new Map<string, string[]>();
  for (const definition of document.definitions) {
    if (!isTypeDefinition(definition)) continue;
    const typeName = definition.name.value;
    const typeGraphs = graphsOf(definition.directives, joinType).sort();
    owners.set(typeName, typeGraphs);
    if ('fields' in definition) {
      for (const field of definition.fields ?? []) {
        const fieldGraphs = graphsOf(field.directives, joinField).sort();
        owners.set(
          `${typeName}.${field.name.value}`,
          fieldGraphs.length ? fieldGraphs : typeGraphs,
        );
      }
    }
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION) {
      for (const value of definition.values ?? []) {
        const valueGraphs = graphsOf(value.directives, joinEnumValue).sort();
        owners.set(
          `${typeName}.${value.name.value}`,
          valueGraphs.length ? valueGraphs : typeGraphs,
        );
      }
    }
  }
  return owners;
}

/**
 * The subgraphs behind a schema coordinate as graphql-inspector writes it (`Type`,
 * `Type.field`, `Type.field.argument`): the argument's field's, else the type's.
 */
export function ownersOf(owners: ReadonlyMap<string, string[]>, path: string): string[] {
  const [typeName, member] = path.split('.');
  if (!typeName) return [];
  return (member && owners.get(`${typeName}.${member}`)) || owners.get(typeName) || [];
}
