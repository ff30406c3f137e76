import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './resolvers.ts';

/** The administrative unit, its hierarchy over time, and the unit queries. */
export const unitsModule = {
  typeDefs: parse(readFileSync(new URL('./units.graphql', import.meta.url), 'utf8')),
  resolvers,
};
