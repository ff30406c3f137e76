import {
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLError,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { forbiddenError, unauthenticatedError } from './authorizationErrors.ts';
import { fragmentsOf } from './fragmentsOf.ts';
import type { Policy, SchemaPolicies } from './readPolicies.ts';
import type { Identity } from './scopesForRole.ts';

/** An operation, the schema it runs against, and the policies of that schema. */
export interface EnforcementInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null | undefined;
  policies: SchemaPolicies;
  identity: Identity;
}

/** Why an operation is refused: the first schema coordinate the caller may not reach. */
export interface PolicyViolation {
  code: 'UNAUTHENTICATED' | 'FORBIDDEN';
  /** `Type.field` or `Type`. */
  coordinate: string;
  message: string;
}

/**
 * Walks every field an operation may reach (through fragments, inline fragments, aliases and
 * abstract types) and returns the first one whose policy the identity does not satisfy.
 *
 * A field selected on an interface may resolve to any implementation, so it must satisfy the
 * policies of the field and type on every implementation too. Fields inside `... on T` need only
 * T's. `@skip`/`@include` are ignored: a field that may run is checked as if it will.
 */
export function findPolicyViolation(input: EnforcementInput): PolicyViolation | undefined {
  const { schema, document, policies, identity } = input;
  const operation = getOperationAST(document, input.operationName ?? undefined);
  if (!operation) return undefined;
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return undefined;

  const fragments = fragmentsOf(document);
  const held = new Set(identity.scopes);
  const anonymous = identity.role === 'anonymous';
  const check = (policy: Policy | undefined, coordinate: string): PolicyViolation | undefined => {
    if (!policy) return undefined;
    if (policy.authenticated && anonymous) {
      return {
        code: 'UNAUTHENTICATED',
        coordinate,
        message: `${coordinate} requires an authenticated caller.`,
      };
    }
    if (
      policy.scopes.length > 0 &&
      !policy.scopes.some((set) => set.every((scope) => held.has(scope)))
    ) {
      const needed = policy.scopes.map((set) => set.join(' and ')).join(', or ');
      return {
        code: anonymous ? 'UNAUTHENTICATED' : 'FORBIDDEN',
        coordinate,
        message: `${coordinate} requires the scope ${needed}.`,
      };
    }
    return undefined;
  };
  const checkType = (typeName: string) => check(policies.types.get(typeName), typeName);
  const checkField = (typeName: string, fieldName: string) => {
    const coordinate = `${typeName}.${fieldName}`;
    return check(policies.fields.get(coordinate), coordinate);
  };

  // A selection set walked once for a parent type yields nothing new the second time; this also
  // keeps fragments spread many times from making the walk exponential.
  const walked = new WeakMap<SelectionSetNode, Set<string>>();

  const walk = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLCompositeType,
  ): PolicyViolation | undefined => {
    let seen = walked.get(selectionSet);
    if (!seen) {
      seen = new Set();
      walked.set(selectionSet, seen);
    }
    if (seen.has(parentType.name)) return undefined;
    seen.add(parentType.name);

    for (const selection of selectionSet.selections) {
      let violation: PolicyViolation | undefined;
      if (selection.kind === Kind.FIELD) {
        const fieldName = selection.name.value;
        // Introspection is governed by the introspection policy, not by field policies.
        if (fieldName.startsWith('__')) continue;
        if (!isObjectType(parentType) && !isInterfaceType(parentType)) continue;
        const field = parentType.getFields()[fieldName];
        if (!field) continue;
        violation = checkField(parentType.name, fieldName);
        if (!violation && isAbstractType(parentType)) {
          for (const implementation of schema.getPossibleTypes(parentType)) {
            violation =
              checkType(implementation.name) ?? checkField(implementation.name, fieldName);
            if (violation) break;
          }
        }
        const returnType = getNamedType(field.type);
        violation ??= checkType(returnType.name);
        if (!violation && selection.selectionSet && isCompositeType(returnType)) {
          violation = walk(selection.selectionSet, returnType);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parentType;
        if (!condition || !isCompositeType(condition)) continue;
        violation =
          (condition === parentType ? undefined : checkType(condition.name)) ??
          walk(selection.selectionSet, condition);
      } else {
        const fragment = fragments.get(selection.name.value);
        const condition = fragment && schema.getType(fragment.typeCondition.name.value);
        if (!fragment || !condition || !isCompositeType(condition)) continue;
        violation =
          (condition === parentType ? undefined : checkType(condition.name)) ??
          walk(fragment.selectionSet, condition);
      }
      if (violation) return violation;
    }
    return undefined;
  };
  return checkType(rootType.name) ?? walk(operation.selectionSet, rootType);
}

/** Throws `UNAUTHENTICATED` or `FORBIDDEN` when the identity may not run the operation. */
export function enforcePolicies(input: EnforcementInput): void {
  const violation = findPolicyViolation(input);
  if (violation) throw policyViolationError(violation);
}

/** The coded GraphQL error for a violation. */
function policyViolationError(violation: PolicyViolation): GraphQLError {
  return violation.code === 'UNAUTHENTICATED'
    ? unauthenticatedError(violation.message)
    : forbiddenError(violation.message);
}
