import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './resolvers.ts';

/** Organisations, their records, the organisation queries and the unit fields they add. */
export const organizationsModule = {
  typeDefs: parse(readFileSync(new URL('./organizations.graphql', import.meta.url), 'utf8')),
  resolvers,
};
