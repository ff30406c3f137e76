import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  authorizationPlugin,
  createForwardedIdentityReader,
  type Identity,
} from '@home-affairs/identity';
import { type HttpService, type Logger, startHttpService } from '@home-affairs/service';
import type { JWK } from 'jose';
import { createGateway } from '../../createGateway.ts';
import type { Security } from '../createSecurity.ts';
import { prepareSupergraph } from '../prepareSupergraph.ts';
import {
  associationsFixture,
  composeFixtureSupergraph,
  type FixtureSubgraph,
  unitsFixture,
} from './fixtureSubgraphs.ts';

/** The fixture subgraphs, listening, with a count of the requests each received. */
export interface FixtureSubgraphs {
  urls: Record<string, string>;
  /** GraphQL requests received, by subgraph name. */
  calls: Record<string, number>;
  /** The composed supergraph pointing at the listening subgraphs. */
  supergraphSdl: string;
  close(): Promise<void>;
}

/**
 * Starts the fixture subgraphs on port 0, each checking the gateway's signed identity in its
 * context and enforcing its own directives (`authorizationPlugin`), as a real subgraph does.
 */
export async function startFixtureSubgraphs(options: {
  identityPublicKey: JWK;
  logger: Logger;
  subgraphs?: FixtureSubgraph[];
  /** Accept requests without the gateway's signature (the benchmark's unsecured baseline). */
  allowUnsigned?: boolean;
}): Promise<FixtureSubgraphs> {
  const subgraphs = options.subgraphs ?? [unitsFixture, associationsFixture];
  const calls: Record<string, number> = {};
  const services: HttpService[] = [];
  const urls: Record<string, string> = {};
  for (const subgraph of subgraphs) {
    calls[subgraph.name] = 0;
    const readIdentity = createForwardedIdentityReader({
      subgraph: subgraph.name,
      publicKey: options.identityPublicKey,
      allowUnsigned: options.allowUnsigned,
    });
    const apollo = new ApolloServer<{ identity: Identity }>({
      schema: buildSubgraphSchema({
        typeDefs: subgraph.typeDefs,
        resolvers: subgraph.resolvers as never,
      }),
      plugins: [authorizationPlugin(), ApolloServerPluginInlineTraceDisabled()],
    });
    const service = await startHttpService({
      apollo,
      logger: options.logger,
      context: async ({ req }) => ({ identity: await readIdentity(req.headers) }),
      ready: async () => undefined,
      configure: (app) => {
        app.use('/graphql', (request, _response, next) => {
          if (request.method === 'POST') calls[subgraph.name] = (calls[subgraph.name] ?? 0) + 1;
          next();
        });
      },
    });
    services.push(service);
    urls[subgraph.name] = service.url;
  }
  return {
    urls,
    calls,
    supergraphSdl: composeFixtureSupergraph(subgraphs, urls),
    close: async () => {
      await Promise.all(services.map((service) => service.close()));
    },
  };
}

/**
 * Starts the gateway (createGateway) over a supergraph, with security wired in as main.ts wires
 * it; without `security` it is the same gateway with none (the benchmark's baseline).
 */
export async function startFixtureGateway(options: {
  supergraphSdl: string;
  security?: Security | undefined;
  logger: Logger;
}): Promise<HttpService> {
  const { security, logger } = options;
  const gateway = createGateway({
    supergraphSdl: (security?.prepareSupergraph ?? prepareSupergraph)(options.supergraphSdl)
      .gatewaySdl,
    logger,
    graphiql: false,
    ...security?.gatewayOptions,
  });
  return startHttpService({ ...gateway, logger });
}
