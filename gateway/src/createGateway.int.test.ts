import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createLogger, type HttpService, startHttpService } from '@home-affairs/service';
import { subgraphDefinition as units } from '@home-affairs/units/typeDefs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from './composeSupergraph.ts';
import { createGateway } from './createGateway.ts';
import { prepareSupergraph } from './security/prepareSupergraph.ts';
import { subgraphsOfSupergraph } from './subgraphsOfSupergraph.ts';
import { postGraphQL } from './testing/postGraphQL.ts';
import {
  placementsDefinition,
  startPlacementsSubgraph,
} from './testing/startPlacementsSubgraph.ts';

// Gateway behaviour that needs no database: the units subgraph is composed in but deliberately
// unreachable (nothing listens on port 1), which is exactly the "one subgraph is down" case.
const unreachable = 'http://127.0.0.1:1/graphql';
const logger = createLogger('gateway-test', 'silent');

let placements: Awaited<ReturnType<typeof startPlacementsSubgraph>>;
let gateway: HttpService;
let supergraphSdl: string;

beforeAll(async () => {
  placements = await startPlacementsSubgraph(['40', '01', '79']);
  const composition = composeSupergraph([units, placementsDefinition]);
  if (!composition.ok) throw new Error(composition.errors.join('\n'));
  // The units subgraph's writes carry @requiresScopes: served as the gateway serves it, with the
  // `for: SECURITY` links dropped (ADR 0002), which Apollo Gateway refuses otherwise.
  supergraphSdl = prepareSupergraph(composition.supergraphSdl).gatewaySdl;
  gateway = await startHttpService({
    ...createGateway({
      supergraphSdl,
      logger,
      subgraphUrls: { units: unreachable, placements: placements.url },
      subgraphRequestHeaders: (context) => ({
        'x-identity': `signed:${String(context.headers['x-user'] ?? 'anonymous')}`,
      }),
      willSendRequest: (options, subgraph) => {
        options.request.http?.headers.set('x-subgraph', subgraph.name);
      },
      subgraphPolicies: { defaults: { timeoutMilliseconds: 300 } },
      configure: (app) => {
        app.get('/usage', (_request, response) => {
          response.json({ usage: 'extra route' });
        });
      },
    }),
    logger,
    drainMilliseconds: 100,
  });
});

afterAll(async () => {
  await gateway?.close();
  await placements?.close();
});

describe('createGateway', () => {
  it('answers /health and /ready once the supergraph is loaded', async () => {
    const health = await fetch(new URL('/health', gateway.url));
    expect(health.status).toBe(200);
    const ready = await fetch(new URL('/ready', gateway.url));
    expect(ready.status).toBe(200);
    // Ready although units is down: one subgraph's outage must not take the gateway out of a
    // load balancer. Each subgraph's state is reported, never its URL.
    expect(await ready.json()).toEqual({
      status: 'ready',
      detail: {
        subgraphs: {
          placements: { state: 'up' },
          units: { state: 'degraded', reason: 'its readiness probe failed' },
        },
      },
    });
  });

  it('mounts the routes of `configure` next to its own', async () => {
    const response = await fetch(new URL('/usage', gateway.url));
    expect(await response.json()).toEqual({ usage: 'extra route' });
  });

  it('answers from the subgraphs that are up when another is down', async () => {
    const keysOnly = await postGraphQL(gateway.url, '{ placements { id unit { code } } }');
    expect(keysOnly.errors).toBeUndefined();
    expect(keysOnly.data).toEqual({
      placements: [
        { id: '1', unit: { code: '40' } },
        { id: '2', unit: { code: '01' } },
        { id: '3', unit: { code: '79' } },
      ],
    });

    const partial = await postGraphQL(
      gateway.url,
      '{ placements(first: 2) { id unit { code name } } unit(code: "40") { name } }',
    );
    expect(partial.status).toBe(200);
    expect(partial.data).toEqual({
      placements: [
        { id: '1', unit: null },
        { id: '2', unit: null },
      ],
      unit: null,
    });
    expect(partial.errors?.length).toBeGreaterThan(0);
    for (const error of partial.errors ?? []) {
      expect(error.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
      expect(error.message).toBe('The units subgraph cannot be reached.');
      // The internal address of the subgraph never reaches the client.
      expect(JSON.stringify(error)).not.toContain('127.0.0.1:1');
    }

    // ...and the gateway keeps serving.
    expect((await fetch(new URL('/health', gateway.url))).status).toBe(200);
    expect((await postGraphQL(gateway.url, '{ placements(first: 1) { id } }')).data).toEqual({
      placements: [{ id: '1' }],
    });
  });

  it('passes on a subgraph refusal with its code, without the subgraph address', async () => {
    let traceparent: string | undefined;
    const refusing = createServer((request, response) => {
      traceparent = String(request.headers.traceparent);
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ message: 'who are you?' }] }));
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const { port } = refusing.address() as AddressInfo;
    const refused = await startHttpService({
      ...createGateway({
        supergraphSdl,
        logger,
        subgraphUrls: { units: `http://127.0.0.1:${port}/graphql`, placements: placements.url },
      }),
      logger,
      drainMilliseconds: 100,
    });
    try {
      const answer = await postGraphQL(refused.url, '{ unit(code: "40") { name } }');
      expect(answer.data).toEqual({ unit: null });
      // The subgraph's own error and code, with nothing of its raw HTTP response.
      expect(answer.errors).toEqual([
        {
          message: 'who are you?',
          extensions: {
            code: 'UNAUTHENTICATED',
            serviceName: 'units',
            traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
          },
        },
      ]);
      expect(JSON.stringify(answer.errors)).not.toContain(String(port));
      // Untraced, the subgraph still got the request's trace id: its log line carries it too.
      expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
      expect(traceparent?.slice(3, 35)).toBe(answer.errors?.[0]?.extensions?.traceId);
    } finally {
      await refused.close();
      await new Promise((resolve) => refusing.close(resolve));
    }
  });

  it('fails a hung subgraph after the timeout, not the whole gateway', async () => {
    const started = performance.now();
    const slow = await postGraphQL(gateway.url, '{ slow(milliseconds: 3000) }');
    expect(performance.now() - started).toBeLessThan(2500);
    expect(slow.data).toEqual({ slow: null });
    expect(slow.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(slow.errors?.[0]?.message).toBe('The placements subgraph did not answer within 300 ms.');
  });

  it('sends subgraphs the headers its hooks set, never the client headers as they are', async () => {
    const answer = await postGraphQL<Record<string, string | null>>(
      gateway.url,
      `{
        identity: receivedHeader(name: "x-identity")
        user: receivedHeader(name: "x-user")
        subgraph: receivedHeader(name: "x-subgraph")
      }`,
      { headers: { 'x-user': 'alice', 'x-identity': 'forged' } },
    );
    expect(answer.data).toEqual({ identity: 'signed:alice', user: null, subgraph: 'placements' });
  });

  it('never opens its port when the supergraph cannot be loaded, so /health cannot lie', async () => {
    const broken = supergraphSdl.replace(
      /@link\(url: "https:\/\/specs\.apollo\.dev\/join[^)]*\)/,
      '',
    );
    expect(broken).not.toBe(supergraphSdl);
    await expect(
      startHttpService({ ...createGateway({ supergraphSdl: broken, logger }), logger }),
    ).rejects.toThrow();
  });

  it('turns off the telemetry @apollo/gateway would send to Apollo and cloud metadata hosts', () => {
    delete process.env.APOLLO_TELEMETRY_DISABLED;
    createGateway({ supergraphSdl, logger });
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });

  it('reads the subgraphs of a supergraph and rejects a file that is not one', () => {
    expect(subgraphsOfSupergraph(supergraphSdl)).toEqual([
      { name: 'placements', url: placementsDefinition.url },
      { name: 'units', url: units.url },
    ]);
    expect(() => createGateway({ supergraphSdl: 'type Query { a: Int }', logger })).toThrow(
      /Not a supergraph/,
    );
    expect(() =>
      createGateway({ supergraphSdl, logger, subgraphUrls: { units: 'not a url' } }),
    ).toThrow();
  });
});

