import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { dateScalar } from '@home-affairs/graphql';
import { createLogger, type HttpService, startHttpService } from '@home-affairs/service';
import { GraphQLScalarType, parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../composeSupergraph.ts';
import { createGateway } from '../createGateway.ts';
import type { SubgraphDefinition } from '../subgraphs.ts';
import { postGraphQL } from '../testing/postGraphQL.ts';

// Two small subgraphs: `places` owns Place and lists places; `events` adds a nullable field to
// Place. The gateway reaches `events` through a proxy that the test turns into each fault: down
// (nothing listens), hung, HTTP 500, or passing requests on.
const link =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])';
const placesDefinition: SubgraphDefinition = {
  name: 'places',
  url: 'http://localhost:4991/graphql',
  typeDefs: parse(`${link}
    type Place @key(fields: "code") { code: ID! name: String! }
    type Query { places: [Place!]! }`),
};
const eventsDefinition: SubgraphDefinition = {
  name: 'events',
  url: 'http://localhost:4992/graphql',
  typeDefs: parse(`${link}
    scalar Day
    type Place @key(fields: "code") { code: ID! eventCount(asOf: Day): Int }`),
};
const codes = ['40', '01', '79'];
const logger = createLogger('faults-test', 'silent');
const secret = 'postgres://internal-db.example:5432 stack at /srv/events/src/x.ts';

type Mode = 'pass' | 'hang' | 'error500' | 'down';
let mode: Mode = 'pass';
let eventsRequests = 0;
let places: HttpService;
let events: HttpService;
let proxy: Server;
let proxyPort: number;
let gateway: HttpService;
const hung = new Set<() => void>();

