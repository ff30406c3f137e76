import { featureTypeDefs } from '@home-affairs/graphql';
import { resolvers } from './resolvers.ts';

/** Organisations, their records, the organisation queries and the unit fields they add. */
export const organizationsModule = {
  typeDefs: featureTypeDefs(new URL('./organizations.graphql', import.meta.url)),
  resolvers,
};
