import express, { type RequestHandler } from 'express';
import { sendError } from './httpRefusals.ts';
import type { SecurityPlugin } from './securityPlugin.ts';

/** What `useBodyLimit` reads. */
export interface BodyLimitOptions {
  /**
   * Largest JSON body accepted, in `bytes`' notation (`LIMIT_BODY_SIZE`).
   * @default '100kb' (securityConfigFromEnv)
   */
  bodyLimit: string;
}

/**
 * Reads the JSON body of `/graphql` up to `bodyLimit`, before anything else reads it: a larger
 * body is refused with 413 `PAYLOAD_TOO_LARGE`, JSON that does not parse with 400 `BAD_REQUEST`
 * (both answered by the layer's error handler, `answerClientErrors`), and a batch (a JSON array)
 * with 400 `BAD_REQUEST`: one request is one operation, counted, limited and audited as one.
 */
export function useBodyLimit(options: BodyLimitOptions): SecurityPlugin {
  const refuseBatches: RequestHandler = (request, response, next) => {
    if (Array.isArray(request.body)) {
      sendError(response, 400, 'BAD_REQUEST', 'Batched requests are not accepted.');
      return;
    }
    next();
  };
  return { http: [express.json({ limit: options.bodyLimit }), refuseBatches] };
}
