export {
  currentTraceId,
  traceIdOfTraceparent,
  traceRequests,
  untracedPropagationHeaders,
} from './requestTrace.ts';
export { shutdownTracing } from './shutdownTracing.ts';
export {
  type TraceExporterName,
  type TracingConfig,
  tracingConfigFromEnv,
} from './tracingConfigFromEnv.ts';
