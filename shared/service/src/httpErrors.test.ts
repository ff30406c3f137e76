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
    // As the gateway's and the subgraphs' servers are: no stack trace in an error, whatever
    // NODE_ENV says.
    apollo: new ApolloServer({
      typeDefs: 'type Query { ok: Boolean }',
      resolvers: {},
      includeStacktraceInErrorResponses: false,
    }),
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
    // Apollo Server's own HTTP-level refusals, which no plugin sees.
    ['a body without a query', 'POST', '/graphql', json, '{}', 400, 'BAD_REQUEST'],
    [
      'variables that are not an object',
      'POST',
      '/graphql',
      json,
      '{"query":"{ ok }","variables":"x"}',
      400,
      'BAD_REQUEST',
    ],
    [
      'a GET the CSRF prevention refuses',
      'GET',
      '/graphql?query=%7Bok%7D',
      {},
      '',
      400,
      'BAD_REQUEST',
    ],
  ])('answers %s with a coded JSON error', async (_, method, path, headers, body, status, code) => {
    const answer = await send(method, path, headers, body);
    expect(answer.status).toBe(status);
    expect(answer.type).toMatch(/^application\/(graphql-response\+)?json/);
    const error = JSON.parse(answer.body).errors[0];
    expect(error.extensions.code).toBe(code);
    // The id `traceRequests` gave the request, which its log lines carry.
    expect(error.extensions.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(answer.body).not.toMatch(/ECONNREFUSED|\/srv\/|\bat /);
    // The caller's own trace id when it sends one.
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const traced = await send(
      method,
      path,
      {
        ...headers,
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      },
      body,
    );
    expect(traced.status).toBe(status);
    expect(
      JSON.parse(traced.body).errors.map((each: { extensions: object }) => each.extensions),
    ).toEqual([expect.objectContaining({ code, traceId })]);
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
