import { collectDefaultMetrics, Registry } from 'prom-client';
import { dataLoaderBatchSizes } from './ObservedDataLoader.ts';

/**
 * A fresh Prometheus registry for one service (the gateway or one subgraph) with Node's process
 * metrics (CPU, memory, event-loop lag, garbage collection), the DataLoader batch sizes, and a
 * `service` label on every series.
 * One registry per service rather than prom-client's global one: tests run the gateway and the
 * four subgraphs in one process, each with its own `/metrics`.
 */
export function createServiceMetrics(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  registry.registerMetric(dataLoaderBatchSizes);
  return registry;
}
