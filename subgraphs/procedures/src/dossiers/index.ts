import { featureTypeDefs } from '@home-affairs/graphql';
import { resolvers } from './resolvers.ts';

/** Dossiers, and the writes of the offices that receive and settle them. */
export const dossiersModule = {
  typeDefs: featureTypeDefs(new URL('./dossiers.graphql', import.meta.url)),
  resolvers,
};
