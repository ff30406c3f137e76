import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Seconds: from a cached 5 ms answer to a 10 s one (the gateway's longest subgraph timeout). */
export const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** An error code as written by this codebase and Apollo (`BAD_USER_INPUT`); anything else is `OTHER`. */
export function boundedErrorCode(code: unknown): string {
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,47}$/.test(code) ? code : 'OTHER';
}

/** How the request metrics name an operation: a label from a bounded set, never a client's text. */
export type OperationLabel<TContext extends BaseContext> = (
  requestContext: GraphQLRequestContext<TContext>,
) => string;

/**
 * Apollo Server plugin counting each GraphQL request by operation: `graphql_requests_total`
 * (`outcome`: ok, partial when data came with errors, error), `graphql_request_errors_total` by
 * error code, and `graphql_request_duration_seconds`. `operationOf` keeps the label set bounded
 * (the gateway: names of trusted documents, else `other`; a subgraph: the root field).
 */
export function graphqlMetricsPlugin<TContext extends BaseContext>(options: {
  registry: Registry;
  operationOf: OperationLabel<TContext>;
}): ApolloServerPlugin<TContext> {
  const { registry, operationOf } = options;
  const requests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL requests answered, by operation and outcome (ok, partial, error).',
    labelNames: ['operation', 'outcome'],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'graphql_request_errors_total',
    help: 'Errors in GraphQL responses, by operation and error code (extensions.code).',
    labelNames: ['operation', 'code'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'Time from the start of a GraphQL request to its response, by operation.',
    labelNames: ['operation'],
    buckets: durationBuckets,
    registers: [registry],
  });
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse(requestContext) {
          const operation = operationOf(requestContext);
          const body = requestContext.response.body;
          const result = body.kind === 'single' ? body.singleResult : body.initialResult;
          const responseErrors = result.errors ?? [];
          for (const error of responseErrors) {
            errors.inc({ operation, code: boundedErrorCode(error.extensions?.code) });
          }
          const outcome =
            responseErrors.length === 0 ? 'ok' : result.data != null ? 'partial' : 'error';
          requests.inc({ operation, outcome });
          duration.observe({ operation }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
