import { readFileSync } from 'node:fs';
import { createLogger } from '@home-affairs/service';
import { createServiceMetrics, databasePoolMetrics } from '@home-affairs/telemetry';
import { captureLines } from '@home-affairs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLResponse, postGraphQL } from '../testing/postGraphQL.ts';
import { type DemoSubgraphs, startDemoSubgraphs } from '../testing/startDemoSubgraphs.ts';
import { startAuditedSecuredGateway } from '../testing/startSecuredGateway.ts';
import { auditMetrics } from './auditMetrics.ts';

// The real gateway (security layer and audit log included) and the four real subgraphs, each
// with its /metrics, after a known mix of requests. No tracing SDK runs in this test process:
// trace ids in errors and log lines come from the untraced path.

const ngheAnQuery = readFileSync(
  new URL('../../../scripts/queries/ngheAn.graphql', import.meta.url),
  'utf8',
);
const year = { from: '2025-07-01', to: '2026-06-30' };
const gatewayLog = captureLines();

let graph: DemoSubgraphs;
let gateway: Awaited<ReturnType<typeof startAuditedSecuredGateway>>;

beforeAll(async () => {
  graph = await startDemoSubgraphs({ demoDossiers: 2_000 });
  const logger = createLogger('gateway', 'info', gatewayLog.stream);
  const registry = createServiceMetrics('gateway');
  databasePoolMetrics(registry, () => gateway.database.connections());
  const audit = auditMetrics(registry);
  gateway = await startAuditedSecuredGateway({
    subgraphUrls: graph.urls,
    logger,
    securityOverrides: { rateLimits: { perTokenPerMinute: 5, perAddressPerMinute: 10_000 } },
    observeAuditWrite: audit.observer,
    gatewayOptions: {
      // Two failures in a row open associations' circuit, for the breaker's series.
      subgraphPolicies: { overrides: { associations: { breakerFailures: 2 } } },
      metrics: { registry, operationNames: new Set(['NgheAn']) },
    },
  });
  audit.watch(gateway.security.audit);
}, 240_000);

afterAll(async () => {
  await gateway?.close();
  await graph?.dispose();
});

/** A fresh researcher token: each has its own rate-limit budget. */
function researcher(subject = `metrics-test-${Math.random()}`): Promise<string> {
  return gateway.tokenFor('researcher', { subject });
}

async function asResearcher<T = Record<string, unknown>>(
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<GraphQLResponse<T>> {
  return postGraphQL<T>(gateway.url, query, {
    variables,
    headers: { authorization: `Bearer ${token ?? (await researcher())}` },
  });
}

/** One scrape of a service's /metrics, as sample lines keyed by name and labels. */
async function scrape(
  graphqlUrl: string,
): Promise<(name: string, labels?: Record<string, string>) => number> {
  const response = await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const samples = (await response.text())
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [
          pair[1],
          pair[2],
        ]),
      );
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
  // The sum of the samples of `name` whose labels include `labels` (0 when there is none).
  return (name, labels = {}) =>
    samples
      .filter(
        (sample) =>
          sample.name === name &&
          Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
      )
      .reduce((sum, sample) => sum + sample.value, 0);
}

/** `levels` nested `parent` selections: deeper than any role's depth limit allows. */
function deepQuery(levels: number): string {
  return `{ unit(code: "40") { ${'parent { '.repeat(levels)}code${' }'.repeat(levels)} } }`;
}

