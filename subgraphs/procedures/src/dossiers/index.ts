import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './resolvers.ts';

/** Dossiers, and the writes of the offices that receive and settle them. */
export const dossiersModule = {
  typeDefs: parse(readFileSync(new URL('./dossiers.graphql', import.meta.url), 'utf8')),
  resolvers,
};
