import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './resolvers.ts';

/** Agencies: ministries, provincial and commune committees, public service units. */
export const agenciesModule = {
  typeDefs: parse(readFileSync(new URL('./agencies.graphql', import.meta.url), 'utf8')),
  resolvers,
};
