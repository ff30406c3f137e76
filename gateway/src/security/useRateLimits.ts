import type { Request, RequestHandler, Response } from 'express';
import type { RateLimitRefusal, RateLimits } from './createRateLimits.ts';
import type { TokenVerifier } from './createTokenVerifier.ts';
import { sendRateLimited } from './httpRefusals.ts';
import { requestSecurityOf } from './requestSecurity.ts';
import type { SecurityPlugin } from './securityPlugin.ts';
import { addressOf, authenticateRequest } from './useAuthentication.ts';

/** What `useRateLimits` counts with. */
export interface RateLimitsOptions {
  /**
   * The counters (`createRateLimits`): per token and per client address, in Redis when
   * `REDIS_URL` is set, else in memory per replica.
   * @default 600 per token and 300 per address a minute (`RATE_LIMIT_*`, securityConfigFromEnv)
   */
  rateLimits: RateLimits;
}

/**
 * Rate limits of `/graphql`, after authentication and before Apollo Server parses anything: one
 * request counts once against its client address and once against its token (a token that was
 * not acceptable counts against the address only); over either, 429 `RATE_LIMITED` with
 * `Retry-After`. Needs `useAuthentication` before it.
 */
export function useRateLimits(options: RateLimitsOptions): SecurityPlugin {
  const { rateLimits } = options;
  const limit = refusingWhenSpent(async (_request, response) => {
    const state = requestSecurityOf(response);
    // Fails closed: without the state the request would count against nothing.
    if (!state) throw new Error('useRateLimits needs useAuthentication before it');
    return rateLimits.consume({
      address: state.address,
      token: state.identityError ? undefined : state.revocationId,
    });
  });
  return { http: [limit] };
}

/**
 * Rate limits of the routes beside GraphQL (`/usage`, `/admin/*`), each call of which reads the
 * database: per client address before its token is even verified, then per token
 * (`RATE_LIMIT_ROUTES_PER_MINUTE` each, 60 by default), counted apart from GraphQL's.
 */
export function limitRoutes(rateLimits: RateLimits, verifier: TokenVerifier): RequestHandler {
  return refusingWhenSpent(async (request, response) => {
    const byAddress = await rateLimits.consumeRoute({ address: addressOf(request) });
    if (byAddress) return byAddress;
    const state = await authenticateRequest(request, response, verifier);
    return state.identityError ? undefined : rateLimits.consumeRoute({ token: state.revocationId });
  });
}

/**
 * A handler that counts a request with `consume` and refuses it (429) when a limit is spent,
 * passing it on otherwise; a failure to count goes to Express's error handler.
 */
function refusingWhenSpent(
  consume: (request: Request, response: Response) => Promise<RateLimitRefusal | undefined>,
): RequestHandler {
  return async (request, response, next) => {
    try {
      const refusal = await consume(request, response);
      if (refusal) {
        sendRateLimited(response, refusal);
        return;
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
