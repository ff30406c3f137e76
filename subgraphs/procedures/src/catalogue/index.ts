import { featureTypeDefs } from '@home-affairs/graphql';
import { resolvers } from './resolvers.ts';

/** The procedure catalogue, its fields, and the procedures an agency is competent for. */
export const catalogueModule = {
  typeDefs: featureTypeDefs(new URL('./catalogue.graphql', import.meta.url)),
  resolvers,
};
