import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { checkInputValues, defaultInputLimits, type InputLimits } from '@home-affairs/graphql';

/**
 * Checks every argument value of an operation where it enters the graph, literal or variable,
 * before anything is planned or sent to a subgraph (`checkInputValues`): the supergraph's `Date`
 * is a bare custom scalar, which Apollo Gateway would pass on unchecked, and a string with a NUL
 * character reached Postgres as an internal error. A refusal is `BAD_USER_INPUT` (HTTP 400)
 * naming the argument. Every subgraph runs the same check (createSubgraphServer).
 */
export function inputValuesPlugin(
  limits: InputLimits = defaultInputLimits,
): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, request }) {
          const refusal = checkInputValues(document, schema, request.variables, limits);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
