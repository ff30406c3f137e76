import { featureTypeDefs } from '@home-affairs/graphql';
import { resolvers } from './resolvers.ts';

/** Corrections with provenance: the ministry's writes to the history of units, and that history. */
export const correctionsModule = {
  typeDefs: featureTypeDefs(new URL('./corrections.graphql', import.meta.url)),
  resolvers,
};
