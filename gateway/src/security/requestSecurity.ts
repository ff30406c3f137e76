import type { IncomingHttpHeaders } from 'node:http';
import type { Identity } from '@home-affairs/identity';
import type { GraphQLError } from 'graphql';

/** What the security layer knows about one client request. */
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

/** The context field the security plugin reads: the request's headers object. */
export interface SecurityContext {
  headers?: IncomingHttpHeaders;
}

/**
 * Security state by the request's headers object: express's `req.headers` and the gateway
 * context's `headers` are the same object, so the plugin and the subgraph hook find what the
 * middleware established without the context function having to carry it.
 */
const byHeaders = new WeakMap<IncomingHttpHeaders, RequestSecurity>();

/** Attaches the state of a request to its headers object. */
export function attachRequestSecurity(headers: IncomingHttpHeaders, state: RequestSecurity): void {
  byHeaders.set(headers, state);
}

/** The security state of a request, from its context. */
export function requestSecurityOf(
  context: SecurityContext | undefined,
): RequestSecurity | undefined {
  return context?.headers ? byHeaders.get(context.headers) : undefined;
}
