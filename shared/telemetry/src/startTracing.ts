import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { DataloaderInstrumentation } from '@opentelemetry/instrumentation-dataloader';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { FileSpanExporter } from './FileSpanExporter.ts';
import { ScrubbingSpanProcessor } from './ScrubbingSpanProcessor.ts';
import type { TracingConfig } from './tracingConfigFromEnv.ts';

/** Requests that are not a client's: probes and scrapes, which would only add noise and cost. */
const unTracedPaths = /^\/(health|ready|metrics)(\/|\?|$)/;

/** The modules the instrumentations patch, for the ESM loader hook to intercept (register.ts). */
export const instrumentedModules = ['pg', 'pg-pool', 'graphql', 'dataloader', 'http', 'https'];

/**
 * The official instrumentations this graph is traced with (ADR 0013): the HTTP server (a
 * request's root span, and the W3C `traceparent` a subgraph continues), Node's fetch (the
 * gateway's subgraph requests, which carry `traceparent` next to the signed identity), pg (each
 * SQL statement, without its parameters), graphql (a subgraph's parse and validation; execution
 * and non-trivial resolvers under graphql-js, not under graphql-jit) and dataloader (each batch).
 * Client spans are made only inside a request, so background probes and imports make no root
 * traces.
 */
export function tracingInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => unTracedPaths.test(request.url ?? ''),
      requireParentforOutgoingSpans: true,
    }),
    new UndiciInstrumentation({ requireParentforSpans: true }),
    new PgInstrumentation({
      requireParentSpan: true,
      enhancedDatabaseReporting: false,
      ignoreConnectSpans: true,
    }),
    new GraphQLInstrumentation({
      allowValues: false,
      mergeItems: true,
      ignoreTrivialResolveSpans: true,
    }),
    new DataloaderInstrumentation({ requireParentSpan: true }),
  ];
}

/** A started tracer provider; `shutdown()` exports what is still buffered. */
export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry Node SDK for one process with the exporters of `config`, the span
 * scrubber ahead of them, and the instrumentations of `tracingInstrumentations`. Sampling follows
 * `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG` (default: parent-based, always on).
 * Instrumentations patch modules loaded after this call only: start it before the application's
 * modules are imported (register.ts, or the first import of a test).
 */
export function startTracing(options: {
  service: string;
  config: Extract<TracingConfig, { enabled: true }>;
  /**
   * More span processors after the configured exporters' (a test's in-memory exporter).
   * @default []
   */
  spanProcessors?: SpanProcessor[];
}): Tracing {
  const { service, config } = options;
  const processors: SpanProcessor[] = [new ScrubbingSpanProcessor()];
  for (const name of config.exporters) {
    if (name === 'otlp') processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
    if (name === 'console') processors.push(new SimpleSpanProcessor(new ConsoleSpanExporter()));
    if (name === 'file' && config.file) {
      processors.push(new BatchSpanProcessor(new FileSpanExporter(config.file, service)));
    }
  }
  processors.push(...(options.spanProcessors ?? []));
  const sdk = new NodeSDK({
    serviceName: service,
    spanProcessors: processors,
    instrumentations: tracingInstrumentations(),
    // Traces only: metrics are Prometheus's (/metrics) and logs are pino's JSON lines.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
