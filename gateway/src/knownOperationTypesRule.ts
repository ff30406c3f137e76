import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Refuses an operation whose type the schema has no root for (a `mutation` sent to a read-only
 * contract, a `subscription` anywhere), as graphql-js 17's KnownOperationTypesRule does. graphql
 * 16 lets such an operation through validation, and Apollo Gateway's query planner then fails
 * with HTTP 500; with this rule the client gets GRAPHQL_VALIDATION_FAILED (400) before any plan.
 */
export const knownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation)) return;
    context.reportError(
      new GraphQLError(`The ${node.operation} operation is not supported by the schema.`, {
        nodes: node,
      }),
    );
  },
});
