import { clientErrorOf, sendHttpError } from '@home-affairs/service';
import type { ErrorRequestHandler, Response } from 'express';
import type { RateLimitRefusal } from './createRateLimits.ts';

/** Sends a GraphQL-shaped error from outside Apollo Server (body too large, rate limited). */
export function sendError(response: Response, status: number, code: string, message: string): void {
  response.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** Answers 429 with `Retry-After` for a request over one of its rate limits. */
export function sendRateLimited(response: Response, refusal: RateLimitRefusal): void {
  response.setHeader('Retry-After', String(refusal.retryAfterSeconds));
  sendError(
    response,
    429,
    'RATE_LIMITED',
    `Too many requests for this ${refusal.limit === 'token' ? 'token' : 'address'}; retry in ${refusal.retryAfterSeconds} s.`,
  );
}

/**
 * The last handler of the layer's routers: a client's mistake met while reading the request
 * (a body over `bodyLimit`, JSON that does not parse, a malformed URL) is answered with its code;
 * anything else goes on to the process's last handler, which logs it and answers a coded 500
 * (shared/service httpErrors).
 */
export function answerClientErrors(bodyLimit: string): ErrorRequestHandler {
  return (error, _request, response, next) => {
    const refusal = clientErrorOf(error, bodyLimit);
    if (refusal) {
      sendHttpError(response, refusal);
      return;
    }
    next(error);
  };
}
