import type { RequestHandler } from 'express';
import { sendError } from './httpRefusals.ts';
import type { SecurityPlugin } from './securityPlugin.ts';

/** The content types a browser sends cross-site without a CORS preflight. */
const simpleContentTypes = new Set([
  '',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
]);

/**
 * Cross-site request forgery prevention, the rule of Apollo Server's `csrfPrevention` (and GraphQL
 * Yoga's `useCSRFPrevention`): a request a browser could send cross-site without a preflight (a
 * simple content type, or none) must carry `apollo-require-preflight` or
 * `x-apollo-operation-name`; else 400 `CSRF_PREVENTED`, before the body is read. A GET that runs
 * no operation (no `query`, no `extensions`: the GraphiQL page) passes, for it has nothing to
 * forge.
 *
 * Defaults: always on, no options. createGateway also pins Apollo Server's own `csrfPrevention`
 * on whatever `apolloServerOptions` say; this plugin answers first, with a code of its own.
 */
export function useCsrf(): SecurityPlugin {
  const refuseForgeable: RequestHandler = (request, response, next) => {
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (
      simpleContentTypes.has(contentType) &&
      !request.headers['apollo-require-preflight'] &&
      !request.headers['x-apollo-operation-name']
    ) {
      const operation = request.query.query !== undefined || request.query.extensions !== undefined;
      if (request.method === 'POST' || (request.method === 'GET' && operation)) {
        sendError(
          response,
          400,
          'CSRF_PREVENTED',
          'This request needs a Content-Type of application/json or an apollo-require-preflight header.',
        );
        return;
      }
    }
    next();
  };
  return { http: [refuseForgeable] };
}
