// First, and apart (a side-effect import stays in place): tracing starts before the modules it
// instruments load.
import '../testing/startTestTracing.ts';
import { readFileSync } from 'node:fs';
import { createLogger } from '@home-affairs/service';
import { captureLines } from '@home-affairs/testing';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ngheAnSeparation } from '../testing/ngheAnSeparation.ts';
import { postGraphQL } from '../testing/postGraphQL.ts';
import type { DemoSubgraphs } from '../testing/startDemoSubgraphs.ts';
import { startSecuredDemoGraph } from '../testing/startSecuredDemoGraph.ts';
import type { SecuredGateway } from '../testing/startSecuredGateway.ts';
import { testSpans } from '../testing/startTestTracing.ts';

// The real gateway, with its security layer, and the four real subgraphs in this process, all
// traced by the graph's own instrumentations into memory: what an OTLP collector would receive.

const ngheAnQuery = readFileSync(
  new URL('../../../scripts/queries/ngheAn.graphql', import.meta.url),
  'utf8',
);
const subgraphNames = ['units', 'associations', 'personnel', 'procedures'];
const gatewayLog = captureLines();

let graph: DemoSubgraphs;
let gateway: SecuredGateway;
let personnelWriter: string;
let researcher: string;

beforeAll(async () => {
  ({ graph, gateway } = await startSecuredDemoGraph({
    subgraphs: { demoDossiers: 2_000 },
    identityCheckedBy: ['personnel'],
    gateway: { logger: createLogger('gateway', 'info', gatewayLog.stream) },
  }));
  personnelWriter = await gateway.tokenFor('writer', {
    subgraph: 'personnel',
    subject: 'traces-test-writer',
  });
  researcher = await gateway.tokenFor('researcher', { subject: 'traces-test-researcher' });
}, 240_000);

afterAll(async () => {
  await gateway?.close();
  await graph?.dispose();
});

