import { featureTypeDefs } from '@home-affairs/graphql';
import { resolvers } from './resolvers.ts';

/** The administrative unit, its hierarchy over time, and the unit queries. */
export const unitsModule = {
  typeDefs: featureTypeDefs(new URL('./units.graphql', import.meta.url)),
  resolvers,
};
