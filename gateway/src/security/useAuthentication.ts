import { anonymousIdentity, unauthenticatedError } from '@home-affairs/identity';
import type { Logger } from '@home-affairs/service';
import type { Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { TokenVerifier } from './createTokenVerifier.ts';
import {
  type RequestSecurity,
  requestSecurityOf,
  requireSecurity,
  setRequestSecurity,
} from './requestSecurity.ts';
import type { SecurityPlugin } from './securityPlugin.ts';

/** What `useAuthentication` uses. */
export interface AuthenticationOptions {
  /** Verifies bearer tokens: signature, expiry, issuer, audience, revocation (`TOKEN_*`). */
  verifier: TokenVerifier;
  logger: Logger;
}

/** The client's address as express sees it (`req.ip`, which honours `trust proxy`). */
export function addressOf(request: Request): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}

/**
 * The security state of a request, made on its first use and kept for the rest of it
 * (`response.locals`): a bearer token is verified (signature, expiry, issuer, audience,
 * revocation); no token means anonymous; a bad one is kept as an error that refuses the request,
 * so that it never degrades to anonymous.
 */
export async function authenticateRequest(
  request: Request,
  response: Response,
  verifier: TokenVerifier,
): Promise<RequestSecurity> {
  const known = requestSecurityOf(response);
  if (known) return known;
  const { headers } = request;
  const clientName = headers['apollographql-client-name'];
  const state: RequestSecurity = {
    identity: anonymousIdentity,
    address: addressOf(request),
    clientName: typeof clientName === 'string' ? clientName.slice(0, 100) : undefined,
    subgraphs: new Set(),
  };
  const authorization = headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) {
      state.identityError = unauthenticatedError(
        'The Authorization header must be "Bearer <token>".',
      );
    } else {
      try {
        const verified = await verifier.verify(match[1]!);
        state.identity = verified.identity;
        state.revocationId = verified.revocationId;
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        state.identityError = error;
      }
    }
  }
  setRequestSecurity(response, state);
  return state;
}

/**
 * Authentication by bearer token (`Authorization: Bearer <JWT>`):
 *
 * - on the request, the token is verified and the request's security state made (identity,
 *   client name, address), which every later plugin and the subgraph hook read from the GraphQL
 *   context (`context.security`);
 * - on the operation, a token that was not acceptable (malformed header, bad signature, expired,
 *   wrong issuer or audience, revoked) refuses the request with 401 `UNAUTHENTICATED`, whatever
 *   it asks: a bad token never degrades to anonymous. A request that reaches Apollo Server
 *   without a state (the layer's routes not mounted) is refused with `INTERNAL_SERVER_ERROR`.
 *
 * Defaults: no token is the anonymous identity (public fields only, the smallest limits).
 */
export function useAuthentication(options: AuthenticationOptions): SecurityPlugin {
  const { verifier, logger } = options;
  const authenticate: RequestHandler = async (request, response, next) => {
    try {
      await authenticateRequest(request, response, verifier);
      next();
    } catch (error) {
      next(error);
    }
  };
  return {
    http: [authenticate],
    operation: {
      async requestDidStart() {
        return {
          async didResolveOperation({ contextValue, operation }) {
            if (!contextValue.security) {
              logger.error(
                'security state missing: are security.gatewayOptions given to createGateway?',
              );
            }
            const state = requireSecurity(contextValue);
            if (!operation) return;
            if (state.identityError) throw state.identityError;
          },
        };
      },
    },
  };
}