/** Runs `fn` and returns the spans finished by the end of its request (its root span's end). */
async function spansOf(fn: () => Promise<unknown>): Promise<ReadableSpan[]> {
  testSpans.reset();
  await fn();
  // The gateway's server span ends when its response has been written, a moment after the client
  // has read it.
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (testSpans.getFinishedSpans().some((span) => !span.parentSpanContext)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return testSpans.getFinishedSpans();
}

/** Every span below `root` in `spans`, by parent id. */
function descendants(spans: readonly ReadableSpan[], root: ReadableSpan): ReadableSpan[] {
  const found: ReadableSpan[] = [];
  const queue = [root.spanContext().spanId];
  while (queue.length > 0) {
    const id = queue.shift();
    for (const span of spans) {
      if (span.parentSpanContext?.spanId === id) {
        found.push(span);
        queue.push(span.spanContext().spanId);
      }
    }
  }
  return found;
}

/** The one child of `parent` that satisfies `accept`. */
function childOf(
  spans: readonly ReadableSpan[],
  parent: ReadableSpan,
  accept: (span: ReadableSpan) => boolean,
): ReadableSpan {
  const children = spans.filter(
    (span) => span.parentSpanContext?.spanId === parent.spanContext().spanId && accept(span),
  );
  expect(children, `one matching child of ${parent.name}`).toHaveLength(1);
  return children[0]!;
}

/** Span kinds, as numbers in the exported data: SpanKind.SERVER and SpanKind.CLIENT. */
const server = 1;
const client = 2;

describe('traces', () => {
  it('gives one Nghệ An query one trace, from the gateway through all four subgraphs to their SQL', async () => {
    let traceIdOfLog: string | undefined;
    const spans = await spansOf(async () => {
      const logged = gatewayLog.lines.length;
      const response = await postGraphQL<{ unit: { children: { totalCount: number } } }>(
        gateway.url,
        ngheAnQuery,
        {
          variables: { from: '2025-07-01', to: '2026-06-30' },
          headers: { authorization: `Bearer ${personnelWriter}` },
        },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?.unit.children.totalCount).toBe(130);
      const line = gatewayLog.lines
        .slice(logged)
        .map((text) => JSON.parse(text) as { msg: string; traceId?: string })
        .find((entry) => entry.msg === 'graphql request');
      traceIdOfLog = line?.traceId;
    });

    // One trace, rooted in the gateway's HTTP server span; every other span's parent is in it.
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
    const roots = spans.filter((span) => !span.parentSpanContext);
    expect(roots).toHaveLength(1);
    const root = roots[0]!;
    expect(root.kind).toBe(server);
    const ids = new Set(spans.map((span) => span.spanContext().spanId));
    for (const span of spans) {
      if (span !== root) expect(ids.has(span.parentSpanContext!.spanId), span.name).toBe(true);
    }
    // The gateway's request log line carries the same trace id.
    expect(traceIdOfLog).toBe(root.spanContext().traceId);

    // Apollo Gateway's own spans, in their order: request > validate, plan, execute > fetch.
    const request = childOf(spans, root, (span) => span.name === 'gateway.request');
    expect(request.attributes['graphql.operation.name']).toBe('NgheAn');
    childOf(spans, request, (span) => span.name === 'gateway.validate');
    childOf(spans, request, (span) => span.name === 'gateway.plan');
    const execute = childOf(spans, request, (span) => span.name === 'gateway.execute');

    for (const name of subgraphNames) {
      // gateway.fetch > the fetch instrumentation's client span > the subgraph's server span,
      // continued from the `traceparent` the gateway sent next to the signed identity.
      const fetch = childOf(
        spans,
        execute,
        (span) => span.name === 'gateway.fetch' && span.attributes.service === name,
      );
      const call = childOf(spans, fetch, (span) => span.kind === client);
      expect(call.attributes['url.full']).toBe(graph.urls[name]);
      const handler = childOf(spans, call, (span) => span.kind === server);
      const below = descendants(spans, handler);
      // The subgraph's parsing and validation (its execution is graphql-jit's, ADR 0015, which
      // the graphql instrumentation does not see)...
      expect(below.some((span) => span.name === 'graphql.parse')).toBe(true);
      expect(below.some((span) => span.name === 'graphql.validate')).toBe(true);
      // ...and its SQL statements, each against this subgraph's own database.
      const statements = below.filter((span) => span.attributes['db.system.name'] === 'postgresql');
      expect(statements.length, name).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(String(statement.attributes['db.namespace'])).toContain(name);
        expect(String(statement.attributes['db.query.text'])).toMatch(/select|with/i);
      }
    }
  });

  it('never puts a personal value in a span, even when the personnel writer reads and writes them', async () => {
    const person = {
      fullName: 'Trần Thị Vết Vân',
      nationalId: '040190123987',
      birthDate: '1990-03-29',
    };
    const spans: ReadableSpan[] = [];
    spans.push(
      ...(await spansOf(async () => {
        const written = await postGraphQL(
          gateway.url,
          `mutation ($input: RecordSeparationInput!) {
            recordSeparation(input: $input) { separation { id } } }`,
          {
            headers: { authorization: `Bearer ${personnelWriter}` },
            variables: {
              input: ngheAnSeparation({
                idempotencyKey: 'traces-test-1',
                reason: 'RESIGNATION',
                effectiveDate: '2025-09-02',
                ...person,
              }),
            },
          },
        );
        expect(written.errors).toBeUndefined();
      })),
    );
    const personal = `query Personal($from: Date!) { separations(first: 5,
      filter: {agencyCode: "UBND-40", from: $from, to: "2025-09-02", reason: RESIGNATION}) {
      nodes { id fullName nationalId birthDate } } }`;
    spans.push(
      ...(await spansOf(async () => {
        const read = await postGraphQL<{ separations: { nodes: Record<string, string>[] } }>(
          gateway.url,
          personal,
          {
            headers: { authorization: `Bearer ${personnelWriter}` },
            variables: { from: '2025-09-02' },
          },
        );
        // The values are really there, in the answer: a trace that left them out has a reason to.
        expect(read.data?.separations.nodes).toContainEqual(expect.objectContaining(person));
      })),
    );
    // As a GET, the operation and its variables travel in the URL's query string.
    spans.push(
      ...(await spansOf(async () => {
        const url = new URL(gateway.url);
        url.searchParams.set(
          'query',
          `{ separations(first: 1, filter: {agencyCode: "UBND-40", from: "${person.birthDate}"}) { nodes { fullName } } }`,
        );
        const response = await fetch(url, {
          headers: { authorization: `Bearer ${personnelWriter}`, 'apollo-require-preflight': '1' },
        });
        expect(response.status).toBe(200);
      })),
    );

    const written = spans.filter((span) =>
      /insert into/i.test(String(span.attributes['db.query.text'] ?? '')),
    );
    expect(written.length).toBeGreaterThan(0);
    expect(spans.filter((span) => span.attributes['db.system.name']).length).toBeGreaterThan(2);
    const exported = JSON.stringify(
      spans.map((span) => ({
        name: span.name,
        attributes: span.attributes,
        events: span.events,
        status: span.status,
        links: span.links,
        resource: span.resource.attributes,
      })),
    );
    for (const value of [
      person.fullName,
      person.nationalId,
      person.birthDate,
      'Vết Vân',
      // The dates as a driver or a formatter may write them.
      person.birthDate.replaceAll('-', ''),
      JSON.stringify(person.fullName).slice(1, -1),
    ]) {
      expect(exported).not.toContain(value);
    }
  });

  it('gives every error its trace id in extensions, the one its spans and log lines carry', async () => {
    let traceId: unknown;
    const spans = await spansOf(async () => {
      const refused = await postGraphQL(
        gateway.url,
        '{ separations(first: 1) { nodes { nationalId } } }',
        { headers: { authorization: `Bearer ${researcher}` } },
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      traceId = refused.errors?.[0]?.extensions?.traceId;
    });
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(spans.find((span) => !span.parentSpanContext)?.spanContext().traceId).toBe(traceId);
  });
});
