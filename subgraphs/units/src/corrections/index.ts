import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './resolvers.ts';

/** Corrections with provenance: the ministry's writes to the history of units, and that history. */
export const correctionsModule = {
  typeDefs: parse(readFileSync(new URL('./corrections.graphql', import.meta.url), 'utf8')),
  resolvers,
};
