import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './writeResolvers.ts';

/** The ministry's writes: register, approve a charter, file a report, change a status. */
export const writesModule = {
  typeDefs: parse(readFileSync(new URL('./writes.graphql', import.meta.url), 'utf8')),
  resolvers,
};
