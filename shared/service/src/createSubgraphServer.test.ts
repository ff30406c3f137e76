import { anonymousIdentity } from '@home-affairs/identity';
import { captureLines } from '@home-affairs/testing';
import { GraphQLError, parse } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from './createLogger.ts';
import { createSubgraphServer } from './createSubgraphServer.ts';

/** What drizzle throws when the pool cannot connect: its own error, the driver's as `cause`. */
function refusedConnection() {
  return Object.assign(new Error('Failed query: select "birth_date" from x\nparams: 1961-02-30'), {
    name: 'DrizzleQueryError',
    cause: Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), {
      code: 'ECONNREFUSED',
      address: '10.1.2.3',
    }),
  });
}

/** A subgraph whose resolvers fail the ways a database or a bug makes them fail. */
function failingSubgraph(
  overrides: {
    database?: { driver: string; ping(): Promise<unknown> };
    prepare?: () => Promise<unknown>;
  } = {},
) {
  const { stream, lines } = captureLines();
  const logger = createLogger('test', 'info', stream);
  const server = createSubgraphServer({
    name: 'test',
    modules: [
      {
        typeDefs: parse(
          'type Query { driverError: String, ownError: String, refused: String, databaseDown: String, connectionLost: String }',
        ),
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
            databaseDown: () => {
              throw refusedConnection();
            },
            connectionLost: () => {
              // node-postgres, when the server dies under a running query.
              throw new Error('Connection terminated unexpectedly');
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
    database: overrides.database ?? { driver: 'pglite', ping: async () => undefined },
    readIdentity: async () => anonymousIdentity,
    prepare: overrides.prepare ?? (async () => undefined),
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

  it('answers SERVICE_UNAVAILABLE, without the driver message, when the database is down', async () => {
    const { server, lines } = failingSubgraph();
    const errors = await run(server, '{ databaseDown connectionLost ownError }');
    const byPath = Object.fromEntries(errors.map((error) => [String(error.path), error]));
    for (const path of ['databaseDown', 'connectionLost']) {
      expect(byPath[path]).toEqual({
        message: 'The test subgraph cannot reach its database; try again later.',
        path: [path],
        locations: expect.any(Array),
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
    }
    // Only the fault that is not the database's stays an internal error.
    expect(byPath.ownError?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const log = lines.join('');
    for (const secret of ['10.1.2.3', '1961-02-30', 'birth_date']) {
      expect(JSON.stringify(errors)).not.toContain(secret);
      expect(log).not.toContain(secret);
    }
    const warning = lines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.msg === 'database unavailable');
    expect(warning).toMatchObject({ level: 40, path: ['databaseDown'], sqlState: 'ECONNREFUSED' });
  });

  it('reports not ready, without the driver message, while the database is down', async () => {
    let down = true;
    const { server } = failingSubgraph({
      database: {
        driver: 'postgres',
        ping: async () => {
          if (down) throw refusedConnection();
        },
      },
    });
    await server.prepare();
    await expect(server.ready()).rejects.toThrow(/^database unavailable$/);
    down = false;
    await expect(server.ready()).resolves.toEqual({ driver: 'postgres' });
  });

  it('waits for a database that cannot be reached yet before preparing, and no longer', async () => {
    let attempts = 0;
    const { server, lines } = failingSubgraph({
      prepare: async () => {
        attempts += 1;
        if (attempts < 3) throw refusedConnection();
      },
    });
    const preparing = server.prepare();
    await vi.waitFor(() => expect(attempts).toBe(1));
    // Requests and readiness say what it waits for while it does.
    await expect(server.ready()).rejects.toThrow('waiting for the database before preparing data');
    await preparing;
    expect(attempts).toBe(3);
    await expect(server.ready()).resolves.toEqual({ driver: 'pglite' });
    const retries = lines.map((line) => JSON.parse(line)).filter((entry) => entry.attempt);
    expect(retries.map((entry) => entry.retryInMilliseconds)).toEqual([500, 1000]);

    // Any other failure is not waited out, and stopping ends the wait.
    const broken = failingSubgraph({
      prepare: async () => {
        throw new Error('migration 0003 failed');
      },
    });
    await expect(broken.server.prepare()).rejects.toThrow('migration 0003 failed');
    const stopping = new AbortController();
    let tries = 0;
    const unreachable = failingSubgraph({
      prepare: async () => {
        tries += 1;
        throw refusedConnection();
      },
    });
    const waiting = unreachable.server.prepare({ signal: stopping.signal });
    await vi.waitFor(() => expect(tries).toBe(1));
    stopping.abort();
    await expect(waiting).rejects.toThrow(/abort/i);
    expect(tries).toBe(1);
  });
});
