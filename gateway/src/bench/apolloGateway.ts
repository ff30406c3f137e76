/**
 * Bare `@apollo/gateway` for `pnpm bench:load`: Apollo Server 5 with Apollo Gateway over the
 * checked-in supergraph, nothing else (no security, no cache, no timeouts). Apollo Gateway refuses
 * the supergraph's `for: SECURITY` links, so it gets the copy our gateway gets (ADR 0002), which
 * has the same schema. Subgraphs from <NAME>_SUBGRAPH_URL. Prints `listening <url>`.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { prepareSupergraph } from '../security/prepareSupergraph.ts';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';
const supergraphSdl = readFileSync(new URL('../../supergraph.graphql', import.meta.url), 'utf8');
const server = new ApolloServer({
  gateway: new ApolloGateway({
    supergraphSdl: prepareSupergraph(supergraphSdl).gatewaySdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource({
        url: process.env[`${name.toUpperCase()}_SUBGRAPH_URL`] ?? url,
      }),
  }),
  plugins: [ApolloServerPluginLandingPageDisabled()],
});
const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
console.log(`listening ${new URL('/graphql', url).href}`);
process.on('SIGTERM', () => {
  void server.stop().then(() => process.exit(0));
});