describe('/metrics', () => {
  it('counts a known mix of requests by operation, subgraph, limit and rate limit', async () => {
    // The agency subgraphs read the unit directory through the units subgraph as they start.
    const unitsBefore = await scrape(graph.urls.units!);
    for (let index = 0; index < 3; index += 1) {
      const answer = await asResearcher(ngheAnQuery, year);
      expect(answer.errors).toBeUndefined();
    }
    // Names nobody declared count as `other`, whatever they are: the label set stays bounded.
    for (const name of ['Provinces', 'AnyNameAtAll']) {
      const answer = await asResearcher(`query ${name} { units(level: PROVINCE) { totalCount } }`);
      expect(answer.errors).toBeUndefined();
    }
    const deep = await postGraphQL(gateway.url, deepQuery(14));
    expect(deep.errors?.[0]?.extensions?.code).toBe('DEPTH_LIMIT_EXCEEDED');
    const costly = await postGraphQL(
      gateway.url,
      '{ units(first: 5000) { nodes { children(first: 5000) { nodes { code } } } } }',
    );
    expect(costly.errors?.[0]?.extensions?.code).toBe('COST_LIMIT_EXCEEDED');
    // Five requests a minute per token: the sixth and seventh are refused with 429.
    const limited = await researcher('metrics-test-rate-limited');
    const statuses: number[] = [];
    let rateLimited: GraphQLResponse | undefined;
    for (let index = 0; index < 7; index += 1) {
      const answer = await asResearcher('{ __typename }', undefined, limited);
      statuses.push(answer.status);
      if (answer.status === 429) rateLimited = answer;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    await gateway.security.audit!.flush();

    const gatewayMetric = await scrape(gateway.url);
    expect(gatewayMetric('graphql_requests_total', { operation: 'NgheAn', outcome: 'ok' })).toBe(3);
    expect(gatewayMetric('graphql_request_duration_seconds_count', { operation: 'NgheAn' })).toBe(
      3,
    );
    // Two named `other` operations and the five `{ __typename }` the rate limit let through.
    expect(gatewayMetric('graphql_requests_total', { operation: 'other', outcome: 'ok' })).toBe(7);
    expect(gatewayMetric('graphql_requests_total', { operation: 'other', outcome: 'error' })).toBe(
      2,
    );
    expect(gatewayMetric('graphql_request_errors_total', { code: 'DEPTH_LIMIT_EXCEEDED' })).toBe(1);
    expect(gatewayMetric('gateway_limit_refusals_total', { limit: 'depth' })).toBe(1);
    expect(gatewayMetric('gateway_limit_refusals_total', { limit: 'cost' })).toBe(1);
    expect(gatewayMetric('gateway_limit_refusals_total', { limit: 'rate' })).toBe(2);
    expect(gatewayMetric('gateway_rate_limit_refusals_total', { limit: 'token' })).toBe(2);
    expect(gatewayMetric('gateway_http_refusals_total', { code: 'RATE_LIMITED' })).toBe(2);
    // Each Nghệ An query asks each subgraph once; the province counts ask units only.
    for (const subgraph of ['associations', 'personnel', 'procedures']) {
      expect(
        gatewayMetric('gateway_subgraph_requests_total', { subgraph, outcome: 'answered' }),
      ).toBe(3);
      expect(gatewayMetric('gateway_subgraph_circuit_state', { subgraph })).toBe(0);
    }
    expect(
      gatewayMetric('gateway_subgraph_requests_total', { subgraph: 'units', outcome: 'answered' }),
    ).toBe(5);
    expect(
      gatewayMetric('gateway_subgraph_request_duration_seconds_count', { subgraph: 'units' }),
    ).toBe(5);
    // Researchers' reads are audited: 3 + 2 + 5 entries, all written, none waiting.
    expect(gatewayMetric('gateway_audit_entries_written_total')).toBe(10);
    expect(gatewayMetric('gateway_audit_write_duration_seconds_count')).toBeGreaterThan(0);
    expect(gatewayMetric('gateway_audit_queue_depth')).toBe(0);
    if (gateway.database.driver === 'postgres') {
      expect(gatewayMetric('db_pool_connections', { state: 'max' })).toBeGreaterThan(0);
      expect(gatewayMetric('db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    }
    expect(gatewayMetric('process_cpu_seconds_total')).toBeGreaterThan(0);

    // Each subgraph counts the gateway's requests by root field.
    const units = await scrape(graph.urls.units!);
    const unitsDelta = (labels: Record<string, string>) =>
      units('graphql_requests_total', labels) - unitsBefore('graphql_requests_total', labels);
    expect(unitsDelta({ operation: 'unit', outcome: 'ok' })).toBe(3);
    expect(unitsDelta({ operation: 'units', outcome: 'ok' })).toBe(2);
    for (const name of ['associations', 'personnel', 'procedures']) {
      const subgraph = await scrape(graph.urls[name]!);
      expect(subgraph('graphql_requests_total', { operation: '_entities', outcome: 'ok' })).toBe(3);
      expect(subgraph('graphql_request_duration_seconds_count', { operation: '_entities' })).toBe(
        3,
      );
    }

    // Loaders batch: each Nghệ An query reads its 130 communes' staffing in one batch.
    const personnel = await scrape(graph.urls.personnel!);
    const batches = { loader: 'staffingSummaryByAgency' };
    expect(personnel('dataloader_batch_size_count', batches)).toBeGreaterThanOrEqual(3);
    expect(
      personnel('dataloader_batch_size_sum', batches) /
        personnel('dataloader_batch_size_count', batches),
    ).toBeGreaterThanOrEqual(100);

    // Refusals, from Apollo Server or from the HTTP layer, carry the request's trace id, the
    // one on the request's log line.
    const traceIdOfDeep = deep.errors?.[0]?.extensions?.traceId;
    expect(traceIdOfDeep).toMatch(/^[0-9a-f]{32}$/);
    expect(rateLimited?.errors?.[0]?.extensions?.traceId).toMatch(/^[0-9a-f]{32}$/);
    const logLine = gatewayLog.lines
      .map((line) => JSON.parse(line) as { msg: string; traceId?: string; errorCodes?: string[] })
      .find((entry) => entry.errorCodes?.includes('DEPTH_LIMIT_EXCEEDED'));
    expect(logLine?.traceId).toBe(traceIdOfDeep);

    // So do the HTTP layer's errors and Apollo Server's own HTTP-level refusals, which reach no
    // plugin: with the caller's trace id when it sends a `traceparent`.
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    for (const [method, body, status, code] of [
      ['PUT', '{}', 405, 'METHOD_NOT_ALLOWED'],
      ['POST', '{', 400, 'BAD_REQUEST'],
      ['POST', '{}', 400, 'BAD_REQUEST'],
    ] as const) {
      const response = await fetch(gateway.url, {
        method,
        headers: {
          'content-type': 'application/json',
          traceparent: `00-${traceId}-b7ad6b7169203331-01`,
        },
        body,
      });
      expect(response.status, `${method} ${body}`).toBe(status);
      const answer = (await response.json()) as GraphQLResponse;
      expect(
        answer.errors?.map((error) => error.extensions),
        `${method} ${body}`,
      ).toEqual([expect.objectContaining({ code, traceId })]);
    }
  });

  it("counts a failing subgraph's failures, then its open circuit", async () => {
    const before = await scrape(gateway.url);
    await graph.stop('associations');
    for (let index = 0; index < 3; index += 1) {
      const answer = await asResearcher(ngheAnQuery, year);
      expect(answer.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    }
    const after = await scrape(gateway.url);
    const delta = (name: string, labels: Record<string, string>) =>
      after(name, labels) - before(name, labels);
    expect(
      delta('gateway_subgraph_requests_total', {
        subgraph: 'associations',
        outcome: 'failed',
        reason: 'CONNECTION_FAILED',
      }),
    ).toBe(2);
    expect(
      delta('gateway_subgraph_requests_total', {
        subgraph: 'associations',
        outcome: 'circuit-open',
        reason: 'CIRCUIT_OPEN',
      }),
    ).toBe(1);
    expect(after('gateway_subgraph_circuit_state', { subgraph: 'associations' })).toBe(2);
    expect(after('gateway_subgraph_circuit_state', { subgraph: 'personnel' })).toBe(0);
    expect(delta('graphql_requests_total', { operation: 'NgheAn', outcome: 'partial' })).toBe(3);
    expect(
      delta('graphql_request_errors_total', { operation: 'NgheAn', code: 'SUBGRAPH_UNAVAILABLE' }),
    ).toBeGreaterThanOrEqual(3);
  });
});
