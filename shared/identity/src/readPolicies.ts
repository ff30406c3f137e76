import {
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
  Kind,
} from 'graphql';
import { directiveArguments, linkedDirectiveNames } from './linkedDirectiveNames.ts';

/**
 * What one type or field requires: `@authenticated`, and/or `@requiresScopes` whose `scopes`
 * are alternatives (outer list: any one of) of scope sets (inner list: all of), as in the
 * federation spec.
 */
export interface Policy {
  authenticated: boolean;
  /** Empty when no scope is required. */
  scopes: readonly (readonly string[])[];
}

/** The policies a schema declares, by type name and by field coordinate (`Type.field`). */
export interface SchemaPolicies {
  types: ReadonlyMap<string, Policy>;
  fields: ReadonlyMap<string, Policy>;
  /** Field coordinates tagged `@tag(name: "public")`: deliberately open to everyone. */
  publicFields: ReadonlySet<string>;
}

const federationSpec = 'https://specs.apollo.dev/federation';
const authenticatedSpec = 'https://specs.apollo.dev/authenticated';
const requiresScopesSpec = 'https://specs.apollo.dev/requiresScopes';
const tagSpec = 'https://specs.apollo.dev/tag';

/** The tag that marks a field as deliberately public. */
const publicTag = 'public';

/**
 * Both conditions at once: `[[a], [b]]` and `[[c]]` give `[[a, c], [b, c]]`. Used where several
 * policies apply to one selection (the field, its type, an interface's implementations).
 */
function combinePolicies(left: Policy, right: Policy): Policy {
  let scopes: (readonly string[])[];
  if (left.scopes.length === 0) scopes = [...right.scopes];
  else if (right.scopes.length === 0) scopes = [...left.scopes];
  else {
    scopes = left.scopes.flatMap((a) => right.scopes.map((b) => [...new Set([...a, ...b])]));
  }
  return { authenticated: left.authenticated || right.authenticated, scopes };
}

/** Whether a policy asks for anything at all. */
export function isRestricted(policy: Policy | undefined): policy is Policy {
  return policy !== undefined && (policy.authenticated || policy.scopes.length > 0);
}

/**
 * Reads the `@authenticated`, `@requiresScopes` and `@tag(name: "public")` applications of a
 * schema document: a supergraph (specs linked by URL) or a subgraph's SDL (imported from the
 * federation spec, possibly renamed).
 */
export function readPolicies(document: DocumentNode): SchemaPolicies {
  const authenticatedNames = linkedDirectiveNames(document, 'authenticated', [
    authenticatedSpec,
    federationSpec,
  ]);
  const requiresScopesNames = linkedDirectiveNames(document, 'requiresScopes', [
    requiresScopesSpec,
    federationSpec,
  ]);
  const tagNames = linkedDirectiveNames(document, 'tag', [tagSpec, federationSpec]);

  const policyOf = (directives: readonly ConstDirectiveNode[] | undefined): Policy | undefined => {
    let policy: Policy = { authenticated: false, scopes: [] };
    for (const directive of directives ?? []) {
      const name = directive.name.value;
      if (authenticatedNames.has(name)) {
        policy = combinePolicies(policy, { authenticated: true, scopes: [] });
      } else if (requiresScopesNames.has(name)) {
        const { scopes } = directiveArguments(directive);
        if (!Array.isArray(scopes) || !scopes.every(Array.isArray)) {
          throw new Error(`@${name} has malformed scopes`);
        }
        policy = combinePolicies(policy, {
          authenticated: false,
          scopes: (scopes as unknown[][]).map((set) => set.map(String)),
        });
      }
    }
    return isRestricted(policy) ? policy : undefined;
  };
  const isPublic = (directives: readonly ConstDirectiveNode[] | undefined) =>
    (directives ?? []).some(
      (directive) =>
        tagNames.has(directive.name.value) && directiveArguments(directive).name === publicTag,
    );

  const types = new Map<string, Policy>();
  const fields = new Map<string, Policy>();
  const publicFields = new Set<string>();
  const merge = (map: Map<string, Policy>, key: string, policy: Policy | undefined) => {
    if (!policy) return;
    const existing = map.get(key);
    map.set(key, existing ? combinePolicies(existing, policy) : policy);
  };

  for (const definition of document.definitions) {
    if (!isOfKind(definition, policyCarriers)) continue;
    const typeName = definition.name.value;
    merge(types, typeName, policyOf(definition.directives));
    if (!isOfKind(definition, fieldCarriers)) continue;
    for (const field of definition.fields ?? []) {
      const coordinate = `${typeName}.${field.name.value}`;
      merge(fields, coordinate, policyOf(field.directives));
      if (isPublic(field.directives)) publicFields.add(coordinate);
    }
  }
  return { types, fields, publicFields };
}

/** Definitions whose fields may carry a policy. */
const fieldCarriers = [
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_EXTENSION,
] as const;
/** Definitions that may carry a policy themselves: those with fields, scalars and enums. */
const policyCarriers = [
  ...fieldCarriers,
  Kind.SCALAR_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_EXTENSION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.ENUM_TYPE_EXTENSION,
] as const;

function isOfKind<K extends Kind>(
  definition: DefinitionNode,
  kinds: readonly K[],
): definition is Extract<DefinitionNode, { kind: K }> {
  return (kinds as readonly Kind[]).includes(definition.kind);
}

/**
 * The SDL a built schema came from, gathered from its AST nodes (a subgraph built with
 * `buildSubgraphSchema` keeps them, directive applications included).
 */
export function schemaDocument(schema: GraphQLSchema): DocumentNode {
  const definitions: DefinitionNode[] = [];
  if (schema.astNode) definitions.push(schema.astNode);
  definitions.push(...schema.extensionASTNodes);
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.astNode) definitions.push(type.astNode);
    definitions.push(...type.extensionASTNodes);
  }
  return { kind: Kind.DOCUMENT, definitions };
}
