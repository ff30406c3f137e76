import { featureTypeDefs } from '@home-affairs/graphql';
import { resolvers } from './resolvers.ts';

/** The administrative unit, its hierarchy over time, and the unit queries. */
export const unitsModule = {
  typeDefs: featureTypeDefs(new URL('./units.graphql', import.meta.url), {
    pageArguments: { item: 'child' },
    connections: [
      {
        node: 'AdministrativeUnit',
        item: 'unit',
        items: 'units',
        maxAge: 86400,
        description: 'A page of administrative units (Relay cursor connection).',
        edgeDescription: 'An administrative unit with its cursor.',
      },
    ],
  }),
  resolvers,
};
