import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './resolvers.ts';

/** Registry statistics: counts as of any day, grouped, and by year. */
export const statisticsModule = {
  typeDefs: parse(readFileSync(new URL('./statistics.graphql', import.meta.url), 'utf8')),
  resolvers,
};
