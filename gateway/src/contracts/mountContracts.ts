import type { ApolloServer } from '@apollo/server';
import { type ExpressContextFunctionArgument, expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import type { CreateGatewayOptions, GatewayContext } from '../createGateway.ts';

/**
 * Routes each `/graphql` request that `contractOf` assigns to a contract to that contract's
 * Apollo Server; the others fall through to the main API. `contractOf` reads the same context as
 * the request's operation would (its headers and security state). The contracts start after the
 * main API (`started` starts them, once, and names those that did): a request for one waits until
 * then, and a request for one that could not start is refused, never served the whole schema.
 */
export function mountContracts(
  app: Express,
  contracts: ReadonlyMap<string, ApolloServer<GatewayContext>>,
  started: () => Promise<ReadonlySet<string>>,
  context: (args: ExpressContextFunctionArgument) => Promise<GatewayContext>,
  contractOf: CreateGatewayOptions['contractOf'],
): void {
  // Each started contract's middleware, made once `started` has settled.
  let middlewares: Promise<ReadonlyMap<string, ReturnType<typeof expressMiddleware>>> | undefined;
  const middlewaresOf = () => {
    middlewares ??= started().then(
      (names) =>
        new Map(
          [...contracts]
            .filter(([name]) => names.has(name))
            .map(([name, server]) => [name, expressMiddleware(server, { context })]),
        ),
    );
    return middlewares;
  };
  app.use('/graphql', express.json({ limit: '1mb' }), async (request, response, next) => {
    const name = contractOf?.(await context({ req: request, res: response }));
    if (name === undefined) {
      next();
      return;
    }
    const middleware = (await middlewaresOf()).get(name);
    if (!middleware) {
      // Never fall back to the whole schema for a caller meant to see less.
      response.status(500).json({
        errors: [
          {
            message: 'The gateway is misconfigured.',
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          },
        ],
      });
      return;
    }
    middleware(request, response, next);
  });
}