describe('GraphiQL', () => {
  it('is served at /graphql to browsers and at /graphiql, with nothing loaded off-host', async () => {
    for (const path of ['/graphql', '/graphiql']) {
      const response = await fetch(new URL(path, gateway.url), {
        headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await response.text();
      expect(html).toContain('ProvincesAfterTheReform');
      // Every script, stylesheet, image and frame is inline: no src/href to another host.
      const external = html.match(
        /<(script|link|img|iframe)\b[^>]*\b(src|href)=["']?(https?:)?\/\//gi,
      );
      expect(external).toBeNull();
    }
  });

  it('leaves GET /graphql to the GraphQL server for clients that do not ask for HTML', async () => {
    const response = await fetch(new URL('/graphql?query=%7B__typename%7D', gateway.url), {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('sends the page compressed once at start-up, in the encoding the client prefers', async () => {
    // node:http, not fetch: fetch would ask for compression itself and decode the body.
    const get = (acceptEncoding: string | undefined, etag?: string) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
        (resolve, reject) => {
          const headers: Record<string, string> = { accept: 'text/html' };
          if (acceptEncoding !== undefined) headers['accept-encoding'] = acceptEncoding;
          if (etag) headers['if-none-match'] = etag;
          httpRequest(new URL('/graphql', gateway.url), { headers }, (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                headers: response.headers,
                body: Buffer.concat(chunks),
              }),
            );
            response.on('error', reject);
          })
            .on('error', reject)
            .end();
        },
      );
    const identity = await get(undefined);
    expect(identity.status).toBe(200);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.vary).toMatch(/Accept-Encoding/);
    const html = identity.body;
    expect(html.toString()).toContain('ProvincesAfterTheReform');
    expect(html.length).toBeGreaterThan(1_000_000);
    expect(Number(identity.headers['content-length'])).toBe(html.length);

    const cases: [string, string | undefined][] = [
      ['gzip, deflate, br, zstd', 'br'], // what browsers send: brotli, though listed after gzip
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['gzip;q=1, br;q=0.5', 'gzip'],
      ['deflate', undefined],
      ['identity', undefined],
    ];
    const etags = new Set<string>();
    for (const [acceptEncoding, expected] of cases) {
      const answer = await get(acceptEncoding);
      expect(answer.status, acceptEncoding).toBe(200);
      expect(answer.headers['content-encoding'], acceptEncoding).toBe(expected);
      expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
      const decoded =
        expected === 'br'
          ? brotliDecompressSync(answer.body)
          : expected === 'gzip'
            ? gunzipSync(answer.body)
            : answer.body;
      expect(decoded.equals(html), acceptEncoding).toBe(true);
      if (expected) expect(answer.body.length).toBeLessThan(html.length / 3);
      etags.add(String(answer.headers.etag));
      // Each encoding revalidates against its own ETag.
      const again = await get(acceptEncoding, String(answer.headers.etag));
      expect(again.status).toBe(304);
    }
    // One ETag per representation: identity, gzip, br.
    expect(etags.size).toBe(3);
  });

  it('answers a revalidation with 304', async () => {
    const first = await fetch(new URL('/graphiql', gateway.url));
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const second = await fetch(new URL('/graphiql', gateway.url), {
      headers: { 'if-none-match': etag ?? '' },
    });
    expect(second.status).toBe(304);
  });
});
