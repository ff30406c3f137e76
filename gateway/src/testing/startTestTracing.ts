import { startTracing } from '@home-affairs/telemetry/tracing';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Starts tracing in this test process, exporting every span to memory (and nowhere else), with
 * the instrumentations and the span scrubber the graph's processes use. Import this module before
 * any other: the instrumentations patch only the modules loaded after it.
 */
export const testSpans = new InMemorySpanExporter();

export const testTracing = startTracing({
  service: 'graph-test',
  config: { enabled: true, exporters: [] },
  spanProcessors: [new SimpleSpanProcessor(testSpans)],
});
