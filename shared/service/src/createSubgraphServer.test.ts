import { Writable } from 'node:stream';
import { anonymousIdentity } from '@home-affairs/identity';
import { GraphQLError, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createLogger } from './createLogger.ts';
import { createSubgraphServer } from './createSubgraphServer.ts';

/** A subgraph whose resolvers fail the ways a database or a bug makes them fail. */
function failingSubgraph() {
  const lines: string[] = [];
  const logger = createLogger(
    'test',
    'info',
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  const server = createSubgraphServer({
    name: 'test',
    modules: [
      {
        typeDefs: parse('type Query { driverError: String, ownError: String, refused: String }'),
        resolvers: {
          Query: {
            driverError: () => {
              // What node-postgres throws for a malformed value: the message quotes the value.
              throw Object.assign(new Error('invalid input syntax for type date: "1961-02-30"'), {
                code: '22007',
              });
            },
            ownError: () => {
              throw new GraphQLError('Province 40 of unit 16681 is missing.', {
                extensions: { code: 'INTERNAL_SERVER_ERROR' },
              });
            },
            refused: () => {
              throw new GraphQLError('birthDate must be a calendar day.', {
                extensions: { code: 'BAD_USER_INPUT', field: 'input.birthDate' },
              });
            },
          },
        },
      },
    ],
    logger,
    database: { driver: 'pglite', ping: async () => undefined },
    readIdentity: async () => anonymousIdentity,
    prepare: async () => undefined,
    createContext: (identity) => ({ identity }),
  });
  return { server, lines };
}

async function run(server: ReturnType<typeof failingSubgraph>['server'], query: string) {
  const response = await server.apollo.executeOperation(
    { query },
    { contextValue: { identity: anonymousIdentity } },
  );
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult.errors ?? [];
}

describe('createSubgraphServer', () => {
  it('hides an unexpected error from caller and log, keeping what finds the fault', async () => {
    const { server, lines } = failingSubgraph();
    const [error] = await run(server, '{ driverError }');
    expect(error).toMatchObject({
      message: 'Internal server error.',
      path: ['driverError'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    const log = lines.join('');
    expect(log).not.toContain('1961-02-30');
    expect(JSON.parse(lines.find((line) => line.includes('unexpected error'))!)).toMatchObject({
      path: ['driverError'],
      errorName: 'Error',
      sqlState: '22007',
    });
  });

  it('logs its own internal errors in full but answers with the generic message', async () => {
    const { server, lines } = failingSubgraph();
    const [error] = await run(server, '{ ownError }');
    expect(error?.message).toBe('Internal server error.');
    expect(lines.join('')).toContain('Province 40 of unit 16681 is missing.');
  });

  it('passes coded refusals through unchanged', async () => {
    const { server } = failingSubgraph();
    const [error] = await run(server, '{ refused }');
    expect(error).toMatchObject({
      message: 'birthDate must be a calendar day.',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.birthDate' },
    });
  });
});
