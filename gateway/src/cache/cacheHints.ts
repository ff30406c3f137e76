import {
  type DirectiveNode,
  type DocumentNode,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/** A `@cacheControl` annotation as the subgraphs write it (Apollo Server's directive). */
export interface CacheHint {
  maxAge?: number | undefined;
  scope?: 'PUBLIC' | 'PRIVATE' | undefined;
  inheritMaxAge?: boolean | undefined;
}

/** The `@cacheControl` annotations of a supergraph, by `Type` and `Type.field`. */
export interface CacheHints {
  types: ReadonlyMap<string, CacheHint>;
  fields: ReadonlyMap<string, CacheHint>;
}

/** How long, and for whom, an operation's answer may be cached. */
export interface CachePolicy {
  /** Seconds; 0 means not cacheable. */
  maxAge: number;
  /** Whether a field or type of the operation is `scope: PRIVATE`: never shared. */
  private: boolean;
}

function hintOf(directives: readonly DirectiveNode[] | undefined): CacheHint | undefined {
  const directive = directives?.find((candidate) => candidate.name.value === 'cacheControl');
  if (!directive) return undefined;
  const hint: CacheHint = {};
  for (const argument of directive.arguments ?? []) {
    const { value } = argument;
    if (argument.name.value === 'maxAge' && value.kind === Kind.INT) {
      hint.maxAge = Number(value.value);
    } else if (argument.name.value === 'scope' && value.kind === Kind.ENUM) {
      hint.scope = value.value === 'PRIVATE' ? 'PRIVATE' : 'PUBLIC';
    } else if (argument.name.value === 'inheritMaxAge' && value.kind === Kind.BOOLEAN) {
      hint.inheritMaxAge = value.value;
    }
  }
  return hint;
}

/**
 * Reads the `@cacheControl` annotations the subgraphs declare and composition carries into the
 * supergraph (`@composeDirective`, ADR 0014). Accepts a supergraph's text or its document.
 */
export function readCacheHints(supergraph: string | DocumentNode): CacheHints {
  const document = typeof supergraph === 'string' ? parse(supergraph) : supergraph;
  const types = new Map<string, CacheHint>();
  const fields = new Map<string, CacheHint>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.UNION_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    const typeHint = hintOf(definition.directives);
    if (typeHint) types.set(definition.name.value, typeHint);
    if (definition.kind === Kind.UNION_TYPE_DEFINITION) continue;
    for (const field of definition.fields ?? []) {
      const fieldHint = hintOf(field.directives);
      if (fieldHint) fields.set(`${definition.name.value}.${field.name.value}`, fieldHint);
    }
  }
  return { types, fields };
}

/**
 * The cache policy of an operation, computed from the schema's annotations alone, with the rules
 * of Apollo Server's cache-control plugin: a field's own hint replaces its type's; a root field
 * and a field returning an object, interface or union has `maxAge` 0 unless a hint gives one (or
 * says `inheritMaxAge`); a scalar field inherits its parent's; the operation gets the smallest
 * `maxAge` and is private when any hint says `PRIVATE`. Introspection is never cached. Every
 * operation and fragment of the document counts, which can only make the policy stricter.
 */
export function cachePolicyOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  hints: CacheHints,
): CachePolicy {
  let maxAge = Number.POSITIVE_INFINITY;
  let isPrivate = false;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const name = node.name.value;
        if (name === '__typename') return;
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (name.startsWith('__') || !parent || !field) {
          maxAge = 0;
          return;
        }
        const isRoot =
          parent === schema.getQueryType() ||
          parent === schema.getMutationType() ||
          parent === schema.getSubscriptionType();
        const returned = getNamedType(field.type);
        const composite = isCompositeType(returned);
        let fieldMaxAge: number | undefined;
        let inherit = false;
        if (composite) {
          const typeHint = hints.types.get(returned.name);
          fieldMaxAge = typeHint?.maxAge;
          if (typeHint?.scope === 'PRIVATE') isPrivate = true;
          inherit = typeHint?.inheritMaxAge === true;
        }
        const fieldHint = hints.fields.get(`${parent.name}.${name}`);
        if (fieldHint?.scope === 'PRIVATE') isPrivate = true;
        if (fieldHint?.inheritMaxAge && fieldMaxAge === undefined) {
          inherit = true;
        } else if (fieldHint?.maxAge !== undefined) {
          fieldMaxAge = fieldHint.maxAge;
        }
        if (fieldMaxAge === undefined && ((composite && !inherit) || isRoot)) fieldMaxAge = 0;
        if (fieldMaxAge !== undefined) maxAge = Math.min(maxAge, fieldMaxAge);
      },
    }),
  );
  return { maxAge: Number.isFinite(maxAge) ? maxAge : 0, private: isPrivate };
}