async function listen(server: Server, port = 0) {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Sets the fault of the events subgraph; `down` closes its port, anything else reopens it. */
async function setMode(next: Mode) {
  if (next === 'down' && mode !== 'down') {
    await new Promise<void>((resolve) => {
      proxy.close(() => resolve());
      proxy.closeAllConnections();
    });
  } else if (next !== 'down' && mode === 'down') {
    await listen(proxy, proxyPort);
  }
  if (next !== 'hang') {
    for (const release of hung) release();
    hung.clear();
  }
  mode = next;
}

function startSubgraph(definition: SubgraphDefinition, resolvers: Record<string, unknown>) {
  return startHttpService({
    apollo: new ApolloServer({
      schema: buildSubgraphSchema({ typeDefs: definition.typeDefs, resolvers: resolvers as never }),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    }),
    context: async () => ({}),
    ready: async () => true,
    logger,
    drainMilliseconds: 100,
  });
}

async function readiness() {
  const response = await fetch(new URL('/ready', gateway.url));
  return { status: response.status, text: await response.text() };
}

async function eventually(condition: () => Promise<boolean>, timeout = 10_000) {
  const deadline = performance.now() + timeout;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const query = '{ places { code name eventCount } }';

beforeAll(async () => {
  places = await startSubgraph(placesDefinition, {
    Query: { places: () => codes.map((code) => ({ code, name: `Place ${code}` })) },
    Place: {
      __resolveReference: ({ code }: { code: string }) => ({ code, name: `Place ${code}` }),
    },
  });
  events = await startSubgraph(eventsDefinition, {
    // A custom scalar the gateway cannot check (it checks the graph's own Date itself), so that
    // the subgraph's refusal is what the client gets.
    Day: new GraphQLScalarType({ ...dateScalar.toConfig(), name: 'Day' }),
    Place: {
      __resolveReference: ({ code }: { code: string }) => ({ code }),
      eventCount: ({ code }: { code: string }) => Number(code),
    },
  });
  proxy = createServer((incoming, outgoing) => {
    if (incoming.url !== '/ready') eventsRequests += 1;
    if (mode === 'hang') {
      hung.add(() => outgoing.destroy());
      return;
    }
    if (mode === 'error500') {
      outgoing.writeHead(500, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ errors: [{ message: secret }] }));
      return;
    }
    const target = new URL(incoming.url ?? '/', events.url);
    const forward = httpRequest(
      target,
      { method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forward);
  });
  proxyPort = await listen(proxy);

  const composition = composeSupergraph([placesDefinition, eventsDefinition]);
  if (!composition.ok) throw new Error(composition.errors.join('\n'));
  gateway = await startHttpService({
    ...createGateway({
      supergraphSdl: composition.supergraphSdl,
      logger,
      subgraphUrls: {
        places: places.url,
        events: `http://127.0.0.1:${proxyPort}/graphql`,
      },
      subgraphPolicies: {
        defaults: { timeoutMilliseconds: 5_000, breakerFailures: 2, breakerOpenMilliseconds: 300 },
        overrides: { events: { timeoutMilliseconds: 400 } },
      },
    }),
    logger,
    drainMilliseconds: 100,
  });
});

beforeEach(async () => {
  // Every test starts from a healthy graph with a closed circuit.
  await setMode('pass');
  await eventually(
    async () =>
      (await postGraphQL(gateway.url, query)).errors === undefined &&
      (await readiness()).text.includes('"events":{"state":"up"}'),
  );
});

afterAll(async () => {
  await setMode('pass');
  await gateway?.close();
  await new Promise((resolve) => proxy?.close(resolve));
  await events?.close();
  await places?.close();
});

/** Checks what every degraded answer must have: the owner's data, coded errors at each path. */
function expectDegraded(
  answer: Awaited<ReturnType<typeof postGraphQL>>,
  reason: 'CONNECTION_FAILED' | 'TIMEOUT' | 'BAD_RESPONSE' | 'CIRCUIT_OPEN',
) {
  expect(answer.status).toBe(200);
  expect(answer.data).toEqual({
    places: codes.map((code) => ({ code, name: `Place ${code}`, eventCount: null })),
  });
  expect(answer.errors).toEqual(
    codes.map((_, index) => ({
      message: expect.stringMatching(/^The events subgraph /),
      path: ['places', index, 'eventCount'],
      // Every error a client receives carries its request's trace id (docs/operations.md).
      extensions: {
        code: 'SUBGRAPH_UNAVAILABLE',
        serviceName: 'events',
        reason,
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    })),
  );
  expect(new Set(answer.errors?.map((error) => error.extensions?.traceId)).size).toBe(1);
  const text = JSON.stringify(answer);
  expect(text).not.toContain(String(proxyPort));
  expect(text).not.toContain('internal-db');
}

describe('a failing subgraph at the gateway', () => {
  it('answers in full while every subgraph is up', async () => {
    const answer = await postGraphQL(gateway.url, query);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({
      places: codes.map((code) => ({ code, name: `Place ${code}`, eventCount: Number(code) })),
    });
  });

  it('nulls only the fields of a subgraph that is down, with a coded error at each path', async () => {
    await setMode('down');
    expectDegraded(await postGraphQL(gateway.url, query), 'CONNECTION_FAILED');
  });

  it('hides the body of an HTTP 500', async () => {
    await setMode('error500');
    expectDegraded(await postGraphQL(gateway.url, query), 'BAD_RESPONSE');
  });

  it('times a hung subgraph out after its own timeout, opens its circuit, then fails fast', async () => {
    await setMode('hang');
    const started = performance.now();
    expectDegraded(await postGraphQL(gateway.url, query), 'TIMEOUT');
    const first = performance.now() - started;
    // Its own 400 ms, not the default 5 s of the other subgraph.
    expect(first).toBeGreaterThanOrEqual(400);
    expect(first).toBeLessThan(3_000);
    expectDegraded(await postGraphQL(gateway.url, query), 'TIMEOUT');

    // Two failures in a row open the circuit: the subgraph is no longer asked at all.
    const asked = eventsRequests;
    const fastStarted = performance.now();
    const open = await postGraphQL(gateway.url, query);
    expect(performance.now() - fastStarted).toBeLessThan(1_000);
    expectDegraded(open, 'CIRCUIT_OPEN');
    expect(open.errors?.[0]?.message).toBe(
      'The events subgraph is unavailable: its circuit is open after repeated failures.',
    );
    expect(eventsRequests).toBe(asked);

    const ready = await readiness();
    expect(ready.status).toBe(200);
    const body = JSON.parse(ready.text);
    expect(body.detail.subgraphs).toEqual({
      places: { state: 'up' },
      events: {
        state: 'open',
        reason: '2 failed requests in a row; its readiness is probed every 300 ms',
        openSince: expect.any(String),
      },
    });
    expect(ready.text).not.toContain(String(proxyPort));
  });

  it('closes the circuit by itself once the subgraph answers its probe again', async () => {
    await setMode('down');
    await postGraphQL(gateway.url, query);
    await postGraphQL(gateway.url, query);
    expectDegraded(await postGraphQL(gateway.url, query), 'CIRCUIT_OPEN');

    await setMode('pass');
    await eventually(async () => {
      const answer = await postGraphQL(gateway.url, query);
      return answer.errors === undefined;
    });
    const answer = await postGraphQL(gateway.url, query);
    expect(answer.data?.places).toEqual(
      codes.map((code) => ({ code, name: `Place ${code}`, eventCount: Number(code) })),
    );
  });

  it("relays a subgraph's refusal of a bad value as the client's error, never counting it", async () => {
    const literal = '{ places { code eventCount(asOf: "2025-02-30") } }';
    const variable = 'query ($day: Day) { places { code eventCount(asOf: $day) } }';
    for (let attempt = 0; attempt < 4; attempt += 1) {
      for (const answer of [
        await postGraphQL(gateway.url, literal),
        await postGraphQL(gateway.url, variable, { variables: { day: '2025-02-30' } }),
      ]) {
        expect(answer.data?.places).toEqual(codes.map((code) => ({ code, eventCount: null })));
        expect(answer.errors).toHaveLength(1);
        expect(answer.errors?.[0]?.message).toMatch(/A Date is a calendar day/);
        // Nothing of the subgraph's raw response (status text, body, URL) is passed on.
        expect(answer.errors?.[0]?.extensions).toEqual({
          code: 'BAD_USER_INPUT',
          serviceName: 'events',
          traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
        });
      }
    }
    // Eight refusals did not open the circuit (two failures would have).
    expect((await readiness()).text).toContain('"events":{"state":"up"}');
    expect((await postGraphQL(gateway.url, query)).errors).toBeUndefined();
  });
});
