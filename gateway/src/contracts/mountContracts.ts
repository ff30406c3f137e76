import type { ApolloServer } from '@apollo/server';
import { type ExpressContextFunctionArgument, expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import type { CreateGatewayOptions, GatewayContext } from '../createGateway.ts';

/**
 * Routes each `/graphql` request that `contractOf` assigns to a contract to that contract's
 * Apollo Server (started with the main one); the others fall through to the main API. `contractOf`
 * reads the same context as the request's operation would (its headers and security state).
 */
export function mountContracts(
  app: Express,
  contracts: ReadonlyMap<string, ApolloServer<GatewayContext>>,
  context: (args: ExpressContextFunctionArgument) => Promise<GatewayContext>,
  contractOf: CreateGatewayOptions['contractOf'],
): void {
  const middlewares = new Map(
    [...contracts].map(([name, server]) => [name, expressMiddleware(server, { context })]),
  );
  app.use('/graphql', express.json({ limit: '1mb' }), async (request, response, next) => {
    const name = contractOf?.(await context({ req: request, res: response }));
    if (name === undefined) {
      next();
      return;
    }
    const middleware = middlewares.get(name);
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
