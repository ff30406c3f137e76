import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './resolvers.ts';

/** Separations after restructuring under Decree 178/2024/ND-CP, and their public statistics. */
export const separationsModule = {
  typeDefs: parse(readFileSync(new URL('./separations.graphql', import.meta.url), 'utf8')),
  resolvers,
};
