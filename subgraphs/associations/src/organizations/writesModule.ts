import { featureTypeDefs } from '@home-affairs/graphql';
import { resolvers } from './writeResolvers.ts';

/** The ministry's writes: register, approve a charter, file a report, change a status. */
export const writesModule = {
  typeDefs: featureTypeDefs(new URL('./writes.graphql', import.meta.url)),
  resolvers,
};
