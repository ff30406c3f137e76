import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { boundedErrorCode, durationBuckets, graphqlMetricsPlugin } from '@home-affairs/telemetry';
import type { Request } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { SubgraphRequestOutcome } from '../resilience/SubgraphDataSource.ts';

/** The label of operations outside `operationNames` (and of unnamed ones). */
export const otherOperations = 'other';

/** How to count the gateway's requests. */
export interface GatewayMetricsOptions {
  registry: Registry;
  /**
   * The operation names counted under their own label: the names of the trusted documents
   * (docs/security.md) and METRICS_OPERATIONS. Every other operation counts as `other`, so a
   * client inventing names cannot grow the number of series.
   */
  operationNames: ReadonlySet<string>;
}

/** What the gateway wires into its requests, its subgraph fetches and its HTTP refusals. */
export interface GatewayMetrics {
  plugin: ApolloServerPlugin<BaseContext>;
  observeSubgraphRequest: (outcome: SubgraphRequestOutcome) => void;
  /** Told the errors of a response the HTTP layer sent itself (rate limits, token limit, ...). */
  observeHttpRefusal: (request: Request, errors: readonly GraphQLFormattedError[]) => void;
  /** Reports each subgraph's breaker state at every scrape. */
  observeCircuits: (states: () => Record<string, 'closed' | 'half-open' | 'open'>) => void;
}

/**
 * The kind of limit an error code reports (`COST_LIMIT_EXCEEDED` → `cost`, `RATE_LIMITED` →
 * `rate`, `TRUSTED_DOCUMENT_REQUIRED` → `trusted_document`), or undefined for any other code.
 * Written for the `*_LIMIT_EXCEEDED` family, so a limit added later is counted by its own kind.
 */
export function limitOfCode(code: string): string | undefined {
  if (code === 'RATE_LIMITED') return 'rate';
  if (code === 'TRUSTED_DOCUMENT_REQUIRED') return 'trusted_document';
  const match = /^([A-Z][A-Z_]*)_LIMIT_EXCEEDED$/.exec(code);
  return match?.[1]?.toLowerCase();
}

const circuitStateValue = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * The gateway's Prometheus metrics (docs/operations.md): requests, errors and duration per
 * operation; requests and duration per subgraph with their outcome and failure reason (timeouts
 * among them); each subgraph's breaker state; refusals by limit and by rate limit.
 */
export function useMetrics(options: GatewayMetricsOptions): GatewayMetrics {
  const { registry, operationNames } = options;
  const labelOf = (name: string | null | undefined) =>
    name && operationNames.has(name) ? name : otherOperations;
  const counter = <Label extends string>(name: string, help: string, labelNames: Label[]) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  const limitRefusals = counter(
    'gateway_limit_refusals_total',
    'Requests refused by a limit, by kind (depth, alias, root_field, cost, token, trusted_document, rate, ...).',
    ['limit'],
  );
  const rateLimitRefusals = counter(
    'gateway_rate_limit_refusals_total',
    'Requests refused by a rate limit (HTTP 429), by the limit that refused them (token or address).',
    ['limit'],
  );
  const httpRefusals = counter(
    'gateway_http_refusals_total',
    'Requests refused before GraphQL ran (authentication, rate limits, token limit, CSRF), by error code.',
    ['code'],
  );
  const subgraphRequests = counter(
    'gateway_subgraph_requests_total',
    'Requests to each subgraph by outcome (answered, refused, failed, circuit-open) and failure reason (TIMEOUT, CONNECTION_FAILED, BAD_RESPONSE, CIRCUIT_OPEN).',
    ['subgraph', 'outcome', 'reason'],
  );
  const subgraphDuration = new Histogram({
    name: 'gateway_subgraph_request_duration_seconds',
    help: 'Time of each subgraph request, from its start to its answer or failure, by subgraph and outcome.',
    labelNames: ['subgraph', 'outcome'],
    buckets: durationBuckets,
    registers: [registry],
  });
  let circuitStates: () => Record<string, keyof typeof circuitStateValue> = () => ({});
  new Gauge({
    name: 'gateway_subgraph_circuit_state',
    help: "Each subgraph's circuit breaker: 0 closed, 1 half-open (being probed), 2 open.",
    labelNames: ['subgraph'],
    registers: [registry],
    collect() {
      for (const [subgraph, state] of Object.entries(circuitStates())) {
        this.set({ subgraph }, circuitStateValue[state]);
      }
    },
  });

  const countLimits = (codes: readonly string[]) => {
    for (const code of codes) {
      const limit = limitOfCode(code);
      if (limit) limitRefusals.inc({ limit });
    }
  };
  const codesOf = (errors: readonly GraphQLFormattedError[]) =>
    errors.map((error) => boundedErrorCode(error.extensions?.code));

  const requests = graphqlMetricsPlugin<BaseContext>({
    registry,
    operationOf: ({ operationName, request }) => labelOf(operationName ?? request.operationName),
  });
  return {
    plugin: {
      async requestDidStart(requestContext) {
        const listener = await requests.requestDidStart?.(requestContext);
        return {
          async willSendResponse(responseContext) {
            await listener?.willSendResponse?.(responseContext);
            const body = responseContext.response.body;
            const result = body.kind === 'single' ? body.singleResult : body.initialResult;
            countLimits(codesOf(result.errors ?? []));
          },
        };
      },
    },
    observeSubgraphRequest: ({ subgraph, outcome, reason, milliseconds }) => {
      subgraphRequests.inc({ subgraph, outcome, reason: reason ?? '' });
      subgraphDuration.observe({ subgraph, outcome }, milliseconds / 1000);
    },
    observeHttpRefusal: (_request, errors) => {
      const codes = codesOf(errors);
      for (const code of codes) httpRefusals.inc({ code });
      countLimits(codes);
      for (const error of errors) {
        if (error.extensions?.code !== 'RATE_LIMITED') continue;
        // The rate-limit refusal names its limit in its message ("for this token", "... address").
        const limit = /for this (token|address)/.exec(error.message)?.[1] ?? 'other';
        rateLimitRefusals.inc({ limit });
      }
    },
    observeCircuits: (states) => {
      circuitStates = states;
    },
  };
}
