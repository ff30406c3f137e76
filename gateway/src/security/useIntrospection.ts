import {
  forbiddenError,
  fragmentsOf,
  type Identity,
  unauthenticatedError,
} from '@home-affairs/identity';
import { requireSecurity } from './requestSecurity.ts';
import { rootFields } from './rootFields.ts';
import type { IntrospectionPolicy } from './securityConfigFromEnv.ts';
import type { SecurityPlugin } from './securityPlugin.ts';

/** What `useIntrospection` enforces. */
export interface IntrospectionOptions {
  /**
   * Who may introspect the schema (`INTROSPECTION`): `everyone`, `authenticated`, `admin` or
   * `none`.
   * @default 'authenticated' in production, 'everyone' elsewhere (securityConfigFromEnv)
   */
  policy: IntrospectionPolicy;
}

/** The root fields that introspect the schema (`__typename` reveals nothing). */
const introspectionFields = new Set(['__schema', '__type']);

/** graphql-js's suggestion at the end of a message (`Did you mean "units"?`). */
const suggestion = / ?Did you mean(.+?)\?$/;

/** Whether the policy lets this caller introspect the schema. */
export function mayIntrospect(policy: IntrospectionPolicy, identity: Identity): boolean {
  if (policy === 'everyone') return true;
  if (policy === 'authenticated') return identity.role !== 'anonymous';
  return policy === 'admin' && identity.role === 'admin';
}

function checkIntrospection(policy: IntrospectionPolicy, identity: Identity): void {
  if (mayIntrospect(policy, identity)) return;
  if (identity.role === 'anonymous' && policy !== 'none') {
    throw unauthenticatedError('Introspection needs an authenticated caller.');
  }
  throw forbiddenError('Introspection is not allowed for this caller.');
}

/**
 * The introspection policy: an operation selecting `__schema` or `__type` at its root, by a caller
 * the policy does not admit, is refused with 401 `UNAUTHENTICATED` (an anonymous caller, when
 * signing in would help) or 403 `FORBIDDEN`. For the same callers, graphql-js's suggestions
 * (`Did you mean "units"?`) are cut from every error message (validation, variables, subgraphs),
 * for they would read the schema out through typos.
 */
export function useIntrospection(options: IntrospectionOptions): SecurityPlugin {
  const { policy } = options;
  return {
    operation: {
      async requestDidStart({ contextValue }) {
        return {
          async didResolveOperation({ document, operation }) {
            const { identity } = requireSecurity(contextValue);
            if (!operation) return;
            const roots = rootFields(operation.selectionSet, fragmentsOf(document));
            if (roots.some((field) => introspectionFields.has(field.name.value))) {
              checkIntrospection(policy, identity);
            }
          },
          async didEncounterErrors({ errors }) {
            const state = contextValue.security;
            if (state && mayIntrospect(policy, state.identity)) return;
            for (const error of errors) error.message = error.message.replace(suggestion, '');
          },
        };
      },
    },
  };
}
