import { isAbsolute, join, resolve } from 'node:path';

/** Where finished spans go: an OTLP collector, standard error, or a file of JSON lines. */
export type TraceExporterName = 'otlp' | 'console' | 'file';

/** Whether this process traces, and where its spans go. */
export type TracingConfig =
  | { enabled: false }
  | {
      enabled: true;
      exporters: TraceExporterName[];
      /** The JSON-lines file of the `file` exporter. */
      file?: string;
    };

/**
 * Reads the standard OpenTelemetry variables (docs/operations.md#traces). Tracing is on when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, exporting OTLP,
 * or when `OTEL_TRACES_EXPORTER` names exporters (`otlp`, `console`, `file`; `file` writes to
 * `OTEL_TRACES_FILE`, else `<dataRoot>/traces/<service>.jsonl`). Nothing set, `OTEL_SDK_DISABLED=true`
 * or `OTEL_TRACES_EXPORTER=none` leaves it off: no SDK is loaded. Sampling is read by the SDK
 * itself (`OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG`). Throws on an exporter it cannot build.
 */
export function tracingConfigFromEnv(
  env: NodeJS.ProcessEnv,
  options: { service: string; dataRoot: string },
): TracingConfig {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return { enabled: false };
  const named = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  // Unlike the SDK's default (OTLP to localhost:4318 whenever it is loaded), nothing configured
  // means nothing started: a process that nobody collects from pays nothing for tracing.
  const exporters = named.length > 0 ? named : endpoint ? ['otlp'] : [];
  if (exporters.length === 0 || exporters.includes('none')) return { enabled: false };
  for (const name of exporters) {
    if (name !== 'otlp' && name !== 'console' && name !== 'file') {
      throw new Error(
        `OTEL_TRACES_EXPORTER: unknown exporter "${name}" (expected otlp, console, file or none)`,
      );
    }
  }
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (exporters.includes('otlp') && protocol && protocol !== 'http/protobuf') {
    throw new Error(
      `OTEL_EXPORTER_OTLP_PROTOCOL: only http/protobuf is supported, not "${protocol}"`,
    );
  }
  const file = env.OTEL_TRACES_FILE
    ? isAbsolute(env.OTEL_TRACES_FILE)
      ? env.OTEL_TRACES_FILE
      : resolve(env.OTEL_TRACES_FILE)
    : join(options.dataRoot, 'traces', `${options.service}.jsonl`);
  return {
    enabled: true,
    exporters: exporters as TraceExporterName[],
    ...(exporters.includes('file') ? { file } : {}),
  };
}
