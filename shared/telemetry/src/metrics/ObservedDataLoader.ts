import DataLoader from 'dataloader';
import { Histogram } from 'prom-client';

/**
 * `dataloader_batch_size{loader}`: keys per batch of each loader. One histogram per process,
 * which createServiceMetrics adds to the service's registry (a process is one subgraph; tests
 * that run several in one process see every loader in each subgraph's /metrics).
 */
export const dataLoaderBatchSizes = new Histogram({
  name: 'dataloader_batch_size',
  help: 'Keys per DataLoader batch (one SQL statement per batch), by loader.',
  labelNames: ['loader'],
  buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000],
  registers: [],
});

/**
 * A DataLoader whose batches are counted by size under `loader` (the factory that makes it,
 * e.g. `staffingSummaryByUnit`): the measure of whether a resolver batches (one batch of 130
 * keys for Nghệ An's communes) or falls back to one key at a time.
 */
export class ObservedDataLoader<K, V, C = K> extends DataLoader<K, V, C> {
  constructor(
    loader: string,
    batchLoadFn: DataLoader.BatchLoadFn<K, V>,
    options?: DataLoader.Options<K, V, C>,
  ) {
    super((keys) => {
      dataLoaderBatchSizes.observe({ loader }, keys.length);
      return batchLoadFn(keys);
    }, options);
  }
}
