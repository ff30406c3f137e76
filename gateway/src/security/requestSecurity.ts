import type { Identity } from '@home-affairs/identity';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';

/**
 * What the security layer knows about one client request: one object, created once per request
 * by `useAuthentication` before Apollo Server sees the request, kept in express's
 * `response.locals` and carried on the GraphQL context as `security` (createGateway's context).
 */
export interface RequestSecurity {
  identity: Identity;
  /** Set when the request carried a token that is not acceptable: the request is refused. */
  identityError?: GraphQLError | undefined;
  /** Id under which the token would be revoked; the rate-limit key of the token. */
  revocationId?: string | undefined;
  /** `apollographql-client-name` header, if any. */
  clientName?: string | undefined;
  /** The client's address as express sees it (`req.ip`, which honours `trust proxy`). */
  address: string;
  /** Subgraphs the gateway sent requests to on behalf of this request (for the audit log). */
  subgraphs: Set<string>;
}

/** The context field the security plugins read: the request's security state. */
export interface SecurityContext {
  security?: RequestSecurity | undefined;
}

/** The `response.locals` key the state is kept under between express and Apollo Server. */
const localsKey = 'security';

/** Keeps the state of a request for the rest of its handling. */
export function setRequestSecurity(response: Response, state: RequestSecurity): void {
  response.locals[localsKey] = state;
}

/** The state `setRequestSecurity` kept for this request, if any. */
export function requestSecurityOf(response: Response): RequestSecurity | undefined {
  return response.locals[localsKey] as RequestSecurity | undefined;
}

/**
 * The state of a request from its GraphQL context; throws (500) when there is none, for then
 * `useAuthentication` did not run and no request may be served without an identity decision.
 */
export function requireSecurity(context: SecurityContext | undefined): RequestSecurity {
  if (context?.security) return context.security;
  throw new GraphQLError('The gateway is misconfigured.', {
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
