import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind } from 'graphql';

/**
 * Refuses, with `OPERATION_RESOLUTION_FAILURE` (HTTP 400), a request whose document names no
 * operation to run: an `operationName` the document does not define, or several operations and
 * no `operationName`. Apollo Server leaves the operation unresolved and hands the request to
 * Apollo Gateway's executor, whose error then came back as an HTTP 500.
 */
export function operationResolutionPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation) return;
          const names = document.definitions.flatMap((definition) =>
            definition.kind === Kind.OPERATION_DEFINITION && definition.name
              ? [definition.name.value]
              : [],
          );
          const message =
            typeof request.operationName === 'string' && request.operationName !== ''
              ? 'The document has no operation of the name given as operationName.'
              : `The document has ${names.length > 1 ? 'several operations' : 'no operation to run'}: name the one to run in operationName.`;
          throw new GraphQLError(message, {
            extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
          });
        },
      };
    },
  };
}
