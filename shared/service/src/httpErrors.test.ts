import { request as httpRequest } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { captureLines } from '@home-affairs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './createLogger.ts';
import { type HttpService, startHttpService } from './startHttpService.ts';

const log = captureLines();
let service: HttpService;
const nodeEnv = process.env.NODE_ENV;

beforeAll(async () => {
  // Express answers an HTML page with the stack trace outside production: none may reach a client.
  process.env.NODE_ENV = 'development';
  service = await startHttpService({
    apollo: new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: {} }),
    context: async () => ({}),
    logger: createLogger('test', 'info', log.stream),
    ready: async () => undefined,
    bodyLimit: '1kb',
    configure: (app) => {
      app.get('/fails', () => {
        throw new Error('connect ECONNREFUSED 10.0.0.1:5432 at /srv/app/db.ts:12');
      });
    },
  });
});

afterAll(async () => {
  process.env.NODE_ENV = nodeEnv;
  await service?.close();
});

/** Sends a raw request (fetch refuses some of them) and returns the status and the body. */
function send(method: string, path: string, headers: Record<string, string> = {}, body = '') {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const request = httpRequest(
      new URL(path, service.url),
      { method, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            type: response.headers['content-type'] ?? '',
            body: text,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const json = { 'content-type': 'application/json' };

describe('the errors of every route', () => {
  it.each([
    ['an unknown path', 'GET', '/nothing', {}, '', 404, 'NOT_FOUND'],
    ['a method /graphql does not serve', 'PUT', '/graphql', json, '{}', 405, 'METHOD_NOT_ALLOWED'],
    ['a method /health does not serve', 'POST', '/health', {}, '', 405, 'METHOD_NOT_ALLOWED'],
    ['a body that is not JSON', 'POST', '/graphql', json, '{', 400, 'BAD_REQUEST'],
    [
      'a body over the limit',
      'POST',
      '/graphql',
      json,
      `"${'a'.repeat(2000)}"`,
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'a charset express does not read',
      'POST',
      '/graphql',
      { 'content-type': 'application/json; charset=latin1' },
      '{}',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['a route that throws', 'GET', '/fails', {}, '', 500, 'INTERNAL_SERVER_ERROR'],
  ])('answers %s with a coded JSON error', async (_, method, path, headers, body, status, code) => {
    const answer = await send(method, path, headers, body);
    expect(answer.status).toBe(status);
    expect(answer.type).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe(code);
    expect(answer.body).not.toMatch(/ECONNREFUSED|\/srv\/|\bat /);
  });

  it('logs a route failure with its cause, never a client mistake', async () => {
    const before = log.lines.length;
    await send('POST', '/graphql', json, '{');
    expect(log.lines.length).toBe(before);
    await send('GET', '/fails');
    const logged = log.lines.slice(before).map((line) => JSON.parse(line));
    expect(logged).toMatchObject([{ level: 50, msg: 'route failed', path: '/fails' }]);
  });

  it('answers headers over Node’s limit with a JSON 431', async () => {
    const answer = await send('GET', '/health', { 'x-big': 'a'.repeat(20_000) });
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe(
      'REQUEST_HEADER_FIELDS_TOO_LARGE',
    );
  });
});
