import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createLogger, type HttpService, startHttpService } from '@home-affairs/service';
import { parse } from 'graphql';
import type { SubgraphDefinition } from '../subgraphs.ts';

/**
 * SDL of a tiny subgraph that only references units, the way every agency subgraph will: it
 * holds unit codes and lets the gateway fetch the units themselves from the units subgraph.
 */
const typeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])

  type AdministrativeUnit @key(fields: "code", resolvable: false) {
    code: ID!
  }

  type Placement {
    id: ID!
    unit: AdministrativeUnit
  }

  type Query {
    placements(first: Int): [Placement!]!
    receivedHeader(name: String!): String
    slow(milliseconds: Int!): String
  }
`);

/** The fixture's definition for composition; its URL is replaced by the listening one. */
export const placementsDefinition: SubgraphDefinition = {
  name: 'placements',
  typeDefs,
  url: 'http://localhost:4999/graphql',
};

interface PlacementsContext {
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Starts the fixture subgraph on a free port. `placements` answers one placement per code in
 * `codes` (mutable, so a test can fill it after start); `receivedHeader` echoes a header of the
 * request the gateway sent; `slow` answers after a delay.
 */
export async function startPlacementsSubgraph(
  codes: string[] = [],
): Promise<HttpService & { codes: string[] }> {
  const logger = createLogger('placements', 'silent');
  const apollo = new ApolloServer<PlacementsContext>({
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    schema: buildSubgraphSchema({
      typeDefs,
      resolvers: {
        Query: {
          placements: (_: unknown, args: { first?: number }) =>
            codes
              .slice(0, args.first ?? codes.length)
              .map((code, index) => ({ id: String(index + 1), unit: { code } })),
          receivedHeader: (_: unknown, args: { name: string }, context: unknown) => {
            const value = (context as PlacementsContext).headers[args.name.toLowerCase()];
            return Array.isArray(value) ? value.join(', ') : (value ?? null);
          },
          slow: async (_: unknown, args: { milliseconds: number }) => {
            await new Promise((resolve) => setTimeout(resolve, args.milliseconds));
            return 'done';
          },
        },
      },
    }),
  });
  const service = await startHttpService({
    apollo,
    logger,
    context: async ({ req }) => ({ headers: req.headers }),
    ready: async () => true,
    drainMilliseconds: 100,
  });
  return Object.assign(service, { codes });
}
