import { featureTypeDefs } from '@home-affairs/graphql';
import { resolvers } from './resolvers.ts';

/** Agencies: ministries, provincial and commune committees, public service units. */
export const agenciesModule = {
  typeDefs: featureTypeDefs(new URL('./agencies.graphql', import.meta.url)),
  resolvers,
};
