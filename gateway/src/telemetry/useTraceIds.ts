import type { ApolloServerPlugin } from '@apollo/server';
import { traceIdOfRequest, traceIdOfTraceparent } from '@home-affairs/telemetry';
import type { NextFunction, Request, Response } from 'express';
import type { GraphQLFormattedError } from 'graphql';

/** The errors with the request's trace id added to each one's `extensions.traceId`. */
export function withTraceId(
  errors: readonly GraphQLFormattedError[],
  traceId: string | undefined,
): GraphQLFormattedError[] {
  if (!traceId) return [...errors];
  return errors.map((error) => ({ ...error, extensions: { ...error.extensions, traceId } }));
}

/**
 * Apollo Server plugin: every error the gateway returns carries `extensions.traceId`, the id a
 * user quotes and an operator finds the request's log lines (and, when traced, its trace) by.
 */
export function useTraceIds<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          const body = response.body;
          const result = body.kind === 'single' ? body.singleResult : body.initialResult;
          if (!result.errors) return;
          const traceId =
            traceIdOfRequest(undefined) ??
            traceIdOfTraceparent(request.http?.headers.get('traceparent'));
          result.errors = withTraceId(result.errors, traceId);
        },
      };
    },
  };
}

/**
 * Express middleware, ahead of the routes that answer errors themselves (authentication, rate
 * limits, body and token limits): a JSON body with `errors` gets `extensions.traceId` on each,
 * and `observe` sees its codes (the gateway's refusal metrics).
 */
export function traceIdsInErrorResponses(
  observe?: (request: Request, errors: readonly GraphQLFormattedError[]) => void,
) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const json = response.json.bind(response);
    response.json = (body: unknown) => {
      const errors = (body as { errors?: unknown } | null)?.errors;
      if (!Array.isArray(errors)) return json(body);
      observe?.(request, errors);
      return json({
        ...(body as object),
        errors: withTraceId(errors, traceIdOfRequest(request.headers)),
      });
    };
    next();
  };
}
