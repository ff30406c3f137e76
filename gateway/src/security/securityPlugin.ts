import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import type { RequestHandler } from 'express';
import { GraphQLError, type OperationDefinitionNode } from 'graphql';
import type { PreparedSupergraph } from './prepareSupergraph.ts';
import { type RequestSecurity, requireSecurity, type SecurityContext } from './requestSecurity.ts';

/**
 * One concern of the gateway's security layer, shaped after Hive Gateway's and envelop's
 * `use<Thing>` plugins: a request-level half and an operation-level half, either optional.
 * `createSecurity` runs every plugin's `http` handlers, in its order, on `/graphql` before Apollo
 * Server reads the request, and every plugin's `operation` as an Apollo Server plugin, in its
 * order, where the first refusal wins (docs/security.md, "Plugins").
 */
export interface SecurityPlugin {
  /** Express handlers run on `/graphql` before Apollo Server parses anything. */
  http?: RequestHandler[];
  /**
   * Apollo Server hooks. A refusal is thrown from `didResolveOperation`, after parsing and
   * validation and before the query planner sends anything to a subgraph. Apollo Server runs the
   * plugins' hooks together: each check is synchronous, so the first plugin's refusal is the one
   * answered, as if they ran one after another.
   */
  operation?: ApolloServerPlugin<SecurityContext>;
}

/** The prepared supergraph, read on every request (it may be swapped). */
export type SupergraphSource = () => PreparedSupergraph | undefined;

/** The prepared supergraph; throws (500) when the gateway has none: nothing runs unchecked. */
export function requireSupergraph(supergraph: SupergraphSource): PreparedSupergraph {
  const prepared = supergraph();
  if (prepared) return prepared;
  throw new GraphQLError('The gateway has no prepared supergraph.', {
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

/** A refusal for an operation over a limit: 400 with its code. */
export function limitError(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/** The request context of `didResolveOperation` once Apollo Server has found the operation. */
export type ResolvedOperation = GraphQLRequestContextDidResolveOperation<SecurityContext> & {
  operation: OperationDefinitionNode;
};

/**
 * The operation half of a plugin that is one check of a resolved operation: `check` runs in
 * `didResolveOperation` with the request's security state (refused with 500 when there is none)
 * and refuses by throwing. It is synchronous, which keeps the plugins' order (`SecurityPlugin`).
 */
export function checkOperation(
  check: (state: RequestSecurity, requestContext: ResolvedOperation) => void,
): ApolloServerPlugin<SecurityContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          const state = requireSecurity(requestContext.contextValue);
          if (!requestContext.operation) return;
          check(state, requestContext as ResolvedOperation);
        },
      };
    },
  };
}
