import {
  buildASTSchema,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  isAbstractType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
} from 'graphql';

/**
 * A non-null field that one subgraph resolves on a type another subgraph returns: when the first
 * is down, the null it leaves spreads into the second subgraph's answer.
 */
export interface UnisolatedField {
  /** The type the field is on, e.g. `AdministrativeUnit`. */
  typeName: string;
  /** The non-null field, e.g. `organizationCounts`. */
  fieldName: string;
  /** The subgraphs that resolve the field (their `join__graph` names). */
  subgraphs: string[];
  /** The subgraph whose answer the null would spread into. */
  referencingSubgraph: string;
  /**
   * Where that subgraph returns the type as a non-null position (`Type.field` with its type,
   * e.g. `AdministrativeUnitConnection.nodes: [AdministrativeUnit!]!` in units).
   */
  positions: { subgraph: string; coordinate: string; type: string }[];
  /** One line naming all of the above, for a check's output. */
  message: string;
}

/** A join__ directive's argument as a string or boolean, when given literally. */
function argument(directive: ConstDirectiveNode, name: string): string | boolean | undefined {
  const value = directive.arguments?.find((candidate) => candidate.name.value === name)?.value;
  if (value?.kind === Kind.ENUM || value?.kind === Kind.STRING) return value.value;
  if (value?.kind === Kind.BOOLEAN) return value.value;
  return undefined;
}

function directivesOf(node: { directives?: readonly ConstDirectiveNode[] } | null | undefined) {
  return node?.directives ?? [];
}

/** The graphs (join__Graph enum values) a type is declared in. */
function graphsOfType(type: GraphQLNamedType): Set<string> {
  const graphs = new Set<string>();
  for (const node of [type.astNode, ...(type.extensionASTNodes ?? [])]) {
    for (const directive of directivesOf(node)) {
      if (directive.name.value !== 'join__type') continue;
      const graph = argument(directive, 'graph');
      if (typeof graph === 'string') graphs.add(graph);
    }
  }
  return graphs;
}

/**
 * The graphs that resolve a field: those of its `@join__field`s that are not `external`, or every
 * graph of its type when it has none (a field every declaring subgraph resolves, like a key).
 */
function graphsOfField(
  field: GraphQLField<unknown, unknown>,
  typeGraphs: Set<string>,
): Set<string> {
  const joins = directivesOf(field.astNode).filter(
    (directive) => directive.name.value === 'join__field',
  );
  if (joins.length === 0 || joins.some((join) => argument(join, 'graph') === undefined)) {
    return new Set(typeGraphs);
  }
  const graphs = new Set<string>();
  for (const join of joins) {
    const graph = argument(join, 'graph');
    if (typeof graph === 'string' && argument(join, 'external') !== true) graphs.add(graph);
  }
  return graphs;
}

/** Whether the innermost position of a type (the element of a list) is non-null. */
function innermostIsNonNull(type: GraphQLOutputType): boolean {
  let current: GraphQLOutputType = type;
  for (;;) {
    if (isNonNullType(current)) {
      if (!isListType(current.ofType)) return true;
      current = current.ofType.ofType;
    } else if (isListType(current)) {
      current = current.ofType;
    } else {
      return false;
    }
  }
}

/**
 * Finds every field that breaks fault isolation between subgraphs in a composed supergraph
 * (`join__type`/`join__field`): a non-null field resolved by some subgraphs on a type that another
 * subgraph returns as a non-null position (a field `T!`, or a list element `[T!]`). When the
 * resolving subgraph is down, the gateway nulls the field; a non-null field passes that null up to
 * the other subgraph's position, and on up its non-null chain, so one outage takes away the other
 * subgraph's data (with the Nghệ An query, `data.unit` itself). The rule: a field a subgraph adds
 * to another subgraph's entity is nullable (docs/style.md).
 *
 * Where every position at which a subgraph returns the type is nullable (personnel's
 * `Agency.servesUnit: AdministrativeUnit`), the null stops at that position and the fields of the
 * type's owner may stay non-null. Root operation types are not positions.
 */
