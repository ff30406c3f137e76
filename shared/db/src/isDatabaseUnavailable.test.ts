import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './isDatabaseUnavailable.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('knows a server that is down, restarting, out of connections or cut off', () => {
    const unavailable = [
      withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      withCode('ECONNRESET'),
      withCode('ETIMEDOUT'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P02'),
      withCode('57P03', 'the database system is starting up'),
      withCode('08006'),
      withCode('08001'),
      withCode('53300', 'sorry, too many clients already'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Client has encountered a connection error and is not queryable'),
      // drizzle wraps the driver's error; Node gives one per address tried for "localhost".
      new DrizzleQueryError('select 1', [], withCode('ECONNREFUSED')),
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed'),
    ];
    for (const error of unavailable) expect(isDatabaseUnavailable(error), String(error)).toBe(true);
  });

  it('leaves faults of the statement, the data or the configuration alone', () => {
    const other = [
      withCode('22007', 'invalid input syntax for type date'),
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('40001', 'could not serialize access'),
      withCode('42P01', 'relation does not exist'),
      withCode('28P01', 'password authentication failed'),
      withCode('3D000', 'database does not exist'),
      new Error('Cannot use a pool after calling end on the pool'),
      new DrizzleQueryError('select 1', [], withCode('23505')),
      'Connection terminated unexpectedly',
      null,
      undefined,
    ];
    for (const error of other) expect(isDatabaseUnavailable(error), String(error)).toBe(false);
  });
});
