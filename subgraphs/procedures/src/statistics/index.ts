import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './resolvers.ts';

/** Dossier statistics by unit, field, procedure and month, from counters kept on write. */
export const statisticsModule = {
  typeDefs: parse(readFileSync(new URL('./statistics.graphql', import.meta.url), 'utf8')),
  resolvers,
};