export function findUnisolatedFields(supergraphSdl: string): UnisolatedField[] {
  const schema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
  const graphNames = new Map<string, string>();
  const graphEnum = schema.getType('join__Graph');
  for (const value of graphEnum?.astNode?.kind === Kind.ENUM_TYPE_DEFINITION
    ? (graphEnum.astNode.values ?? [])
    : []) {
    const join = directivesOf(value).find((directive) => directive.name.value === 'join__graph');
    const name = join && argument(join, 'name');
    graphNames.set(value.name.value, typeof name === 'string' ? name : value.name.value);
  }
  const nameOf = (graph: string) => graphNames.get(graph) ?? graph;

  const composite = Object.values(schema.getTypeMap()).filter(
    (type): type is GraphQLObjectType =>
      (isObjectType(type) || isInterfaceType(type)) && !type.name.startsWith('__'),
  );
  const resolvers = new Map<string, Map<string, Set<string>>>();
  for (const type of composite) {
    const typeGraphs = graphsOfType(type);
    resolvers.set(
      type.name,
      new Map(
        Object.values(type.getFields()).map((field) => [
          field.name,
          graphsOfField(field, typeGraphs),
        ]),
      ),
    );
  }

  // Every non-null position at which a subgraph returns a type: (type name) -> positions.
  const positions = new Map<string, UnisolatedField['positions']>();
  for (const type of composite) {
    for (const field of Object.values(type.getFields())) {
      if (!innermostIsNonNull(field.type)) continue;
      let named: GraphQLNamedType = field.type as GraphQLNamedType;
      while ('ofType' in named) named = (named as { ofType: GraphQLNamedType }).ofType;
      const returned = isAbstractType(named)
        ? schema.getPossibleTypes(named)
        : isObjectType(named)
          ? [named]
          : [];
      for (const graph of resolvers.get(type.name)?.get(field.name) ?? []) {
        for (const target of returned) {
          const list = positions.get(target.name) ?? [];
          list.push({
            subgraph: graph,
            coordinate: `${type.name}.${field.name}`,
            type: String(field.type),
          });
          positions.set(target.name, list);
        }
      }
    }
  }

  const found: UnisolatedField[] = [];
  for (const type of composite) {
    for (const field of Object.values(type.getFields())) {
      if (!isNonNullType(field.type)) continue;
      const fieldGraphs = resolvers.get(type.name)?.get(field.name) ?? new Set<string>();
      const subgraphs = [...fieldGraphs].map(nameOf).sort();
      // A position in a subgraph that resolves the field itself needs no fetch elsewhere.
      const exposed = (positions.get(type.name) ?? []).filter(
        (position) => !fieldGraphs.has(position.subgraph),
      );
      for (const graph of new Set(exposed.map((position) => position.subgraph))) {
        const referencing = nameOf(graph);
        const at = exposed
          .filter((position) => position.subgraph === graph)
          .map((position) => ({ ...position, subgraph: referencing }));
        const coordinates = at.map((position) => `${position.coordinate}: ${position.type}`);
        const owners = subgraphs.join(', ');
        found.push({
          typeName: type.name,
          fieldName: field.name,
          subgraphs,
          referencingSubgraph: referencing,
          positions: at,
          message:
            `${type.name}.${field.name}: ${String(field.type)} (resolved by ${owners}) is non-null ` +
            `where ${referencing} returns ${type.name} as non-null (${coordinates.join(', ')}): ` +
            `when ${owners} is down, its null would take away the ${referencing} subgraph's ` +
            `answer around it. Make the field nullable where ${owners} adds it to an entity of ` +
            `${referencing}, or those positions nullable where ${referencing} references an ` +
            `entity of ${owners} (docs/style.md).`,
        });
      }
    }
  }
  return found;
}
