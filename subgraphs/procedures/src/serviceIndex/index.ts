import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './resolvers.ts';

/** The service index of Decision 766 by province and commune, from the dossier counters. */
export const serviceIndexModule = {
  typeDefs: parse(readFileSync(new URL('./serviceIndex.graphql', import.meta.url), 'utf8')),
  resolvers,
};
