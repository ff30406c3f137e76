import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './resolvers.ts';

/** Staffing quotas (biên chế), headcount snapshots and vacancies. */
export const staffingModule = {
  typeDefs: parse(readFileSync(new URL('./staffing.graphql', import.meta.url), 'utf8')),
  resolvers,
};
