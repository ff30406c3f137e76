import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './resolvers.ts';

/** The procedure catalogue, its fields, and the procedures an agency is competent for. */
export const catalogueModule = {
  typeDefs: parse(readFileSync(new URL('./catalogue.graphql', import.meta.url), 'utf8')),
  resolvers,
};
