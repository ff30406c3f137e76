import { timingSafeEqual } from 'node:crypto';
import type { Express, Request } from 'express';
import type { Registry } from 'prom-client';
import { traceIdOfRequest } from '../requestTrace.ts';

/** Who may read a service's `/metrics`. */
export interface MetricsEndpointOptions {
  registry: Registry;
  /**
   * A bearer token a scraper must send (`Authorization: Bearer <token>`); read from
   * `METRICS_TOKEN` by each process's main. Without one, only loopback addresses may scrape.
   * @default undefined (loopback only)
   */
  token?: string;
}

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function tokenMatches(request: Request, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Serves the registry at `GET /metrics` in Prometheus's text format. The series name the
 * graph's operations, subgraphs and refusals, which an outsider has no business counting: with a
 * token, a scrape must carry it (401 otherwise); without one, only a scraper on the same host
 * (a loopback address, e.g. a node agent or a sidecar) is answered (403 otherwise).
 */
export function serveMetrics(app: Express, options: MetricsEndpointOptions): void {
  const { registry, token } = options;
  app.get('/metrics', async (request, response, next) => {
    try {
      if (
        token ? !tokenMatches(request, token) : !loopback.has(request.socket.remoteAddress ?? '')
      ) {
        response.status(token ? 401 : 403).json({
          errors: [
            {
              message: token
                ? '/metrics needs the metrics bearer token.'
                : '/metrics answers only on a loopback address; set METRICS_TOKEN to scrape it from elsewhere.',
              extensions: {
                code: token ? 'UNAUTHENTICATED' : 'FORBIDDEN',
                // `traceRequests`, mounted first, gives every request one.
                traceId: traceIdOfRequest(request.headers),
              },
            },
          ],
        });
        return;
      }
      response.setHeader('Content-Type', registry.contentType);
      response.send(await registry.metrics());
    } catch (error) {
      next(error);
    }
  });
}
