import { enforcePolicies } from '@home-affairs/identity';
import {
  checkOperation,
  requireSupergraph,
  type SecurityPlugin,
  type SupergraphSource,
} from './securityPlugin.ts';

/** What `usePolicies` enforces. */
export interface PoliciesOptions {
  /** The supergraph's `@authenticated` and `@requiresScopes`, by field coordinate. */
  supergraph: SupergraphSource;
}

/**
 * The supergraph's access policies: every field an operation selects (fragments and abstract
 * types included) whose `@authenticated` or `@requiresScopes` the caller's identity does not meet
 * refuses the whole operation, before anything runs: 401 `UNAUTHENTICATED` for an anonymous
 * caller, 403 `FORBIDDEN` for a known one. A root field with no policy got the one
 * `UNANNOTATED_ROOT_FIELDS` chose when the supergraph was prepared (`refuse` by default).
 */
export function usePolicies(options: PoliciesOptions): SecurityPlugin {
  return {
    operation: checkOperation(({ identity }, requestContext) => {
      enforcePolicies({
        schema: requestContext.schema,
        document: requestContext.document,
        operationName: requestContext.operationName,
        policies: requireSupergraph(options.supergraph).policies,
        identity,
      });
    }),
  };
}
