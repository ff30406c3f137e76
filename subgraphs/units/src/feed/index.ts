import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './resolvers.ts';

/** The ordered feed of unit changes that the agency subgraphs follow. */
export const feedModule = {
  typeDefs: parse(readFileSync(new URL('./feed.graphql', import.meta.url), 'utf8')),
  resolvers,
};
