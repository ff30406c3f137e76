import { featureTypeDefs } from '@home-affairs/graphql';
import { resolvers } from './resolvers.ts';

/** Organisations, their records, the organisation queries and the unit fields they add. */
export const organizationsModule = {
  typeDefs: featureTypeDefs(new URL('./organizations.graphql', import.meta.url), {
    pageArguments: { item: 'organisation' },
    connections: [
      {
        node: 'Organization',
        item: 'organisation',
        items: 'organisations',
        maxAge: 3600,
        description:
          'A page of organisations (Relay cursor connection), in registration-number order.',
      },
    ],
  }),
  resolvers,
};
