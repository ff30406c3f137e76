import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './resolvers.ts';

/** Lineage across reorganisations: versions, predecessors, successors, current units. */
export const lineageModule = {
  typeDefs: parse(readFileSync(new URL('./lineage.graphql', import.meta.url), 'utf8')),
  resolvers,
};
