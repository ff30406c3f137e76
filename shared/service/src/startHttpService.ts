import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { type ExpressContextFunctionArgument, expressMiddleware } from '@as-integrations/express5';
import { serveMetrics, traceRequests } from '@home-affairs/telemetry';
import express, { type Express } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from './createLogger.ts';
import {
  answerClientErrors,
  finalHandlers,
  methodNotAllowed,
  traceIdsInHttpLevelErrors,
} from './httpErrors.ts';

/** How to expose one Apollo Server over HTTP. */
export interface HttpServiceOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  context: (args: ExpressContextFunctionArgument) => Promise<TContext>;
  logger: Logger;
  /**
   * Port to listen on; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * Interface to bind.
   * @default '127.0.0.1'
   */
  host?: string;
  /** Throws when the service cannot serve yet (database down, data not imported). */
  ready: () => Promise<unknown>;
  /** Adds routes before the GraphQL endpoint (the gateway's GraphiQL page, for one). */
  configure?: (app: Express) => void;
  /**
   * Largest accepted request body.
   * @default '1mb'
   */
  bodyLimit?: string;
  /**
   * The service's Prometheus registry, served at `GET /metrics` (docs/operations.md).
   * @default no /metrics route
   */
  metrics?: Registry;
  /**
   * Bearer token `/metrics` requires (METRICS_TOKEN); without one, only loopback may scrape.
   * @default undefined
   */
  metricsToken?: string;
  /**
   * How long in-flight requests may take to finish on shutdown before connections are cut.
   * @default 10000
   */
  drainMilliseconds?: number;
}

/** A listening service. */
export interface HttpService {
  url: string;
  port: number;
  server: Server;
  /** Stops accepting connections, lets in-flight requests finish, then stops Apollo Server. */
  close(): Promise<void>;
}

/**
 * Starts Apollo Server behind express with `GET /health` (liveness: the process answers) and
 * `GET /ready` (readiness: `ready()` resolves), and returns once the port is listening.
 */
export async function startHttpService<TContext extends BaseContext>(
  options: HttpServiceOptions<TContext>,
): Promise<HttpService> {
  const { apollo, logger } = options;
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  // First, so that every route's log lines and errors carry the request's trace id.
  app.use(traceRequests());
  // Apollo Server's own HTTP-level errors (no `query`, CSRF refusals) carry it too, on every
  // Apollo Server mounted at /graphql (the gateway's contracts included).
  app.use('/graphql', traceIdsInHttpLevelErrors());
  // Coded JSON 405s ahead of every route: Apollo Server answers other methods with a 400, and
  // express with an HTML 404.
  app.use('/graphql', methodNotAllowed(['GET', 'POST', 'OPTIONS']));
  app.use(['/health', '/ready'], methodNotAllowed(['GET', 'HEAD']));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    try {
      const detail = await options.ready();
      res.json({ status: 'ready', detail: detail ?? undefined });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', reason: (error as Error).message });
    }
  });
  if (options.metrics) {
    serveMetrics(app, { registry: options.metrics, token: options.metricsToken });
  }
  options.configure?.(app);
  app.use(
    '/graphql',
    express.json({ limit: options.bodyLimit ?? '1mb' }),
    expressMiddleware(apollo, { context: options.context }),
  );
  app.use(...finalHandlers(logger, options.bodyLimit ?? '1mb'));

  const server = app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  answerClientErrors(server);
  await once(server, 'listening');
  const { port, address } = server.address() as AddressInfo;
  const host = address === '::' || address === '0.0.0.0' ? 'localhost' : address;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(
        () => server.closeAllConnections(),
        options.drainMilliseconds ?? 10_000,
      );
      await drained;
      clearTimeout(timer);
      await apollo.stop();
      logger.info('stopped');
    })();
    return closing;
  };
  return { url, port, server, close };
}
