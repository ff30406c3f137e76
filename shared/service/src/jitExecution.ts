import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { type ExecutionResult, GraphQLError, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

/** How a subgraph executes operations: `jit` (compiled, the default) or `graphql-js`. */
export type GraphQLExecutor = 'jit' | 'graphql-js';

/**
 * The executor named by `GRAPHQL_EXECUTOR` (`jit` or `graphql-js`); anything else is refused, so
 * a typo does not silently measure the wrong thing.
 * @default 'jit'
 */
export function graphqlExecutorFromEnv(env: NodeJS.ProcessEnv): GraphQLExecutor {
  const value = env.GRAPHQL_EXECUTOR ?? 'jit';
  if (value !== 'jit' && value !== 'graphql-js') {
    throw new Error(`GRAPHQL_EXECUTOR must be jit or graphql-js, not ${JSON.stringify(value)}.`);
  }
  return value;
}

/**
 * graphql-jit's errors share GraphQLError's prototype but not its shape (no `extensions` object
 * when the resolver's error had none), which Apollo Server's error formatting relies on: each is
 * rebuilt as graphql-js builds a resolver's error (located, with the original as `cause`).
 */
function withGraphQLErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error) => {
    const rebuilt = new GraphQLError(error.message, {
      path: error.path,
      originalError: error.originalError ?? undefined,
      extensions: error.extensions,
    });
    // Locations come from the operation's nodes in graphql-js; graphql-jit gives them computed.
    return Object.assign(rebuilt, { locations: error.locations });
  });
  return { ...result, errors };
}

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type CompiledOrErrors = ReturnType<typeof compileQuery<Record<string, unknown>>>;

/**
 * Apollo Server's gateway hook used as an executor: operations Apollo Server has parsed, validated
 * and checked (the plugins' didResolveOperation, authorization included) are run by graphql-jit,
 * which compiles each operation once into a function that reads plain rows' properties directly
 * instead of calling graphql-js's generic resolver per field (ADR 0015). The compiled operations
 * are kept per document text and operation name, at most `maxOperations` of them.
 * @default maxOperations 500
 */
export function jitExecution(schema: GraphQLSchema, maxOperations = 500): Gateway {
  const compiled = new LRUCache<string, CompiledOrErrors>({ max: maxOperations });
  return {
    async load() {
      return {
        executor: async (requestContext) => {
          const { document, operationName, source, request, context } = requestContext;
          const key = `${operationName ?? ''}\u0000${source}`;
          let query = compiled.get(key);
          if (!query) {
            query = compileQuery<Record<string, unknown>>(
              schema,
              document,
              operationName ?? undefined,
              {
                // Stack traces of errors are never sent (formatError); capturing them costs.
                disablingCapturingStackErrors: true,
              },
            );
            compiled.set(key, query);
          }
          if (!isCompiledQuery(query)) return withGraphQLErrors(query as ExecutionResult);
          return withGraphQLErrors(await query.query(undefined, context, request.variables ?? {}));
        },
      };
    },
    onSchemaLoadOrUpdate(callback) {
      // The schema never changes: told once, with no supergraph (this is a subgraph).
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}
