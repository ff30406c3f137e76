import {
  isRestricted,
  type Policy,
  type Role,
  type SchemaPolicies,
  scopesForRole,
} from '@home-affairs/identity';
import { type GraphQLSchema, getNamedType, isInterfaceType, isObjectType } from 'graphql';

/** Whether a caller of `role` (with every scope the role may hold) satisfies `policy`. */
function satisfies(role: Role, policy: Policy | undefined): boolean {
  if (!isRestricted(policy)) return true;
  if (policy.authenticated && role === 'anonymous') return false;
  if (policy.scopes.length === 0) return true;
  const held = new Set(scopesForRole(role));
  return policy.scopes.some((set) => set.every((scope) => held.has(scope)));
}

/**
 * The field coordinates (`Type.field`) of `schema` that a caller of `role` can never read,
 * whatever its token says: the field's own policy, its type's, the policy of the type it returns
 * or, on an interface, of an implementation, asks for more than the role may hold (the same rules
 * the gateway enforces, ADR 0002), and every mutation for a role without a write scope. A
 * contract made for that role must leave exactly these out.
 */
export function fieldsBeyondAudience(
  schema: GraphQLSchema,
  policies: SchemaPolicies,
  role: Role,
): string[] {
  const writes = scopesForRole(role).some((scope) => scope.startsWith('write:'));
  const mutationType = schema.getMutationType()?.name;
  const beyond: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || (!isObjectType(type) && !isInterfaceType(type))) continue;
    const implementations = isInterfaceType(type) ? schema.getPossibleTypes(type) : [];
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const readable =
        (type.name !== mutationType || writes) &&
        satisfies(role, policies.types.get(type.name)) &&
        satisfies(role, policies.fields.get(coordinate)) &&
        satisfies(role, policies.types.get(getNamedType(field.type).name)) &&
        implementations.every(
          (implementation) =>
            satisfies(role, policies.types.get(implementation.name)) &&
            satisfies(role, policies.fields.get(`${implementation.name}.${field.name}`)),
        );
      if (!readable) beyond.push(coordinate);
    }
  }
  return beyond.sort();
}
