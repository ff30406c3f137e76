import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './resolvers.ts';

/** Specialist coverage of commune-level units and the resulting shortages. */
export const specialistsModule = {
  typeDefs: parse(readFileSync(new URL('./specialists.graphql', import.meta.url), 'utf8')),
  resolvers,
};
