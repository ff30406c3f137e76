import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './resolvers.ts';

/** Old and new addresses typed as text, resolved to units. */
export const addressesModule = {
  typeDefs: parse(readFileSync(new URL('./addresses.graphql', import.meta.url), 'utf8')),
  resolvers,
};
