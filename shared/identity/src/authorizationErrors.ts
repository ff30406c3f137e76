import { GraphQLError } from 'graphql';

/**
 * The caller has no valid identity (no token, or one that is expired, tampered with, revoked or
 * unsigned). The message must never contain the token or any personal value.
 */
export function unauthenticatedError(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

/**
 * The caller is known but may not do this. The message names schema coordinates, never values;
 * `field` names the input field that asked for it (`input.successorCode`), when one did.
 */
export function forbiddenError(message: string, options: { field?: string } = {}): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'FORBIDDEN',
      ...(options.field ? { field: options.field } : {}),
      http: { status: 403 },
    },
  });
}
