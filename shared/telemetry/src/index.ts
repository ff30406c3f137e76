export { createServiceMetrics } from './metrics/createServiceMetrics.ts';
export { databasePoolMetrics, type PoolUse } from './metrics/databasePoolMetrics.ts';
export {
  boundedErrorCode,
  durationBuckets,
  graphqlMetricsPlugin,
  type OperationLabel,
} from './metrics/graphqlMetricsPlugin.ts';
export { dataLoaderBatchSizes, ObservedDataLoader } from './metrics/ObservedDataLoader.ts';
export { type MetricsEndpointOptions, serveMetrics } from './metrics/serveMetrics.ts';
export * from './requestTrace.ts';
export { shutdownTracing } from './shutdownTracing.ts';
export {
  type TraceExporterName,
  type TracingConfig,
  tracingConfigFromEnv,
} from './tracingConfigFromEnv.ts';
