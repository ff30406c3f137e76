import { featureTypeDefs } from '@home-affairs/graphql';
import { resolvers } from './resolvers.ts';

/** The procedure catalogue, its fields, and the procedures an agency is competent for. */
export const catalogueModule = {
  typeDefs: featureTypeDefs(new URL('./catalogue.graphql', import.meta.url), {
    pageArguments: { item: 'procedure' },
    connections: [
      {
        node: 'Procedure',
        item: 'procedure',
        items: 'procedures',
        maxAge: 3600,
        fieldDescriptions: {
          edges: 'The procedures of this page, each with its cursor.',
          pageInfo: 'Where this page sits among all of them.',
        },
      },
    ],
  }),
  resolvers,
};
