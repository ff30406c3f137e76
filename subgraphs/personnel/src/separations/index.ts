import { featureTypeDefs } from '@home-affairs/graphql';
import { resolvers } from './resolvers.ts';

/** Separations after restructuring under Decree 178/2024/ND-CP, and their public statistics. */
export const separationsModule = {
  typeDefs: featureTypeDefs(new URL('./separations.graphql', import.meta.url)),
  resolvers,
};
